import { Hono } from 'hono';
import { listOptions } from '../list-params.ts';
import { allowOnly, optionalEnum, optionalInteger, optionalMetadata, optionalString } from '../params.ts';
import type { PaymentIntent } from '../payments.ts';
import { mergeMetadata } from '../metadata.ts';
import { createRefund, type Refund } from '../refunds.ts';
import { invalidParam, resourceMissing, StripeApiError } from '../stripe-error.ts';
import { LIST_PARAMS, sendList, sendObject, type SimContext, type SimEnv } from '../wire.ts';
import { findPaymentIntent } from './payment-intents.ts';

const REFUND_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;

function findRefund(c: SimContext, id: string) {
  const refund = c.env.sim.store.get<Refund>('refund', id);
  if (!refund) throw resourceMissing('refund', 'refund', id);
  return refund;
}

/** The charge a refund request is about: given directly, or the latest charge of a succeeded PaymentIntent. */
function chargeToRefund(c: SimContext) {
  const chargeId = optionalString(c.env.params, 'charge');
  const paymentIntentId = optionalString(c.env.params, 'payment_intent');
  if (chargeId && paymentIntentId) {
    throw invalidParam('payment_intent', 'You can only specify one of these parameters: charge, payment_intent.');
  }
  if (chargeId) {
    const charge = c.env.sim.store.get('charge', chargeId);
    if (!charge) throw resourceMissing('charge', 'charge', chargeId);
    return charge;
  }
  if (!paymentIntentId) {
    throw new StripeApiError(
      400,
      { type: 'invalid_request_error', code: 'parameter_missing', param: 'charge' },
      'One of the following params should be provided for this request: payment_intent or charge.',
    );
  }
  const pi: PaymentIntent = findPaymentIntent(c, paymentIntentId, 'payment_intent');
  const charge = pi.latest_charge ? c.env.sim.store.get('charge', pi.latest_charge) : null;
  if (pi.status !== 'succeeded' || !charge) {
    throw new StripeApiError(
      400,
      { type: 'invalid_request_error', code: 'charge_not_refundable', param: 'payment_intent' },
      `This PaymentIntent (${pi.id}) does not have a successful charge to refund.`,
    );
  }
  return charge;
}

export const refundRoutes = new Hono<SimEnv>()
  .post('/', (c) => {
    const params = c.env.params;
    allowOnly(params, ['charge', 'payment_intent', 'amount', 'reason', 'metadata', 'instructions_email']);
    const refund = createRefund(c.env.sim, chargeToRefund(c), {
      amount: optionalInteger(params, 'amount', 1),
      reason: optionalEnum(params, 'reason', REFUND_REASONS),
      metadata: optionalMetadata(params),
    });
    return sendObject(c, refund);
  })
  .get('/', (c) => {
    const params = c.env.params;
    allowOnly(params, [...LIST_PARAMS, 'charge', 'payment_intent']);
    const charge = optionalString(params, 'charge');
    const paymentIntent = optionalString(params, 'payment_intent');
    return sendList(
      c,
      c.env.sim.store.list('refund', '/v1/refunds', {
        ...listOptions(params),
        where: (r) => (!charge || r.charge === charge) && (!paymentIntent || r.payment_intent === paymentIntent),
      }),
    );
  })
  .get('/:id', (c) => sendObject(c, findRefund(c, c.req.param('id'))))
  .post('/:id', (c) => {
    allowOnly(c.env.params, ['metadata']);
    const refund = findRefund(c, c.req.param('id'));
    const updated: Refund = { ...refund, metadata: mergeMetadata(refund.metadata, optionalMetadata(c.env.params)) };
    c.env.sim.store.put(updated);
    c.env.sim.emit('refund.updated', updated, { metadata: refund.metadata });
    return sendObject(c, updated);
  });
