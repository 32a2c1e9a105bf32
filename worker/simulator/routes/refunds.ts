import { Hono } from 'hono';
import { listPage } from '../http/list-params.ts';
import { allowOnly, optionalEnum, optionalInteger, optionalMetadata, optionalString, refuseNotSimulated } from '../http/params.ts';
import { invalidParam, invalidParams, invalidRequest, resourceMissing } from '../http/stripe-error.ts';
import { LIST_PARAMS, sendList, sendObject, type SimContext, type SimEnv } from '../http/wire.ts';
import { createdMetadata, mergeMetadata } from '../models/metadata.ts';
import { findPaymentIntent } from '../models/payment-intent.ts';
import { createRefund, findRefund, type Refund } from '../models/refund.ts';
import type { StripeObject } from '../stores/object-store.ts';

const REFUND_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;

/** Refund parameters Stripe takes for Connect and customer balances, which the simulated account has none of. */
const NOT_SIMULATED_ON_CREATE = ['currency', 'customer', 'origin', 'refund_application_fee', 'reverse_transfer'];

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
    throw invalidParams(
      'parameter_missing',
      'One of the following params should be provided for this request: payment_intent or charge.',
      'charge',
    );
  }
  const pi = findPaymentIntent(c.env.sim, paymentIntentId, 'payment_intent');
  const charge = pi.latest_charge ? c.env.sim.store.get('charge', pi.latest_charge) : null;
  if (pi.status !== 'succeeded' || !charge) {
    throw invalidRequest(
      'charge_not_refundable',
      `This PaymentIntent (${pi.id}) does not have a successful charge to refund.`,
      'payment_intent',
    );
  }
  return charge;
}

/**
 * Stripe: Interac payments "cannot be refunded via the dashboard or the API"; they are refunded in person, the card
 * presented at a reader (refund_payment). Stripe publishes no message for the refusal: the code is its own.
 */
function assertRefundableOnline(charge: StripeObject, param: 'charge' | 'payment_intent'): void {
  if ((charge.payment_method_details as { type?: string } | undefined)?.type !== 'interac_present') return;
  throw invalidRequest(
    'charge_not_refundable',
    `Charge ${charge.id} was paid with Interac, which cannot be refunded through the API: refund it in person, with the card presented at a reader.`,
    param,
  );
}

export const refundRoutes = new Hono<SimEnv>()
  .post('/', (c) => {
    const params = c.env.params;
    refuseNotSimulated(params, NOT_SIMULATED_ON_CREATE, 'the simulator refunds payments to their card, without Connect or customer balances.');
    allowOnly(params, ['charge', 'payment_intent', 'amount', 'reason', 'metadata', 'instructions_email']);
    const charge = chargeToRefund(c);
    assertRefundableOnline(charge, optionalString(params, 'charge') ? 'charge' : 'payment_intent');
    const refund = createRefund(c.env.sim, charge, {
      amount: optionalInteger(params, 'amount', 1),
      reason: optionalEnum(params, 'reason', REFUND_REASONS),
      metadata: createdMetadata(optionalMetadata(params)),
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
      listPage(c, 'refund', '/v1/refunds', (r) => (!charge || r.charge === charge) && (!paymentIntent || r.payment_intent === paymentIntent)),
    );
  })
  .get('/:id', (c) => {
    allowOnly(c.env.params, []);
    return sendObject(c, findRefund(c.env.sim, c.req.param('id')));
  })
  .post('/:id', (c) => {
    allowOnly(c.env.params, ['metadata']);
    const refund = findRefund(c.env.sim, c.req.param('id'));
    const updated: Refund = { ...refund, metadata: mergeMetadata(refund.metadata, optionalMetadata(c.env.params)) };
    c.env.sim.store.put(updated);
    c.env.sim.emitUpdated('refund.updated', updated, { metadata: refund.metadata });
    return sendObject(c, updated);
  });
