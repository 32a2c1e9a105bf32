import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { accountRegion, type AccountRegion } from '../../kiosks/account-region.ts';

/**
 * Operators: where this Stripe account takes in-person payments. The console's menu editor prices items only in its
 * `currency`, the one Terminal takes (a price in another is refused).
 */
export const adminAccountRoutes = new Hono<AppEnv>().get('/', async (c) => c.json((await accountRegion(c.env)) satisfies AccountRegion, 200));
