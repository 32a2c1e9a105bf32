import type Stripe from 'stripe';
import type { ChangeCause, InPersonRefundRequest, InPersonRefundView, RefundRequest, RefundView } from '../../shared/api.ts';
import type { Failure } from '../errors.ts';
import { log } from '../log.ts';
import type { CheckoutStripe } from './checkout-stripe.ts';
import type { Flights } from './flights.ts';
import {
  CANCELLED_BY_OPERATOR,
  endedInPersonRefund,
  inPersonAttemptId,
  inPersonRefundFailure,
  MOVED_ON_BY_READER,
  NO_IN_PERSON_REFUND_IN_PROGRESS,
  planInPersonRefund,
  READER_STILL_WAITING,
  readerRefusal,
  refusedStart,
  seenAtStripe,
  startUnsettled,
  waitsAtReader,
} from './in-person-refunds.ts';
import { refundsInPersonOnly } from './payment-methods.ts';
import {
  afterRefundRead,
  isChargeAlreadyRefunded,
  isMoreThanIsLeft,
  keptUnderItsKey,
  mergeRefunds,
  newlyFailed,
  operatorRefundFailure,
  planOperatorRefund,
  requestedOf,
  unkeptMoneyLeft,
} from './refunds.ts';
import { viewOf, waitingInPersonRefundOf, type InPersonRefundAttempt } from './session-record.ts';
import type { SessionStore } from './session-store.ts';

const OPERATOR: ChangeCause = { by: 'operator' };

/**
 * A checkout's refunds: the automatic one of money it must not keep, operators' refunds, and refunds made elsewhere
 * (the Dashboard), which a webhook announces. Stripe's list is the truth; the session keeps a copy for its views and
 * the ledger.
 */
export class SessionRefunds {
  constructor(
    private readonly store: SessionStore,
    private readonly stripe: CheckoutStripe,
    private readonly flights: Flights,
  ) {}

  /**
   * Gives the money back for a session that must not keep it (paid after it was cancelled, or not matching its
   * order). One idempotency key per session: retries, the alarm and a second webhook all land on the same refund.
   */
  refundUnkeptPayment(pi: Stripe.PaymentIntent): Promise<void> {
    return this.flights.once('refund-unkept-payment', async () => {
      const record = this.store.load()!;
      // Refunded already, by the worker or in full elsewhere: nothing is left for this refund to give back.
      if (!unkeptMoneyLeft(record)) return;
      // Stripe refuses an online refund of an Interac payment, on every retry: it waits for an operator instead.
      if (refundsInPersonOnly(record.paidWith)) return this.inPersonRefundNeeded(pi);
      try {
        const refund = await this.stripe.refundUnkeptPayment(record, pi.id);
        const latest = this.store.load()!;
        this.store.save({ ...latest, refunds: mergeRefunds(latest.refunds, [refund]), automaticRefundId: refund.id, refundReads: undefined });
        this.store.cleanupDone();
        log.error('payment_refunded_automatically', { sessionId: record.sessionId, kioskId: record.kioskId, paymentIntent: pi.id, refund: refund.id });
      } catch (err) {
        if (isChargeAlreadyRefunded(err) && (await this.refundedElsewhere())) return;
        log.error('automatic_refund_failed', { sessionId: record.sessionId, kioskId: record.kioskId, error: String(err) });
        if (keptUnderItsKey(err)) {
          const latest = this.store.load()!;
          this.store.saveQuietly({ ...latest, automaticRefundFailures: (latest.automaticRefundFailures ?? 0) + 1 });
        }
        this.store.scheduleCleanup();
      }
    });
  }

  /**
   * Stripe says nothing is left of the charge to refund: refunded in full elsewhere first (the Dashboard), its webhook
   * lost or not here yet. Stripe's list of refunds shows it; true once the session knows it has nothing left to give back.
   */
  private async refundedElsewhere(): Promise<boolean> {
    try {
      await this.sync();
    } catch {
      return false;
    }
    if (unkeptMoneyLeft(this.store.load()!)) return false;
    this.store.cleanupDone();
    return true;
  }

  /** Money the session must not keep, paid with Interac: an operator has the customer present the card at a reader. */
  inPersonRefundNeeded(pi: Stripe.PaymentIntent): void {
    const record = this.store.load()!;
    log.error('in_person_refund_needed', {
      sessionId: record.sessionId,
      kioskId: record.kioskId,
      paymentIntent: pi.id,
      paidWith: record.paidWith,
      message: 'Paid with Interac: refund in person, with the customer presenting the card at a reader',
    });
  }

  /**
   * An operator's refund of a session that exists, full or partial. Refunds of one session are made one at a time, so
   * their sum never exceeds what was paid; the same Idempotency-Key gets the same refund back.
   */
  forOperator(request: RefundRequest & { idempotencyKey: string }): Promise<{ ok: true; refund: RefundView } | Failure> {
    return this.flights.queued('operator-refunds', async () => {
      const record = this.store.load()!;
      const plan = planOperatorRefund(record, request);
      if (plan.kind === 'refuse') return plan.failure;
      if (plan.kind === 'replay') return { ok: true, refund: viewOf(record).refunds.find((r) => r.id === plan.refundId)! };
      const key = request.idempotencyKey;
      // Kept before Stripe is asked: if its answer is lost, a retry of this key is sent as this one was.
      const attempt = { requested: requestedOf(request), amount: plan.amount };
      this.store.saveQuietly({ ...record, operatorRefunds: { ...record.operatorRefunds, [key]: attempt } });
      let refund: Stripe.Refund;
      try {
        refund = await this.stripe.refundForOperator(record, { amount: plan.amount, reason: request.reason, key });
      } catch (err) {
        // Refunded elsewhere meanwhile: the operator is told how much is left, and the session shows those refunds.
        if (isMoreThanIsLeft(err)) await this.sync().catch(() => undefined);
        return operatorRefundFailure(err);
      }
      const latest = this.store.load()!;
      const saved = this.store.save({
        ...latest,
        refunds: mergeRefunds(latest.refunds, [refund]),
        // A new refund is read again soon, whatever the reads of older ones had come to.
        refundReads: undefined,
        operatorRefunds: { ...latest.operatorRefunds, [key]: { ...attempt, refundId: refund.id } },
      });
      log.info('refund_created', { sessionId: record.sessionId, kioskId: record.kioskId, refund: refund.id, amount: plan.amount, by: OPERATOR.by });
      return { ok: true, refund: viewOf(saved).refunds.find((r) => r.id === refund.id)! };
    });
  }

  /**
   * An operator's in-person refund of an Interac payment: the reader (a reader of the session's store; the kiosk's
   * server-driven one unless named) asks the customer for the card. Started one at a time per session; the refund is
   * recorded when Stripe says it was made (the reader's and the refund's webhooks, or the alarm's reads).
   */
  inPerson(request: InPersonRefundRequest & { idempotencyKey: string }, kioskReaderId: string | null): Promise<{ ok: true; inPersonRefund: InPersonRefundView } | Failure> {
    return this.flights.queued('operator-refunds', async () => {
      const attemptId = await inPersonAttemptId(request.idempotencyKey);
      const record = this.store.load()!;
      const plan = planInPersonRefund(record, { ...request, attemptId }, kioskReaderId, Date.now());
      if (plan.kind === 'refuse') return plan.failure;
      if (plan.kind === 'replay') return { ok: true, inPersonRefund: plan.view };
      const key = request.idempotencyKey;
      const { attempt } = plan;
      try {
        const refused = readerRefusal(await this.stripe.readReader(attempt.view.readerId), record);
        if (refused) return refused;
      } catch (err) {
        return inPersonRefundFailure(err);
      }
      // Kept before Stripe is asked, as the session's last: until Stripe's answer settles it, the reader may have it, so
      // it waits (no other starts; the cancel and the follow-up read the reader for it) and its key's retry asks again.
      const before = this.store.load()!;
      this.store.save({ ...before, inPersonRefunds: { ...before.inPersonRefunds, [key]: attempt }, lastInPersonRefund: key, refundReads: undefined });
      try {
        await this.stripe.refundOnReader(record, attempt, key);
      } catch (err) {
        const refusal = inPersonRefundFailure(err);
        if (!startUnsettled(err)) {
          const refused = this.store.load()!;
          this.store.save({ ...refused, inPersonRefunds: { ...refused.inPersonRefunds, [key]: refusedStart(attempt, refusal) } });
        }
        return refusal;
      }
      const latest = this.store.load()!;
      const started = { ...attempt, started: true };
      // Read again soon (the reader, then the refunds), whatever the reads of older refunds had come to.
      this.store.save({ ...latest, inPersonRefunds: { ...latest.inPersonRefunds, [key]: started }, refundReads: undefined });
      log.info('in_person_refund_started', {
        sessionId: record.sessionId,
        kioskId: record.kioskId,
        readerId: attempt.view.readerId,
        amount: attempt.view.amount,
        by: OPERATOR.by,
      });
      return { ok: true, inPersonRefund: started.view };
    });
  }

  /**
   * An operator's cancel of the in-person refund the reader waits on (the customer walked away): the reader is told to
   * stop (Stripe's `cancel_action`) only while its action is that refund waiting for the card, then read again. A refund
   * the reader made meanwhile stands and is answered; otherwise the attempt fails as the operator's cancel.
   */
  cancelInPerson(): Promise<{ ok: true; inPersonRefund: InPersonRefundView } | Failure> {
    return this.flights.queued('operator-refunds', async () => {
      const record = this.store.load()!;
      const waiting = waitingInPersonRefundOf(record);
      if (!waiting || !record.paymentIntentId) return NO_IN_PERSON_REFUND_IN_PROGRESS;
      const { key, attempt } = waiting;
      const { readerId } = attempt.view;
      const paymentIntentId = record.paymentIntentId;
      let reader: Stripe.Terminal.Reader | null;
      let refunds: Stripe.Refund[];
      try {
        reader = await this.readerOrNull(readerId);
        if (reader && waitsAtReader(attempt, reader, paymentIntentId)) {
          await this.stripe.cancelReaderAction(readerId);
          reader = await this.readerOrNull(readerId);
        }
        refunds = await this.stripe.refundsOf(paymentIntentId);
      } catch (err) {
        return inPersonRefundFailure(err);
      }
      const latest = this.store.load()!;
      const current = latest.inPersonRefunds?.[key];
      // A webhook told the session how it ended while the reader was asked.
      if (current && current.view.status !== 'in_progress') return { ok: true, inPersonRefund: current.view };
      const ended = endedInPersonRefund(attempt, reader, paymentIntentId, refunds, CANCELLED_BY_OPERATOR);
      if (!ended) return READER_STILL_WAITING;
      this.saveEnded(key, { ...attempt, started: attempt.started || seenAtStripe(attempt, reader, paymentIntentId, refunds), view: ended }, refunds, OPERATOR);
      return { ok: true, inPersonRefund: ended };
    });
  }

  /** Saves how an in-person refund ended, with Stripe's refunds as just listed (the one it made among them). */
  private saveEnded(key: string, ended: InPersonRefundAttempt, refunds: Stripe.Refund[], cause?: ChangeCause): void {
    const latest = this.store.load()!;
    this.store.save({
      ...latest,
      refunds: mergeRefunds(latest.refunds, refunds),
      inPersonRefunds: { ...latest.inPersonRefunds, [key]: ended },
      refundReads: undefined,
    });
    const { status, failureCode } = ended.view;
    log.info('in_person_refund_ended', { sessionId: latest.sessionId, kioskId: latest.kioskId, status, failureCode, ...(cause ? { by: cause.by } : {}) });
  }

  private async readerOrNull(readerId: string): Promise<Stripe.Terminal.Reader | null> {
    const reader = await this.stripe.readReader(readerId);
    return 'deleted' in reader && reader.deleted ? null : (reader as Stripe.Terminal.Reader);
  }

  /**
   * Stripe said something about the session's refunds or its in-person refund's reader: while an in-person refund waits
   * at a reader, the reader says how it ended, or, once it moved on (reset, or the kiosk's next payment), Stripe's
   * refunds do (as for an operator's cancel); then the refunds are read from Stripe.
   */
  async followInPersonRefund(): Promise<void> {
    // After a start or a cancel under way: an attempt whose start is in flight is not taken for one the reader moved on from.
    await this.flights.queued('operator-refunds', () => this.readInPersonRefund());
    await this.sync();
  }

  /** The waiting in-person refund as its reader and Stripe's refunds tell it: ended, or (its start's answer lost) seen started. */
  private async readInPersonRefund(): Promise<void> {
    const record = this.store.load()!;
    const waiting = waitingInPersonRefundOf(record);
    if (!waiting || !record.paymentIntentId) return;
    const { key, attempt } = waiting;
    const paymentIntentId = record.paymentIntentId;
    const reader = await this.readerOrNull(attempt.view.readerId);
    // Listed after the reader was read, once it no longer waits: the refund it made (before moving on, or as its
    // action's outcome) is saved with the outcome, or, Stripe failing, nothing is and the next read tries again.
    const stillWaiting = !!reader && waitsAtReader(attempt, reader, paymentIntentId);
    const refunds = stillWaiting ? [] : await this.stripe.refundsOf(paymentIntentId);
    const latest = this.store.load()!;
    if (latest.inPersonRefunds?.[key]?.view.status !== 'in_progress') return;
    const outcome = endedInPersonRefund(attempt, reader, paymentIntentId, refunds, MOVED_ON_BY_READER);
    const started = attempt.started || seenAtStripe(attempt, reader, paymentIntentId, refunds);
    if (outcome) {
      this.saveEnded(key, { ...attempt, started, view: outcome }, refunds);
    } else if (started && !attempt.started) {
      this.store.saveQuietly({ ...latest, inPersonRefunds: { ...latest.inPersonRefunds, [key]: { ...attempt, started } } });
    }
  }

  /**
   * The alarm's read of refunds Stripe may still change, so that a lost webhook changes nothing: the refunds (and an
   * in-person refund's reader) as Stripe has them now, and the next read later than this one (also when Stripe cannot
   * be reached).
   */
  async readOpenRefunds(): Promise<void> {
    try {
      await this.followInPersonRefund();
    } catch (err) {
      const record = this.store.load()!;
      log.warn('refund_read_failed', { sessionId: record.sessionId, kioskId: record.kioskId, error: String(err) });
    }
    const latest = this.store.load()!;
    this.store.saveQuietly({ ...latest, refundReads: afterRefundRead(latest.refundReads, Date.now()) });
  }

  /**
   * Reads the session's refunds from Stripe again (a refund webhook said something changed), in a read that starts
   * after now: one in flight may have listed them before this refund existed.
   */
  sync(): Promise<void> {
    return this.flights.fresh('sync-refunds', async () => {
      const record = this.store.load()!;
      if (!record.paymentIntentId) return;
      const fromStripe = await this.stripe.refundsOf(record.paymentIntentId);
      const latest = this.store.load()!;
      const refunds = mergeRefunds(latest.refunds, fromStripe);
      if (JSON.stringify(refunds) === JSON.stringify(latest.refunds)) return;
      this.store.save({ ...latest, refunds });
      // The customer has not got this money back: said where operators' alerts look, not only on the session's page.
      for (const refund of newlyFailed(latest.refunds, refunds)) {
        log.error('refund_failed', { sessionId: latest.sessionId, kioskId: latest.kioskId, refundId: refund.id, amount: refund.amount });
      }
    });
  }
}
