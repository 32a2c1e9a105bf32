import { Hono } from 'hono';
import { allowOnly } from '../http/params.ts';
import { resourceMissing } from '../http/stripe-error.ts';
import { sendObject, type SimEnv } from '../http/wire.ts';

/** The card_present PaymentMethods readers create when a card is presented. */
export const paymentMethodRoutes = new Hono<SimEnv>().get('/:id', (c) => {
  allowOnly(c.env.params, []);
  const pm = c.env.sim.store.get('payment_method', c.req.param('id'));
  if (!pm) throw resourceMissing('payment_method', 'payment_method', c.req.param('id'));
  return sendObject(c, pm);
});
