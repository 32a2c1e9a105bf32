import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import type { PairRequest, PairResponse } from '../../shared/api.ts';
import type { AppEnv } from '../app-env.ts';
import { clientOf } from '../auth/auth-throttle.ts';
import { newKioskToken } from '../auth/kiosk-token.ts';
import { ApiError, apiErrorOf, isFailure } from '../errors.ts';
import { kioskObject } from '../objects.ts';
import { claimPairingCode, normalizePairingCode, releasePairingCode, type ClaimedCode } from '../pairing/pairing-codes.ts';
import { valid } from '../validation.ts';

const pairBody = z.strictObject({ code: z.string().max(32) }) satisfies z.ZodType<PairRequest>;

/** Every try counts, valid or not: at 30 a minute per client (wrangler.toml), no code can be found by guessing. */
const limitTries = createMiddleware<AppEnv>(async (c, next) => {
  const { success } = await c.env.PAIRING_RATE_LIMITER.limit({ key: clientOf(c) });
  if (!success) {
    throw new ApiError(429, 'too_many_attempts', 'Too many pairing attempts. Please wait a minute and try again.', { 'Retry-After': '60' });
  }
  await next();
});

function problemError(problem: Extract<ClaimedCode, { problem: string }>['problem']): ApiError {
  switch (problem) {
    case 'unknown':
      return new ApiError(404, 'pairing_code_unknown', 'That pairing code is not known. Check it, or ask for a new one.');
    case 'used':
      return new ApiError(410, 'pairing_code_used', 'That pairing code was already used. Ask for a new one.');
    case 'expired':
      return new ApiError(410, 'pairing_code_expired', 'That pairing code has expired. Ask for a new one.');
  }
}

/**
 * A tablet exchanges the code the console showed for its kiosk's token. The kiosk's own object issues a fresh
 * token, as a rotation does: the tablet that had the kiosk's token before is signed out.
 */
export const pairingRoutes = new Hono<AppEnv>().post('/', limitTries, valid('json', pairBody), async (c) => {
  const code = normalizePairingCode(c.req.valid('json').code);
  if (!code) throw new ApiError(400, 'invalid_pairing_code', 'A pairing code has 8 letters and digits, like ABCD-EF23');
  const claimed = await claimPairingCode(c.env.DB, code, Date.now());
  if ('problem' in claimed) throw problemError(claimed.problem);
  const { token, tokenHash } = await newKioskToken(claimed.kioskId);
  const paired = await kioskObject(c.env, claimed.kioskId)
    .pairTablet(tokenHash, claimed.issuedAt)
    .catch(async (err: unknown) => {
      // The kiosk's object could not be asked: the code is given back, to be tried again.
      await releasePairingCode(c.env.DB, code);
      throw err;
    });
  // Refused (disabled, or rotated since the code was given): the code stays used, so no later enable revives it.
  if (isFailure(paired)) throw apiErrorOf(paired);
  return c.json({ kioskId: claimed.kioskId, token } satisfies PairResponse, 200);
});
