import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';

/**
 * Every API answer says the worker's time, in RFC 9110's `Date` (workerd adds none): a kiosk tablet's own clock is
 * often minutes off, and a session's `expiresAt` is the worker's time, so the kiosk compares it with the worker's now.
 */
export const serverDate = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (c.res.status === 101) return;
  // An object's answer has immutable headers: copy it to set one.
  c.res = new Response(c.res.body, c.res);
  c.res.headers.set('Date', new Date().toUTCString());
});
