import type { AdminIdentity } from '../shared/api.ts';
import type { KioskCredential } from './auth/kiosk-token.ts';

/** Hono typing shared by every route: the worker's bindings and what the middleware puts on the context. */
export type AppEnv = { Bindings: Env; Variables: { credential: KioskCredential; admin: AdminIdentity } };
