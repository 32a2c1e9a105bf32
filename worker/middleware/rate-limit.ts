import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';

/** Per-kiosk rate limit with a Workers rate-limiting binding (Miniflare runs the same binding locally). */
export const rateLimitPerKiosk = (pick: (env: Env) => RateLimit, periodSeconds: number) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const { success } = await pick(c.env).limit({ key: c.var.kiosk.id });
    if (!success) {
      throw new ApiError(429, 'rate_limited', 'Too many requests from this kiosk. Please wait a moment.', {
        'Retry-After': String(periodSeconds),
      });
    }
    await next();
  });
