import Stripe from 'stripe';
import { failure, stripeFailure, type Failure } from '../errors.ts';
import { refundsInPersonOnly } from './payment-methods.ts';
import { refundedAmount, waitingInPersonRefundOf, type OperatorRefundAttempt, type RefundRecord, type SessionRecord } from './session-record.ts';

const STATUSES: readonly RefundRecord['status'][] = ['pending', 'requires_action', 'succeeded', 'failed', 'canceled'];

/** A Stripe refund as the session keeps it. */
export const refundRecordOf = (refund: Stripe.Refund): RefundRecord => ({
  id: refund.id,
  amount: refund.amount,
  status: (STATUSES as readonly string[]).includes(refund.status ?? '') ? (refund.status as RefundRecord['status']) : 'pending',
  reason: refund.reason ?? null,
  createdAt: refund.created * 1000,
});

/**
 * What the card was charged for this session: the order and its tip once paid, or the money it took but must not
 * keep (paid after a cancel, or not matching the order), whose automatic refund may have failed.
 */
export const paidAmount = (record: SessionRecord): number =>
  record.paidAt ? record.amount + (record.tip ?? 0) : (record.unkeptCharge?.amount ?? 0);

/** What can still go back to the customer. */
export const refundableAmount = (record: SessionRecord): number => Math.max(paidAmount(record) - refundedAmount(record), 0);

/**
 * Stripe may fail a card refund after it said `succeeded` (the refund-failure test card, a closed card account): the
 * session watches one this long after it was made. Pending and `requires_action` refunds are watched until they end.
 */
const SUCCEEDED_REFUND_WATCH_MS = 30 * 86_400_000;
const REFUND_READ_FIRST_MS = 2_000;
// Stripe retries a webhook for three days: reads only stand in for one lost for good, so a day apart is soon enough.
const REFUND_READ_MAX_MS = 24 * 3_600_000;

/** Whether Stripe may still change a refund; `failed` and `canceled` are final. */
export const refundMayChange = (refund: RefundRecord, now: number): boolean =>
  refund.status === 'pending' ||
  refund.status === 'requires_action' ||
  (refund.status === 'succeeded' && now < refund.createdAt + SUCCEEDED_REFUND_WATCH_MS);

/** How long an in-person refund's reader is read while it waits for the card: a reader left waiting is not read forever. */
const IN_PERSON_REFUND_WATCH_MS = 86_400_000;

/** An in-person refund started at a reader whose outcome the session has not heard yet. */
export const inPersonRefundWaiting = (record: SessionRecord, now: number): boolean => {
  const waiting = waitingInPersonRefundOf(record);
  return !!waiting && now < waiting.attempt.view.startedAt + IN_PERSON_REFUND_WATCH_MS;
};

/**
 * When the session must next read its refunds from Stripe, or null for never: a lost webhook must not leave a
 * refund that failed (or is still pending) shown as given back, nor one made at a reader unseen.
 */
export const nextRefundReadAt = (record: SessionRecord, now: number, soon: number): number | null =>
  record.refunds.some((r) => refundMayChange(r, now)) || inPersonRefundWaiting(record, now) ? (record.refundReads?.nextAt ?? now + soon) : null;

/** The reads after one more that left a refund open: each waits twice as long as the one before, up to a day. */
export const afterRefundRead = (reads: SessionRecord['refundReads'], now: number): NonNullable<SessionRecord['refundReads']> => {
  const count = reads?.count ?? 0;
  return { count: count + 1, nextAt: now + Math.min(REFUND_READ_FIRST_MS * 2 ** count, REFUND_READ_MAX_MS) };
};

/** The session's refunds as Stripe lists them, replacing what it knew (Stripe's word is the truth). */
export const mergeRefunds = (known: RefundRecord[], fromStripe: Stripe.Refund[]): RefundRecord[] => {
  const byId = new Map(known.map((r) => [r.id, r]));
  for (const refund of fromStripe) byId.set(refund.id, refundRecordOf(refund));
  return [...byId.values()].sort((a, b) => a.createdAt - b.createdAt);
};

/** The refunds Stripe now says failed that the session did not know as failed: money an operator must return another way. */
export const newlyFailed = (known: RefundRecord[], merged: RefundRecord[]): RefundRecord[] =>
  merged.filter((refund) => refund.status === 'failed' && known.find((k) => k.id === refund.id)?.status !== 'failed');

/** What an operator's refund request comes to before any call: the refund its key already made, a refusal, or an amount. */
export type RefundPlan = { kind: 'replay'; refundId: string } | { kind: 'refuse'; failure: Failure } | { kind: 'refund'; amount: number };

type OperatorRefundRequest = { amount?: number; reason?: string; idempotencyKey: string };

/** What the operator asked, as it is kept with the key (a retry must ask the same). */
export const requestedOf = (request: OperatorRefundRequest): OperatorRefundAttempt['requested'] => ({
  amount: request.amount ?? null,
  reason: request.reason ?? null,
});

export const IDEMPOTENCY_CONFLICT = failure(409, 'idempotency_conflict', 'This Idempotency-Key was already used for another refund');
export const NOT_PAID = failure(409, 'not_paid', 'This session was not paid: there is nothing to refund');
const REFUND_IN_PERSON = failure(
  409,
  'refund_in_person',
  'This session was paid with Interac, which Stripe refunds only in person: the customer presents the same card at a reader to be refunded',
);

/**
 * Money the session must not keep is still partly or wholly with the merchant, and the worker has not refunded it yet:
 * a refund made elsewhere first (the Dashboard, an operator) leaves the rest to the worker's one refund, which Stripe
 * makes of what is left of the charge.
 */
export const unkeptMoneyLeft = (record: SessionRecord): boolean => record.automaticRefundId === undefined && refundableAmount(record) > 0;

/**
 * A session that must not keep the money it took (requires_attention) and still holds some of it: the worker refunds
 * it online, unless it was paid with Interac, which waits for an operator and the customer's card at a reader.
 */
export const owesAutomaticRefund = (record: SessionRecord): boolean =>
  record.state.status === 'requires_attention' &&
  unkeptMoneyLeft(record) &&
  record.paymentIntentId !== null &&
  !refundsInPersonOnly(record.paidWith);

/**
 * Decides an operator's refund of a session. The same Idempotency-Key with the same request gets its refund back, or,
 * if Stripe's answer was lost, is sent to Stripe again as it was first sent (Stripe replays it), whatever the session
 * learnt since; with another request it is a conflict. Otherwise only a session whose card was charged is refunded
 * (paid, or money it could not keep), by `amount` or all that is left, never more than is left; an Interac payment
 * never online (Stripe refunds it only with the card at a reader).
 */
export function planOperatorRefund(record: SessionRecord, request: OperatorRefundRequest): RefundPlan {
  const legacy = record.refundKeys?.[request.idempotencyKey];
  if (legacy && record.refunds.some((r) => r.id === legacy)) return { kind: 'replay', refundId: legacy };
  const earlier = record.operatorRefunds?.[request.idempotencyKey];
  if (earlier) {
    const asked = requestedOf(request);
    if (asked.amount !== earlier.requested.amount || asked.reason !== earlier.requested.reason) return { kind: 'refuse', failure: IDEMPOTENCY_CONFLICT };
    if (earlier.refundId && record.refunds.some((r) => r.id === earlier.refundId)) return { kind: 'replay', refundId: earlier.refundId };
    return { kind: 'refund', amount: earlier.amount };
  }
  if (paidAmount(record) === 0 || !record.paymentIntentId) return { kind: 'refuse', failure: NOT_PAID };
  if (refundsInPersonOnly(record.paidWith)) return { kind: 'refuse', failure: REFUND_IN_PERSON };
  const refundable = refundableAmount(record);
  const amount = request.amount ?? refundable;
  if (amount > refundable || amount <= 0) {
    return { kind: 'refuse', failure: failure(400, 'refund_exceeds_payment', `At most ${refundable} can still be refunded for this session`) };
  }
  return { kind: 'refund', amount };
}

/**
 * Stripe keeps the answer to a request it began, a 500 included, under the request's idempotency key and replays it to
 * every retry under that key for a day: only a new key tries again. Not so an answer that never came (a connection
 * error: the same key finds what the request did), a request refused before it began (429), or one still running (409).
 */
export const keptUnderItsKey = (err: unknown): boolean =>
  err instanceof Stripe.errors.StripeError &&
  !(err instanceof Stripe.errors.StripeConnectionError) &&
  err.statusCode !== 409 &&
  err.statusCode !== 429;

/**
 * A failure Stripe answered from what it keeps under the key (`Idempotent-Replayed: true`, as on the SDK's own retry of
 * a 500 it kept): the key holds that failure, so no try under it made anything, and only a new key tries again. Where a
 * second key could make a second object (a PaymentIntent), this, not `keptUnderItsKey`, lets a new key be used: a first
 * 500 may have struck before Stripe looked at the key, and an earlier try under it whose answer was lost made the object.
 */
export const replayedFromItsKey = (err: unknown): boolean =>
  keptUnderItsKey(err) && (err as Stripe.errors.StripeError).headers?.['idempotent-replayed'] === 'true';

/** Stripe refused a refund because nothing is left of the charge: refunded in full already, perhaps elsewhere. */
export const isChargeAlreadyRefunded = (err: unknown): boolean =>
  err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'charge_already_refunded';

/**
 * Stripe refused a refund because less is left of the charge than asked (or nothing): refunds the session may not know
 * of were made elsewhere (the Dashboard), their webhooks lost or not here yet.
 */
export const isMoreThanIsLeft = (err: unknown): boolean =>
  isChargeAlreadyRefunded(err) || (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'amount_too_large');

/** Stripe's refusal of an operator's refund, as the admin API tells it. */
export function operatorRefundFailure(err: unknown): Failure {
  if (isChargeAlreadyRefunded(err)) {
    return failure(400, 'refund_exceeds_payment', 'This payment was already refunded in full');
  }
  if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'amount_too_large') {
    return failure(400, 'refund_exceeds_payment', 'Less than this is left to refund for this payment');
  }
  if (err instanceof Stripe.errors.StripeIdempotencyError) return IDEMPOTENCY_CONFLICT;
  return stripeFailure(err) ?? failure(502, 'stripe_error', 'Stripe could not make the refund. Please try again.');
}
