import { Hono } from 'hono';
import { listPage } from '../http/list-params.ts';
import { allowOnly, optionalString } from '../http/params.ts';
import { resourceMissing } from '../http/stripe-error.ts';
import { LIST_PARAMS, sendList, sendObject, type SimEnv } from '../http/wire.ts';

export const chargeRoutes = new Hono<SimEnv>()
  .get('/', (c) => {
    allowOnly(c.env.params, [...LIST_PARAMS, 'payment_intent', 'customer']);
    const paymentIntent = optionalString(c.env.params, 'payment_intent');
    return sendList(c, listPage(c, 'charge', '/v1/charges', (charge) => !paymentIntent || charge.payment_intent === paymentIntent));
  })
  .get('/:id', (c) => {
    const charge = c.env.sim.store.get('charge', c.req.param('id'));
    if (!charge) throw resourceMissing('charge', 'charge', c.req.param('id'));
    return sendObject(c, charge);
  });
