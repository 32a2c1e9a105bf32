import { Hono } from 'hono';
import { listOptions } from '../list-params.ts';
import { allowOnly, optionalString } from '../params.ts';
import { resourceMissing } from '../stripe-error.ts';
import { LIST_PARAMS, sendList, sendObject, type SimEnv } from '../wire.ts';

export const chargeRoutes = new Hono<SimEnv>()
  .get('/', (c) => {
    allowOnly(c.env.params, [...LIST_PARAMS, 'payment_intent', 'customer']);
    const paymentIntent = optionalString(c.env.params, 'payment_intent');
    return sendList(
      c,
      c.env.sim.store.list('charge', '/v1/charges', {
        ...listOptions(c.env.params),
        where: (charge) => !paymentIntent || charge.payment_intent === paymentIntent,
      }),
    );
  })
  .get('/:id', (c) => {
    const charge = c.env.sim.store.get('charge', c.req.param('id'));
    if (!charge) throw resourceMissing('charge', 'charge', c.req.param('id'));
    return sendObject(c, charge);
  });
