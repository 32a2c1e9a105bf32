import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import { authFailure, refuseThrottledClient } from '../auth/auth-throttle.ts';
import { adminToken } from '../config.ts';
import { ApiError } from '../errors.ts';
import { bearerToken } from './kiosk-auth.ts';

/** Compares secrets in constant time (over their digests, so their lengths do not leak either). */
async function sameSecret(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([a, b].map((t) => crypto.subtle.digest('SHA-256', new TextEncoder().encode(t))));
  return crypto.subtle.timingSafeEqual(x!, y!);
}

/** Operator routes: the admin bearer token. Wrong tokens are counted per client and throttled. */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  refuseThrottledClient(c);
  let token: string | null;
  try {
    token = bearerToken(c.req.header('Authorization'));
  } catch (err) {
    throw await authFailure(c, err as ApiError);
  }
  if (!token) throw new ApiError(401, 'unauthorized', 'An admin token is required');
  const expected = adminToken(c.env);
  if (!expected || !(await sameSecret(token, expected))) {
    throw await authFailure(c, new ApiError(401, 'unauthorized', 'This admin token is not valid'));
  }
  await next();
});
