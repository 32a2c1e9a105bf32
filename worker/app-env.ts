import type { Kiosk } from './durable-objects/kiosk-registry.ts';

/** Hono typing shared by every route: the worker's bindings and what the middleware puts on the context. */
export type AppEnv = { Bindings: Env; Variables: { kiosk: Kiosk } };
