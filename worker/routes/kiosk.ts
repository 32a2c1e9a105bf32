import { Hono, type Context } from 'hono';
import type { CatalogResponse, ConnectionTokenResponse, HeartbeatRequest, KioskConfigResponse, KioskView } from '../../shared/api.ts';
import { z } from 'zod';
import { noFields, valid } from '../validation.ts';
import type { AppEnv } from '../app-env.ts';
import { stripeMode } from '../config.ts';
import { kioskAnswer, kioskChecked } from '../middleware/kiosk-auth.ts';
import { kioskObject } from '../objects.ts';
import { stripeClient } from '../stripe-client.ts';

/** The kiosk this request's token belongs to, as its own object says (the one object these routes touch). */
export async function authenticatedKiosk<E extends AppEnv>(c: Context<E>): Promise<KioskView> {
  const credential = c.var.credential;
  return (await kioskAnswer(c, kioskObject(c.env, credential.kioskId).authenticate(credential))).kiosk;
}

const heartbeatBody = z.strictObject({ reader: z.enum(['connected', 'disconnected']).optional() }) satisfies z.ZodType<HeartbeatRequest>;

const configOf = (env: Env, kiosk: KioskView): KioskConfigResponse => ({
  kioskId: kiosk.id,
  name: kiosk.name,
  mode: stripeMode(env),
  currency: kiosk.currency,
  language: kiosk.language,
  languages: kiosk.languages,
  timeZone: kiosk.timeZone,
  askServiceMode: kiosk.askServiceMode,
  locationId: kiosk.locationId,
  readerMode: kiosk.readerMode,
  readerId: kiosk.readerId,
});

/** What a paired kiosk needs to start: its configuration, its menu, and connection tokens for its readers. */
export const kioskRoutes = new Hono<AppEnv>()
  .get('/kiosk', async (c) => c.json(configOf(c.env, await authenticatedKiosk(c)), 200))
  // Every half minute while it runs: the kiosk is online (for operators), and it learns its configuration's changes.
  .post('/kiosk/heartbeat', kioskChecked(valid('json', heartbeatBody)), async (c) => {
    const { credential } = c.var;
    const { reader } = c.req.valid('json');
    const { kiosk } = await kioskAnswer(c, kioskObject(c.env, credential.kioskId).heartbeat(credential, reader));
    return c.json(configOf(c.env, kiosk), 200);
  })
  .get('/catalog', async (c) => {
    const { credential } = c.var;
    const { menu } = await kioskAnswer(c, kioskObject(c.env, credential.kioskId).catalog(credential));
    return c.json(menu satisfies CatalogResponse, 200);
  })
  .post('/connection-token', kioskChecked(noFields('connection-token')), async (c) => {
    const { credential } = c.var;
    const { kiosk } = await kioskAnswer(c, kioskObject(c.env, credential.kioskId).spend(credential, 'connectionTokens'));
    // Scoped to the kiosk's Location: the token reaches only that store's readers. Never cached: single use.
    const token = await stripeClient(c.env).terminal.connectionTokens.create({ location: kiosk.locationId });
    return c.json({ secret: token.secret } satisfies ConnectionTokenResponse, 200);
  });
