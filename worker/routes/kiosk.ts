import { Hono } from 'hono';
import type { CatalogResponse, ConnectionTokenResponse, KioskConfigResponse } from '../../shared/api.ts';
import type { AppEnv } from '../app-env.ts';
import { catalogFor } from '../catalog.ts';
import { stripeMode } from '../config.ts';
import { rateLimitPerKiosk } from '../middleware/rate-limit.ts';
import { stripeClient } from '../stripe-client.ts';

/** What a paired kiosk needs to start: its configuration, its menu, and connection tokens for its readers. */
export const kioskRoutes = new Hono<AppEnv>()
  .get('/kiosk', (c) => {
    const kiosk = c.var.kiosk;
    return c.json(
      {
        kioskId: kiosk.id,
        name: kiosk.name,
        mode: stripeMode(c.env),
        currency: kiosk.currency,
        language: kiosk.language,
        locationId: kiosk.locationId,
      } satisfies KioskConfigResponse,
      200,
    );
  })
  .get('/catalog', (c) => c.json(catalogFor(c.var.kiosk.currency) satisfies CatalogResponse, 200))
  .post('/connection-token', rateLimitPerKiosk((env) => env.TOKEN_RATE_LIMITER, 60), async (c) => {
    // Scoped to the kiosk's Location: the token reaches only that store's readers. Never cached: single use.
    const token = await stripeClient(c.env).terminal.connectionTokens.create({ location: c.var.kiosk.locationId });
    return c.json({ secret: token.secret } satisfies ConnectionTokenResponse, 200);
  });
