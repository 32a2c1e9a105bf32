import { invalidRequest, resourceMissing } from '../http/stripe-error.ts';
import type { SimulatorState } from '../simulator-state.ts';
import { randomId, type StripeObject } from '../stores/object-store.ts';
import { recordBalanceTransaction } from './balance-transaction.ts';
import { adjustRefunded } from './charge.ts';
import type { PaymentMethod } from './payment-method.ts';

export type RefundReason = 'duplicate' | 'fraudulent' | 'requested_by_customer';

export interface Refund extends StripeObject {
  object: 'refund';
  amount: number;
  balance_transaction: string | null;
  charge: string;
  currency: string;
  payment_intent: string | null;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled';
  metadata: Record<string, string>;
}

/**
 * Stripe does not say how long its refund-failure test card takes to fail; long enough that the refund is first
 * seen as succeeded, on the simulated clock (a test moves the clock rather than waiting).
 */
const REFUND_FAILURE_DELAY_SECONDS = 30;

export function findRefund(sim: SimulatorState, id: string): Refund {
  const refund = sim.store.get<Refund>('refund', id);
  if (!refund) throw resourceMissing('refund', 'refund', id);
  return refund;
}

/** What can still be refunded: the captured amount less refunds that have not failed. */
function unrefunded(sim: SimulatorState, charge: StripeObject): number {
  const refunds = sim.store.list<Refund>('refund', '', {
    limit: 100,
    where: (r) => r.charge === charge.id && r.status !== 'failed' && r.status !== 'canceled',
  }).data;
  return Number(charge.amount_captured) - refunds.reduce((sum, r) => sum + r.amount, 0);
}

/** Refunds a captured charge, fully or in part, as `POST /v1/refunds` does; the money goes back at once. */
export function createRefund(
  sim: SimulatorState,
  charge: StripeObject,
  input: { amount?: number; reason?: RefundReason; metadata?: Record<string, string> },
): Refund {
  if (charge.paid !== true || charge.captured !== true) {
    throw invalidRequest('charge_not_refundable', `Charge ${charge.id} has not been captured and cannot be refunded.`);
  }
  const remaining = unrefunded(sim, charge);
  if (remaining <= 0) throw invalidRequest('charge_already_refunded', `Charge ${charge.id} has already been refunded.`);
  const amount = input.amount ?? remaining;
  if (amount > remaining) {
    throw invalidRequest(
      'amount_too_large',
      `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
      'amount',
    );
  }
  const refund: Refund = {
    id: randomId('re'),
    object: 'refund',
    created: sim.now(),
    amount,
    balance_transaction: null,
    charge: charge.id,
    currency: String(charge.currency),
    customer: null,
    customer_account: null,
    destination_details: { type: 'card', card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' } },
    metadata: input.metadata ?? {},
    payment_intent: (charge.payment_intent as string | null) ?? null,
    payment_method: (charge.payment_method as string | null) ?? null,
    reason: input.reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
  refund.balance_transaction = recordBalanceTransaction(sim, { amount: -amount, currency: refund.currency, source: refund.id, type: 'refund' });
  sim.store.put(refund);
  const refundedCharge = adjustRefunded(sim, charge, amount);
  sim.emit('refund.created', refund);
  sim.emit('charge.refunded', refundedCharge);
  const pm = sim.store.get<PaymentMethod>('payment_method', String(charge.payment_method));
  if (pm?._outcome.card.refundFails) {
    sim.schedule('fail_refund', refund.id, REFUND_FAILURE_DELAY_SECONDS);
  }
  return refund;
}

/**
 * The refund-failure card's refund fails after it first succeeded: the money returns to the merchant's balance and
 * Stripe sends `charge.refund.updated`, `refund.updated` and `refund.failed`. Safe to run twice (alarms repeat).
 */
export function failRefund(sim: SimulatorState, refundId: string): void {
  const refund = sim.store.get<Refund>('refund', refundId);
  if (!refund || refund.status !== 'succeeded') return;
  const failed: Refund = {
    ...refund,
    status: 'failed',
    failure_reason: 'expired_or_canceled_card',
    failure_balance_transaction: recordBalanceTransaction(sim, {
      amount: refund.amount,
      currency: refund.currency,
      source: refund.id,
      type: 'refund_failure',
    }),
  };
  sim.store.put(failed);
  const charge = sim.store.get('charge', refund.charge);
  if (charge) adjustRefunded(sim, charge, -refund.amount);
  sim.emitUpdated('charge.refund.updated', failed, { status: refund.status });
  sim.emitUpdated('refund.updated', failed, { status: refund.status });
  sim.emit('refund.failed', failed);
}
