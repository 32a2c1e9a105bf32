import { Hono } from 'hono';
import { allowOnly, optionalString } from '../http/params.ts';
import { sendJson, type SimEnv } from '../http/wire.ts';
import { findLocation } from '../models/location.ts';
import { randomId } from '../stores/object-store.ts';

export const connectionTokenRoutes = new Hono<SimEnv>().post('/', (c) => {
  allowOnly(c.env.params, ['location']);
  const location = optionalString(c.env.params, 'location');
  if (location) findLocation(c.env.sim, location);
  return sendJson({
    object: 'terminal.connection_token',
    ...(location ? { location } : {}),
    secret: `pst_test_${randomId('x', 40).slice(2)}`,
  });
});
