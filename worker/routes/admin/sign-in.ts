import { Hono } from 'hono';
import { z } from 'zod';
import type { AdminIdentity, AdminLoginRequest } from '../../../shared/api.ts';
import type { AppEnv } from '../../app-env.ts';
import { authFailure } from '../../auth/auth-throttle.ts';
import { endSession, startSession } from '../../auth/console-session.ts';
import { adminToken } from '../../config.ts';
import { ApiError } from '../../errors.ts';
import { storeFleetObject } from '../../objects.ts';
import {
  clearConsoleCookie,
  consoleSessionOf,
  refuseCrossSite,
  sameSecret,
  setConsoleCookie,
} from '../../middleware/admin-auth.ts';
import { valid } from '../../validation.ts';

const loginBody = z.strictObject({ token: z.string().min(1).max(512) }) satisfies z.ZodType<AdminLoginRequest>;

/**
 * The console's sign-in with the admin token: a session cookie instead of a token kept in the page. Mounted before
 * the admin routes' own check (these routes are how a console gets its cookie); a wrong token counts as a failed
 * sign-in, and neither route may be called from another site's page.
 */
export const adminSignInRoutes = new Hono<AppEnv>()
  .post('/login', valid('json', loginBody), async (c) => {
    refuseCrossSite(c);
    const expected = adminToken(c.env);
    if (!expected || !(await sameSecret(c.req.valid('json').token, expected))) {
      throw await authFailure(c, new ApiError(401, 'unauthorized', 'This admin token is not valid'));
    }
    const session = await startSession(expected);
    setConsoleCookie(c, session.cookie);
    return c.json({ via: 'cookie', email: null, expiresAt: session.expiresAt } satisfies AdminIdentity, 200);
  })
  .post('/logout', async (c) => {
    refuseCrossSite(c);
    const session = await consoleSessionOf(c);
    if (session) {
      const stores = await endSession(c.env.DB, session);
      // A store that cannot be told now still closes the socket when the sign-in expires.
      await Promise.allSettled(stores.map((locationId) => storeFleetObject(c.env, locationId).signedOut(session.sessionId)));
    }
    clearConsoleCookie(c);
    return c.json({ signedOut: true }, 200);
  });
