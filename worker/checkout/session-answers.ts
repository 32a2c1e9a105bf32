import type { CompleteResponse, SessionDetail, SessionView } from '../../shared/api.ts';
import { failure, isFailure, type Failure } from '../errors.ts';
import { refundableAmount } from './refunds.ts';
import { lastInPersonRefundOf, viewOf, type SessionRecord } from './session-record.ts';

/**
 * What a checkout answers, decided from its record alone: the refusals its RPC methods share, and the views they
 * return. Pure, so the object and its collaborators give one answer for one state.
 */

export const notFound = () => failure(404, 'session_not_found', 'No such checkout session');
export const differentOrder = () => failure(409, 'idempotency_conflict', 'This Idempotency-Key was already used for a different order');

/** Refuses to hand out the PaymentIntent of a session that ended without being paid, or is being cancelled. */
export const closedForPayment = (record: SessionRecord): Failure | null => {
  const { status } = record.state;
  if (status === 'cancelled' || (record.cancelRequested && status !== 'success')) {
    return failure(409, 'session_cancelled', 'This checkout was cancelled. Start a new order.');
  }
  if (status === 'requires_attention') return failure(409, 'requires_attention', 'This session needs an operator');
  return null;
};

/** A cancel's answer for a session that ended: its view, unless it was paid or needs an operator. */
export const cancelResult = (record: SessionRecord): ({ ok: true } & { session: SessionView }) | Failure => {
  if (record.state.status === 'success') return failure(409, 'already_paid', 'This session was already paid');
  if (record.state.status === 'requires_attention') return failure(409, 'requires_attention', 'This session needs an operator');
  return { ok: true, session: viewOf(record) };
};

/**
 * A cancel the alarm must carry on: Stripe failing past its retries, or a card in the middle of processing. A paid
 * session, or one that needs an operator, is left as it is.
 */
export const cancelUnfinished = (result: { ok: true } | Failure): boolean =>
  isFailure(result) && result.code !== 'already_paid' && result.code !== 'requires_attention';

/** The session as operators see it: the kiosk's view, the charge, every status change, and whether it was handled. */
export const detailOf = (record: SessionRecord): SessionDetail => ({
  kioskId: record.kioskId,
  session: viewOf(record),
  chargeId: record.chargeId ?? null,
  timeline: record.timeline,
  handledAt: record.handledAt ?? null,
  timeZone: record.timeZone,
  paidWith: record.paidWith ?? null,
  inPersonRefund: lastInPersonRefundOf(record)?.attempt.view ?? null,
  refundable: refundableAmount(record),
});

/** The kiosk's verdict on `/complete`: paid or not, a decline's code, and a paid order's receipt and number. */
export const verdictOf = (record: SessionRecord): CompleteResponse => ({
  success: record.state.status === 'success',
  status: record.state.status,
  ...(record.state.declineCode && record.state.status === 'failed' ? { declineCode: record.state.declineCode } : {}),
  ...(record.receipt ? { receipt: record.receipt } : {}),
  ...(record.state.status === 'success' ? { orderNumber: record.orderNumber ?? null } : {}),
});
