import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { stripeMode } from '../config.ts';
import { ApiError } from '../errors.ts';
import { SIMULATOR_OBJECT_NAME } from '../stripe-client.ts';

/**
 * Stripe's wire API at /v1, answered by the embedded simulator, so any Stripe client library can be pointed at
 * http://localhost:8787. Outside simulated mode this route does not exist: 404 `not_found` in the one error envelope,
 * as `/api/simulated-reader` answers, so a Stripe client pointed here by mistake reads why.
 */
export const stripeSimulatorRoutes = new Hono<AppEnv>().all('/*', async (c) => {
  if (stripeMode(c.env) !== 'simulated') throw new ApiError(404, 'not_found', 'The Stripe simulator exists only in simulated mode');
  return c.env.STRIPE_SIMULATOR.getByName(SIMULATOR_OBJECT_NAME).fetch(c.req.raw);
});
