import type { Context, Env as HonoEnv, Input, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import { authFailure, isAuthFailure, refuseThrottledClient } from '../auth/auth-throttle.ts';
import { parseKioskToken, upgradedToken, type KioskCredential } from '../auth/kiosk-token.ts';
import { ApiError, apiErrorOf, isFailure, type Failure } from '../errors.ts';
import { kioskObject, legacyRegistry } from '../objects.ts';

const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message);

/**
 * The bearer token of an Authorization header; a header that is not `Bearer <token>` is a 401 like a wrong token. The
 * scheme is read in any case (`bearer`, `BEARER`), as RFC 9110 §11.1 says; the token itself is compared as sent.
 */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer +([\x21-\x7e]+) *$/i.exec(header);
  if (!match) throw unauthorized('The Authorization header must be "Bearer <token>"');
  return match[1]!;
}

/**
 * A kiosk token from before tokens named their kiosk: found once in the pre-upgrade registry, its kiosk adopted by
 * its own object, and the tablet handed the same secret in the new form (`Kiosk-Token`) so it never needs this again.
 */
async function legacyCredential(c: Context<AppEnv>, tokenHash: string, secret: string): Promise<KioskCredential | null> {
  const legacy = await legacyRegistry(c.env).legacyKiosk(tokenHash);
  if (!legacy) return null;
  await kioskObject(c.env, legacy.id).adoptLegacy(legacy);
  c.header('Kiosk-Token', upgradedToken(legacy.id, secret));
  return { kioskId: legacy.id, tokenHash, legacyHash: tokenHash };
}

/**
 * Every kiosk route: reads the kiosk's token without any lookup (it names its kiosk) and leaves checking it to the one
 * object the route talks to, the kiosk's or the checkout's. Wrong tokens are counted per client and throttled.
 */
export const requireKiosk = createMiddleware<AppEnv>(async (c, next) => {
  refuseThrottledClient(c);
  let token: string | null;
  try {
    token = bearerToken(c.req.header('Authorization'));
  } catch (err) {
    throw await authFailure(c, err as ApiError);
  }
  if (!token) throw unauthorized('A kiosk token is required (Authorization: Bearer ...)');
  const parsed = await parseKioskToken(token, c.env);
  const credential =
    parsed?.kind === 'kiosk' ? parsed.credential : parsed?.kind === 'legacy' ? await legacyCredential(c, parsed.tokenHash, parsed.secret) : null;
  if (!credential) throw await authFailure(c, unauthorized('This kiosk token is not valid'));
  c.set('credential', credential);
  await next();
});

/**
 * Unwraps a kiosk-facing object's answer; a wrong token (or another kiosk's session) counts against the client. Any
 * route's context will do: routes that add variables of their own still carry the kiosk's.
 */
export async function kioskAnswer<E extends AppEnv, R>(c: Context<E>, answer: R): Promise<Exclude<Awaited<R>, { ok: false }>> {
  const result = (await answer) as Awaited<R> | Failure;
  if (!isFailure(result)) return result as Exclude<Awaited<R>, { ok: false }>;
  throw isAuthFailure(result) ? await authFailure(c as unknown as Context<AppEnv>, result) : apiErrorOf(result);
}

/**
 * A kiosk route's check of what was sent (`valid(...)`, `noFields(...)`), whose refusal waits until the token is known
 * good: a forged, rotated-away or disabled kiosk's token gets its 401 or 403 (a failed sign-in counted) whatever it
 * sent, as on the reader routes. Only a refused request asks the kiosk's object: an accepted one goes on to the one
 * object its route addresses, which checks the token itself.
 */
export const kioskChecked =
  <E extends HonoEnv, P extends string, I extends Input>(check: MiddlewareHandler<E, P, I>): MiddlewareHandler<E, P, I> =>
  async (c, next) => {
    let passed = false;
    try {
      return await check(c, async () => {
        passed = true;
        await next();
      });
    } catch (err) {
      if (passed) throw err;
      const kiosk = c as unknown as Context<AppEnv>;
      const { credential } = kiosk.var;
      await kioskAnswer(kiosk, kioskObject(kiosk.env, credential.kioskId).authenticate(credential));
      throw err;
    }
  };
