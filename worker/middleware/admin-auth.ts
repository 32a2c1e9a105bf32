import { bearerAuth } from 'hono/bearer-auth';
import { adminToken } from '../config.ts';

const envelope = (code: string, message: string) => ({ error: { code, message } });

/** Operator routes: the admin bearer token (compared in constant time by Hono). */
export const requireAdmin = bearerAuth({
  noAuthenticationHeader: { message: envelope('unauthorized', 'An admin token is required') },
  invalidAuthenticationHeader: { message: envelope('unauthorized', 'The Authorization header is not a bearer token') },
  invalidToken: { message: envelope('unauthorized', 'This admin token is not valid') },
  verifyToken: async (token, c) => {
    const expected = adminToken(c.env as Env);
    if (!expected) return false;
    const [a, b] = await Promise.all([token, expected].map((t) => crypto.subtle.digest('SHA-256', new TextEncoder().encode(t))));
    return crypto.subtle.timingSafeEqual(a!, b!);
  },
});
