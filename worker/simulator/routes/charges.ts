import { Hono } from 'hono';
import { fieldFilters, listPage } from '../http/list-params.ts';
import { allowOnly } from '../http/params.ts';
import { resourceMissing, searchNotSimulated } from '../http/stripe-error.ts';
import { LIST_PARAMS, sendList, sendObject, type SimEnv } from '../http/wire.ts';

export const chargeRoutes = new Hono<SimEnv>()
  .get('/', (c) => {
    allowOnly(c.env.params, [...LIST_PARAMS, 'payment_intent', 'customer', 'transfer_group']);
    return sendList(c, listPage(c, 'charge', '/v1/charges', fieldFilters(c.env.params, ['payment_intent', 'customer', 'transfer_group'])));
  })
  .get('/search', (c) => {
    throw searchNotSimulated(c.req.method, '/v1/charges/search');
  })
  .get('/:id', (c) => {
    allowOnly(c.env.params, []);
    const charge = c.env.sim.store.get('charge', c.req.param('id'));
    if (!charge) throw resourceMissing('charge', 'charge', c.req.param('id'));
    return sendObject(c, charge);
  });
