import type Stripe from 'stripe';
import { refundedAmount, type RefundRecord, type SessionRecord } from './session-record.ts';

const STATUSES: readonly RefundRecord['status'][] = ['pending', 'requires_action', 'succeeded', 'failed', 'canceled'];

/** A Stripe refund as the session keeps it. */
export const refundRecordOf = (refund: Stripe.Refund): RefundRecord => ({
  id: refund.id,
  amount: refund.amount,
  status: (STATUSES as readonly string[]).includes(refund.status ?? '') ? (refund.status as RefundRecord['status']) : 'pending',
  reason: refund.reason ?? null,
  createdAt: refund.created * 1000,
});

/** What the card was charged for this session: the order and its tip (nothing unless it was paid). */
export const paidAmount = (record: SessionRecord): number => (record.paidAt ? record.amount + (record.tip ?? 0) : 0);

/** What can still go back to the customer. */
export const refundableAmount = (record: SessionRecord): number => Math.max(paidAmount(record) - refundedAmount(record), 0);

/** The session's refunds as Stripe lists them, replacing what it knew (Stripe's word is the truth). */
export const mergeRefunds = (known: RefundRecord[], fromStripe: Stripe.Refund[]): RefundRecord[] => {
  const byId = new Map(known.map((r) => [r.id, r]));
  for (const refund of fromStripe) byId.set(refund.id, refundRecordOf(refund));
  return [...byId.values()].sort((a, b) => a.createdAt - b.createdAt);
};
