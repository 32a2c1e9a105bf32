import { bearerAuth } from 'hono/bearer-auth';
import type { Context } from 'hono';
import { SUPPORTED_CURRENCIES } from '../catalog.ts';
import { devKioskToken, stripeMode } from '../config.ts';
import type { Kiosk, KioskRegistry } from '../durable-objects/kiosk-registry.ts';
import { ApiError } from '../errors.ts';
import type { AppEnv } from '../app-env.ts';
import { provisionLocation } from '../kiosk-provisioning.ts';

export const registry = (env: Env): DurableObjectStub<KioskRegistry> => env.KIOSK_REGISTRY.getByName('fleet');

export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const envelope = (code: string, message: string) => ({ error: { code, message } });

const DEV_KIOSK_ID = 'dev-kiosk';

/** Simulated mode only: the ready-made kiosk that `npm start` pairs with, created on its first request. */
async function ensureDevKiosk(env: Env, tokenHash: string): Promise<Kiosk> {
  const currency = env.DEFAULT_CURRENCY.toLowerCase();
  const locationId = await provisionLocation(env, DEV_KIOSK_ID, 'Development kiosk');
  return registry(env).provision({
    id: DEV_KIOSK_ID,
    name: 'Development kiosk',
    tokenHash,
    locationId,
    currency: (SUPPORTED_CURRENCIES as readonly string[]).includes(currency) ? currency : 'usd',
    language: env.DEFAULT_LANGUAGE === 'ko' ? 'ko' : 'en',
  });
}

/** Every kiosk route: a kiosk's own bearer token, checked against its stored hash on every request. */
export const requireKiosk = bearerAuth<AppEnv>({
  noAuthenticationHeader: { message: envelope('unauthorized', 'A kiosk token is required (Authorization: Bearer ...)') },
  invalidAuthenticationHeader: { message: envelope('unauthorized', 'The Authorization header is not a bearer token') },
  invalidToken: { message: envelope('unauthorized', 'This kiosk token is not valid') },
  verifyToken: async (token, c: Context<AppEnv>) => {
    const tokenHash = await hashToken(token);
    const simulated = stripeMode(c.env) === 'simulated';
    let kiosk = (await registry(c.env).authenticate(tokenHash)) as Kiosk | null;
    if (!kiosk && simulated && token === devKioskToken(c.env)) {
      kiosk = (await ensureDevKiosk(c.env, tokenHash)) as Kiosk;
    }
    // The development kiosk's token is public: once a real key is configured, the kiosk left from simulated runs is dead.
    if (!kiosk || (kiosk.id === DEV_KIOSK_ID && !simulated)) return false;
    if (kiosk.disabled) throw new ApiError(403, 'kiosk_disabled', 'This kiosk has been disabled by an operator');
    c.set('kiosk', kiosk);
    return true;
  },
});
