import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './app-env.ts';
import { assertUsableConfig, stripeMode } from './config.ts';
import { ApiError, errorResponse } from './errors.ts';
import { requireKiosk } from './middleware/kiosk-auth.ts';
import { kioskCors, noStore, securityHeaders } from './middleware/security.ts';
import { adminRoutes } from './routes/admin/index.ts';
import { healthRoutes } from './routes/health.ts';
import { kioskRoutes } from './routes/kiosk.ts';
import { liveChannelRoutes, sessionRoutes } from './routes/sessions.ts';
import { simulatedReaderRoutes } from './routes/simulated-reader.ts';
import { stripeSimulatorRoutes } from './routes/stripe-simulator.ts';
import { webhookRoutes } from './routes/webhooks.ts';

export { CheckoutSession } from './durable-objects/checkout-session.ts';
export { Kiosk } from './durable-objects/kiosk.ts';
export { KioskRegistry } from './durable-objects/legacy-kiosk-registry.ts';
export { StripeSimulator } from './simulator/stripe-simulator.ts';

/** Kiosk requests are small JSON documents; anything bigger is refused before any work. */
const KIOSK_BODY_LIMIT = 16 * 1024;

const onlySimulated = new Hono<AppEnv>().use(async (c, next) => {
  if (stripeMode(c.env) !== 'simulated') throw new ApiError(404, 'not_found', 'Not found');
  await next();
});

const api = new Hono<AppEnv>()
  .use(noStore)
  .use(kioskCors)
  .route('/webhooks', webhookRoutes)
  .use(
    bodyLimit({
      maxSize: KIOSK_BODY_LIMIT,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', `Request bodies are limited to ${KIOSK_BODY_LIMIT} bytes`);
      },
    }),
  )
  .route('/health', healthRoutes)
  .route('/admin', adminRoutes)
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
  .route('/v1', stripeSimulatorRoutes)
  .all('*', (c) => c.env.ASSETS.fetch(c.req.raw))
  .onError(errorResponse);

/** The worker's routes, for the kiosk's typed client (`hc<AppType>` in pwa/src/api.ts). */
export type AppType = typeof app;

export default app satisfies ExportedHandler<Env>;
