import { Hono } from 'hono';
import type { HealthResponse } from '../../shared/api.ts';
import type { AppEnv } from '../app-env.ts';
import { stripeMode } from '../config.ts';

export const healthRoutes = new Hono<AppEnv>().get('/', (c) =>
  c.json({ ok: true, mode: stripeMode(c.env) } satisfies HealthResponse, 200),
);
