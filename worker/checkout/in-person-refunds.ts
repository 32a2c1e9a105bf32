import Stripe from 'stripe';
import { OPERATOR_CANCELED, READER_MOVED_ON, type InPersonRefundRequest, type InPersonRefundView } from '../../shared/api.ts';
import { sha256Hex } from '../auth/kiosk-token.ts';
import { failure, stripeFailure, type Failure } from '../errors.ts';
import { idOf } from '../stripe-id.ts';
import { refundsInPersonOnly } from './payment-methods.ts';
import { isReaderTimeout, readerProblemOf } from './reader-outcome.ts';
import { IDEMPOTENCY_CONFLICT, NOT_PAID, paidAmount, refundableAmount } from './refunds.ts';
import { waitingInPersonRefundOf, type InPersonRefundAttempt, type SessionRecord } from './session-record.ts';

/**
 * An operator's in-person refund (Stripe's server-driven `refund_payment` reader action): Interac payments, which
 * Stripe refunds only with the customer's card presented at a reader. Pure decisions; `SessionRefunds` calls Stripe.
 */

/** What an in-person refund request comes to before any call: a refusal, the attempt its key already started, or one to start. */
export type InPersonRefundPlan =
  | { kind: 'refuse'; failure: Failure }
  | { kind: 'replay'; view: InPersonRefundView }
  | { kind: 'start'; attempt: InPersonRefundAttempt };

/** The operator's request under its Idempotency-Key, and the attempt's id that key comes to (`inPersonAttemptId`). */
type Request = InPersonRefundRequest & { idempotencyKey: string; attemptId: string };

/** Another in-person refund while the last one still waits at a reader: one at a time, so the reader's word stays this one's. */
const IN_PERSON_REFUND_IN_PROGRESS = failure(
  409,
  'in_person_refund_in_progress',
  'An in-person refund of this session still waits at a reader: cancel it first, or let the customer present the card',
);

/**
 * Decides an operator's in-person refund. The same Idempotency-Key with the same request gets its attempt back (or, if
 * Stripe never said it started, asks the reader again under the same key); with another request it is a conflict.
 * Nothing else starts while the last attempt waits at a reader, also one whose start Stripe's lost answer left
 * unsettled (the reader may have it): the session follows one reader at a time, and the customer is never asked
 * twice. Otherwise only a paid Interac session with money left is refunded, by `amount` or all that is left, at the
 * named reader or the kiosk's server-driven one (`kioskReaderId`); so is an attempt of this key that ended with
 * nothing started (Stripe refused it, or it was never seen at the reader), asked again as it was.
 */
export function planInPersonRefund(record: SessionRecord, request: Request, kioskReaderId: string | null, now: number): InPersonRefundPlan {
  const requested = { amount: request.amount ?? null, readerId: request.readerId ?? null };
  const earlier = record.inPersonRefunds?.[request.idempotencyKey];
  if (earlier) {
    if (earlier.requested.amount !== requested.amount || earlier.requested.readerId !== requested.readerId) return { kind: 'refuse', failure: IDEMPOTENCY_CONFLICT };
    if (earlier.started) return { kind: 'replay', view: earlier.view };
  }
  const waiting = waitingInPersonRefundOf(record);
  if (waiting && waiting.key !== request.idempotencyKey) return { kind: 'refuse', failure: IN_PERSON_REFUND_IN_PROGRESS };
  // Its start's answer lost, still waiting: asked again exactly as it was (the reader may have it).
  if (earlier?.view.status === 'in_progress') return { kind: 'start', attempt: earlier };
  if (paidAmount(record) === 0 || !record.paymentIntentId) return { kind: 'refuse', failure: NOT_PAID };
  if (!refundsInPersonOnly(record.paidWith)) {
    return { kind: 'refuse', failure: failure(409, 'refund_online', 'Stripe refunds in person only Interac payments: refund this payment online') };
  }
  const refundable = refundableAmount(record);
  if (refundable === 0) return { kind: 'refuse', failure: failure(409, 'nothing_to_refund', 'This payment was already refunded in full') };
  const amount = earlier?.view.amount ?? request.amount ?? refundable;
  if (amount > refundable) {
    return { kind: 'refuse', failure: failure(400, 'refund_exceeds_payment', `At most ${refundable} can still be refunded for this session`) };
  }
  if (earlier) return { kind: 'start', attempt: askedAgain(earlier, now) };
  const readerId = request.readerId ?? kioskReaderId;
  if (!readerId) {
    return { kind: 'refuse', failure: failure(409, 'no_reader', "This session's kiosk has no server-driven reader: name a reader of its store") };
  }
  const view: InPersonRefundView = { readerId, amount, status: 'in_progress', refundId: null, failureCode: null, failureMessage: null, startedAt: now };
  return { kind: 'start', attempt: { attemptId: request.attemptId, requested, view } };
}

/** An attempt that ended with nothing started (refused, or not found at its reader), asked again: waiting once more. */
const askedAgain = (attempt: InPersonRefundAttempt, now: number): InPersonRefundAttempt => ({
  ...attempt,
  view: { ...attempt.view, status: 'in_progress', refundId: null, failureCode: null, failureMessage: null, startedAt: now },
});

/**
 * Whether Stripe's failure to start leaves it unknown if the reader got the action: no answer (the network), a 5xx, a
 * 409 (the same key still in flight), or the reader's late acknowledgement (`terminal_reader_timeout`: it may have
 * it all the same). Anything else is Stripe's refusal, and nothing was started.
 */
export function startUnsettled(err: unknown): boolean {
  if (!(err instanceof Stripe.errors.StripeError) || err instanceof Stripe.errors.StripeConnectionError || isReaderTimeout(err)) return true;
  const status = err.statusCode ?? 500;
  return status >= 500 || status === 409;
}

/**
 * An attempt Stripe refused to start (the reader offline or busy, an invalid request): ended, failed as the refusal
 * says, and counted, so that its key's retry is a new try at Stripe.
 */
export const refusedStart = (attempt: InPersonRefundAttempt, refusal: Failure): InPersonRefundAttempt => ({
  ...attempt,
  refusals: (attempt.refusals ?? 0) + 1,
  view: { ...attempt.view, status: 'failed', failureCode: refusal.code, failureMessage: refusal.message },
});

/**
 * The id an attempt's refund carries at Stripe (its reader action's and its refund's `metadata.attempt`): the SHA-256
 * of its Idempotency-Key, which may hold whatever the operator's client put there. The same key, the same id: a retry
 * asks Stripe exactly as the first request did.
 */
export const inPersonAttemptId = (idempotencyKey: string): Promise<string> => sha256Hex(idempotencyKey);

/** The metadata of the reader action and the refund an attempt makes: whose they are. */
export const inPersonRefundMetadata = (record: SessionRecord, attempt: InPersonRefundAttempt): Record<string, string> => ({
  sessionId: record.sessionId,
  kioskId: record.kioskId,
  cause: IN_PERSON_REFUND_CAUSE,
  attempt: attempt.attemptId,
});


/** Whether a reader can take this session's in-person refund: a reader of the session's Location. */
export function readerRefusal(reader: Stripe.Terminal.Reader | Stripe.Terminal.DeletedReader, record: SessionRecord): Failure | null {
  if ('deleted' in reader && reader.deleted) return failure(404, 'reader_not_found', 'No such reader');
  if (idOf((reader as Stripe.Terminal.Reader).location) !== record.locationId) {
    return failure(400, 'reader_not_at_location', "This reader is not at the session's store: name one of its readers");
  }
  return null;
}

/** The reader's action is this attempt's refund: of the session's payment, started by this attempt. */
function isAttemptsAction(attempt: InPersonRefundAttempt, reader: Stripe.Terminal.Reader, paymentIntentId: string): boolean {
  const detail = reader.action?.type === 'refund_payment' ? reader.action.refund_payment : undefined;
  return (
    reader.id === attempt.view.readerId &&
    !!detail &&
    idOf(detail.payment_intent) === paymentIntentId &&
    detail.metadata?.attempt === attempt.attemptId
  );
}

/**
 * The attempt as the reader now tells it: done (with its refund) or failed (the reader's reason), once the reader's
 * action is this attempt's refund and has ended; null while it waits for the card, or when the reader moved on.
 */
export function inPersonRefundOutcome(attempt: InPersonRefundAttempt, reader: Stripe.Terminal.Reader, paymentIntentId: string): InPersonRefundView | null {
  const action = reader.action;
  if (!action || !isAttemptsAction(attempt, reader, paymentIntentId)) return null;
  if (action.status === 'succeeded') return { ...attempt.view, status: 'succeeded', refundId: idOf(action.refund_payment?.refund) };
  if (action.status === 'failed') return { ...attempt.view, status: 'failed', failureCode: action.failure_code ?? null, failureMessage: action.failure_message ?? null };
  return null;
}

/**
 * Stripe shows the attempt was started: its reader's action is this attempt's refund, or one of Stripe's refunds is
 * the one it made. A start whose answer was lost is settled so, and its key's retry no longer asks Stripe again.
 */
export function seenAtStripe(attempt: InPersonRefundAttempt, reader: Stripe.Terminal.Reader | null, paymentIntentId: string, refunds: readonly Stripe.Refund[]): boolean {
  return (!!reader && isAttemptsAction(attempt, reader, paymentIntentId)) || refunds.some((r) => r.metadata?.attempt === attempt.attemptId);
}

/** The attempt's refund is the reader's action and still waits for the card (or is taking it). */
export function waitsAtReader(attempt: InPersonRefundAttempt, reader: Stripe.Terminal.Reader, paymentIntentId: string): boolean {
  return reader.action?.status === 'in_progress' && isAttemptsAction(attempt, reader, paymentIntentId);
}

/** An operator's cancel with no in-person refund waiting at a reader. */
export const NO_IN_PERSON_REFUND_IN_PROGRESS = failure(
  409,
  'no_in_person_refund_in_progress',
  'No in-person refund of this session waits at a reader: there is nothing to cancel',
);

/** The reader still waits for the card after it was told to stop. */
export const READER_STILL_WAITING = failure(409, 'reader_busy', 'The reader did not stop waiting for the card: try again');

/** The `cause` in the metadata of the refunds readers make for operators' in-person refunds. */
export const IN_PERSON_REFUND_CAUSE = 'operator_in_person';

/** Why an attempt its reader no longer tells of ended with no refund made. */
export type NoRefundEnding = Pick<InPersonRefundView, 'failureCode' | 'failureMessage'>;

/** An operator cancelled the attempt (Stripe's `cancel_action`) before the card was presented. */
export const CANCELLED_BY_OPERATOR: NoRefundEnding = {
  failureCode: OPERATOR_CANCELED,
  failureMessage: 'An operator cancelled the refund at the reader before the card was presented',
};

/** The reader was reset, or went on to another action, before the card was presented. */
export const MOVED_ON_BY_READER: NoRefundEnding = {
  failureCode: READER_MOVED_ON,
  failureMessage: 'The reader was reset or went on to something else before the card was presented: nothing was refunded',
};

/**
 * How an attempt ended, read from its reader (`reader` null: Stripe no longer has it). As the reader tells it when its
 * action is this refund and has ended; else, the reader reset or on to something else, made all the same when Stripe
 * lists a refund this attempt made (its id in the refund's metadata: the card presented just before); else failed, as
 * `ending` says (an operator's cancel, or the reader moving on). Null while the reader still waits.
 */
export function endedInPersonRefund(
  attempt: InPersonRefundAttempt,
  reader: Stripe.Terminal.Reader | null,
  paymentIntentId: string,
  refunds: readonly Stripe.Refund[],
  ending: NoRefundEnding,
): InPersonRefundView | null {
  if (reader) {
    const outcome = inPersonRefundOutcome(attempt, reader, paymentIntentId);
    if (outcome) return outcome;
    if (waitsAtReader(attempt, reader, paymentIntentId)) return null;
  }
  const made = refunds.find((r) => r.metadata?.attempt === attempt.attemptId);
  if (made) return { ...attempt.view, status: 'succeeded', refundId: made.id };
  return { ...attempt.view, status: 'failed', ...ending };
}

/** The reader's (or Stripe's) refusal to start an in-person refund, as the admin API tells it. */
export function inPersonRefundFailure(err: unknown): Failure {
  const problem = readerProblemOf(err);
  if (problem === 'reader_offline') return failure(503, 'reader_offline', 'The reader is offline: check its power and network, or name another reader');
  if (problem === 'reader_busy') return failure(409, 'reader_busy', 'The reader is busy with another action: try again once it is free, or name another reader');
  if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'resource_missing' && err.param !== 'payment_intent') {
    return failure(404, 'reader_not_found', 'No such reader');
  }
  if (err instanceof Stripe.errors.StripeIdempotencyError) return IDEMPOTENCY_CONFLICT;
  return stripeFailure(err) ?? failure(502, 'stripe_error', 'Stripe could not start the refund on the reader. Please try again.');
}
