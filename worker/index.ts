import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './app-env.ts';
import { assertUsableConfig, stripeMode } from './config.ts';
import { ApiError, errorResponse } from './errors.ts';
import { JSON_BODY_LIMIT, limitBody } from './middleware/body-limit.ts';
import { requireKiosk } from './middleware/kiosk-auth.ts';
import { authChallenge, kioskCors, noStore, securityHeaders } from './middleware/security.ts';
import { serverDate } from './middleware/server-date.ts';
import { countObjects } from './objects.ts';
import { adminRoutes } from './routes/admin/index.ts';
import { hashedAssetRoutes } from './routes/hashed-assets.ts';
import { healthRoutes } from './routes/health.ts';
import { kioskRoutes } from './routes/kiosk.ts';
import { pairingRoutes } from './routes/pairing.ts';
import { photoRoutes } from './routes/photos.ts';
import { liveChannelRoutes, sessionRoutes } from './routes/sessions.ts';
import { simulatedReaderRoutes } from './routes/simulated-reader.ts';
import { stripeSimulatorRoutes } from './routes/stripe-simulator.ts';
import { webhookRoutes } from './routes/webhooks.ts';

export { CheckoutSession } from './durable-objects/checkout-session.ts';
export { Kiosk } from './durable-objects/kiosk.ts';
export { KioskRegistry } from './durable-objects/legacy-kiosk-registry.ts';
export { StoreFleet } from './durable-objects/store-fleet.ts';
export { StripeSimulator } from './simulator/stripe-simulator.ts';

const onlySimulated = new Hono<AppEnv>().use(async (c, next) => {
  if (stripeMode(c.env) !== 'simulated') throw new ApiError(404, 'not_found', 'Not found');
  await next();
});

/**
 * Simulated mode only (the benchmark reads it): which Durable Objects the worker addressed for this request, e.g.
 * `X-Objects-Touched: KIOSK=1`. Never in a deployment, where it would tell the world about the worker's insides.
 */
const objectsTouched = createMiddleware<AppEnv>(async (c, next) => {
  if (stripeMode(c.env) !== 'simulated') return next();
  let counts = '';
  await countObjects(next, (seen) => (counts = seen));
  if (c.res.status !== 101) {
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set('X-Objects-Touched', counts || 'none');
  }
});

const api = new Hono<AppEnv>()
  .use(objectsTouched)
  .use(authChallenge)
  .use(noStore)
  .use(serverDate)
  .use(kioskCors)
  .route('/webhooks', webhookRoutes)
  // Operators' routes limit their own bodies: a menu photo is bigger than any JSON request.
  .route('/admin', adminRoutes)
  .use(limitBody(JSON_BODY_LIMIT))
  .route('/health', healthRoutes)
  // A tablet pairs before it has a kiosk token; the live channel's WebSocket carries a ticket instead of one.
  .route('/pair', pairingRoutes)
  .route('/sessions', liveChannelRoutes)
  .use('*', requireKiosk)
  .route('/', kioskRoutes)
  .route('/sessions', sessionRoutes)
  .route('/simulated-reader', onlySimulated.route('/', simulatedReaderRoutes))
  .all('*', () => {
    throw new ApiError(404, 'not_found', 'No such API route');
  });

const app = new Hono<AppEnv>()
  .use(securityHeaders)
  .use(async (c, next) => {
    // Refuse to run at all with a dangerous configuration (no key outside simulated mode, weak secrets...).
    assertUsableConfig(c.env);
    await next();
  })
  .route('/api', api)
  // Menu photos: public, and cached for good (their content hash is their name).
  .route('/photos', photoRoutes)
  .route('/v1', stripeSimulatorRoutes)
  .route('/assets', hashedAssetRoutes)
  // The operators' console is a single-page app of its own: every address under /admin loads its page, not the kiosk's.
  .get('/admin/*', (c) => c.env.ASSETS.fetch(new Request(new URL('/admin', c.req.url), c.req.raw)))
  .all('*', (c) => c.env.ASSETS.fetch(c.req.raw))
  .onError(errorResponse);

/** The worker's routes, for the kiosk's typed client (`hc<AppType>` in pwa/src/api.ts). */
export type AppType = typeof app;

export default app satisfies ExportedHandler<Env>;
