import { Hono } from 'hono';
import { allowOnly } from '../http/params.ts';
import { sendObject, type SimEnv } from '../http/wire.ts';
import { accountObject } from '../models/account.ts';

/** `GET /v1/account`: the simulated account (its country decides where Terminal payments work). */
export const accountRoutes = new Hono<SimEnv>().get('/', (c) => {
  allowOnly(c.env.params, []);
  return sendObject(c, accountObject(c.env.sim));
});
