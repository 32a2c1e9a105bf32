import { Hono } from 'hono';
import { fieldFilters, listPage } from '../http/list-params.ts';
import { allowOnly } from '../http/params.ts';
import { resourceMissing, searchNotSimulated } from '../http/stripe-error.ts';
import { LIST_PARAMS, PAGINATION_PARAMS, sendList, sendObject, type SimContext, type SimEnv } from '../http/wire.ts';
import type { StripeObject } from '../stores/object-store.ts';

export const chargeRoutes = new Hono<SimEnv>()
  .get('/', (c) => {
    allowOnly(c.env.params, [...LIST_PARAMS, 'payment_intent', 'customer', 'transfer_group']);
    return sendList(c, listPage(c, 'charge', '/v1/charges', fieldFilters(c.env.params, ['payment_intent', 'customer', 'transfer_group'])));
  })
  .get('/search', (c) => {
    throw searchNotSimulated(c.req.method, '/v1/charges/search');
  })
  .get('/:id', (c) => sendObject(c, findCharge(c, [])))
  // The list an expanded charge's `refunds` names by its `url` (GetChargesChargeRefunds in Stripe's OpenAPI spec).
  .get('/:id/refunds', (c) => {
    const charge = findCharge(c, PAGINATION_PARAMS);
    return sendList(c, listPage(c, 'refund', `/v1/charges/${charge.id}/refunds`, (refund) => refund.charge === charge.id));
  })
  .get('/:id/refunds/:refund', (c) => {
    const charge = findCharge(c, []);
    const refund = c.env.sim.store.get('refund', c.req.param('refund'));
    if (!refund || refund.charge !== charge.id) throw resourceMissing('refund', 'refund', c.req.param('refund'));
    return sendObject(c, refund);
  });

/** The charge a path names, once the request's parameters are checked against those it takes. */
function findCharge(c: SimContext, allowed: readonly string[]): StripeObject {
  allowOnly(c.env.params, allowed);
  const charge = c.env.sim.store.get('charge', c.req.param('id')!);
  if (!charge) throw resourceMissing('charge', 'charge', c.req.param('id')!);
  return charge;
}
