import Stripe from 'stripe';
import type { ChangeCause } from '../../shared/api.ts';
import { isFinal } from '../../shared/session-status.ts';
import { failure, stripeFailure, type Failure } from '../errors.ts';
import { log } from '../log.ts';
import { readerBusyWithUs } from './alarm-plan.ts';
import type { CheckoutStripe } from './checkout-stripe.ts';
import type { Flights } from './flights.ts';
import { isIntentInvalidState, isReaderTimeout, readerOutcomeOf, readerProblemOf, type ReaderOutcome, type ReaderProblem } from './reader-outcome.ts';
import { resetReader } from './reader-reset.ts';
import { closedForPayment } from './session-answers.ts';
import type { SessionCancellation } from './session-cancellation.ts';
import type { SessionPaymentIntent } from './session-payment-intent.ts';
import type { SessionRecord } from './session-record.ts';
import type { SessionStore } from './session-store.ts';

/** Server-driven mode: while the reader waits, read it this soon after handing it the payment, then this often. */
const FIRST_POLLS_MS = [3_000, 3_000, 4_000, 5_000];
const POLL_EVERY_MS = 10_000;

/** How often a hand-over the reader did not acknowledge in time (and does not have) is tried in all. */
const READER_TIMEOUT_TRIES = 2;

const KIOSK: ChangeCause = { by: 'kiosk' };
const ALARM: ChangeCause = { by: 'alarm' };

/** The reader was not given the payment for a reason that closes nothing: the kiosk is told `failure`. */
class NotHandedOver extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

const READER_PROBLEMS: Record<ReaderProblem, Failure> = {
  reader_offline: failure(503, 'reader_offline', 'The card reader is offline. Please ask a member of staff.'),
  reader_busy: failure(409, 'reader_busy', 'The card reader is busy with another payment. Please try again in a moment.'),
  no_reader: failure(409, 'no_reader', "This kiosk's reader is no longer registered at Stripe: an operator registers one for it."),
};

/** What the reader says after a hand-over whose outcome is unknown: it took the payment, it did not, or it is gone. */
type HandOverAfterAll = 'taken' | 'not_taken' | 'reader_gone';

/**
 * A hand-over that failed: why the reader did not take it, in the kiosk API's codes, if the reader says. A reader that
 * still did not acknowledge the try made again (`terminal_reader_timeout` once more) cannot be reached: offline, for
 * the kiosk, whose staff check its power and network.
 */
const refusalOf = (err: unknown, after: HandOverAfterAll): ReaderProblem | null =>
  readerProblemOf(err) ?? (after === 'reader_gone' ? 'no_reader' : isReaderTimeout(err) ? 'reader_offline' : null);

/** What the kiosk is told of a failed hand-over: the reader's problem, else Stripe's refusal, else an unreachable reader. */
const handOverFailure = (err: unknown, problem: ReaderProblem | null): Failure =>
  problem ? READER_PROBLEMS[problem] : (stripeFailure(err) ?? failure(502, 'stripe_error', 'The reader could not be reached.'));

/**
 * Server-driven mode: the checkout drives its kiosk's reader. It hands the reader the payment (a new session's, or a
 * declined one's again), works out from the reader's own word whether a hand-over whose answer was lost reached it,
 * follows the reader (on a webhook, or the alarm's reads when one is late), and takes the payment back from it. The
 * reader is asked, never trusted to stay as it was: the record is re-read after every await on Stripe.
 */
export class ReaderHandOver {
  constructor(
    private readonly store: SessionStore,
    private readonly stripe: CheckoutStripe,
    private readonly flights: Flights,
    private readonly payment: SessionPaymentIntent,
    private readonly cancellation: SessionCancellation,
  ) {}

  /**
   * Shows the cart on the kiosk's reader and hands it the PaymentIntent, with the customer allowed to cancel on the
   * reader and tipping as the kiosk offers it. A new session's PaymentIntent may still be on its way (`paymentIntent`):
   * the cart is shown meanwhile, and only a created PaymentIntent of a checkout still open goes to the reader. Each try
   * has its own idempotency keys, so a retry after a lost answer is the same try, and a try after a decline a new one.
   */
  private handToReader(cause: ChangeCause, paymentIntent: Promise<void> = Promise.resolve()): Promise<void> {
    return this.flights.once('hand-to-reader', async () => {
      const record = this.store.load()!;
      const attempt = (record.readerAttempts ?? 0) + 1;
      this.store.saveQuietly({ ...record, readerAttempts: attempt });
      const [shown, created] = await Promise.allSettled([this.showCartOnFreedReader(record, attempt), paymentIntent]);
      if (created.status === 'rejected') {
        // Nothing to hand over: a retried create shows the cart again and hands the payment over then, as a try of its
        // own. Under this try's key Stripe keeps its answer to the cart, a failure too (a 500 it began, a busy reader
        // since freed), and would replay it to the retry for a day; the same cart shown twice changes nothing.
        throw new NotHandedOver(this.payment.paymentIntentFailure(created.reason));
      }
      // A cancel that came in while Stripe was creating the PaymentIntent wins; the kiosk's next order replaces the cart.
      const cancelled = closedForPayment(this.store.load()!);
      if (cancelled) throw new NotHandedOver(cancelled);
      if (shown.status === 'rejected') throw shown.reason;
      await this.stripe.processOnReader(this.store.load()!, attempt);
      // A card declined on this try before Stripe's answer came back (a webhook told it) is the newer word.
      if (this.store.load()!.lastDeclinedCharge === record.lastDeclinedCharge) this.awaitCard(cause);
    });
  }

  /**
   * Shows the cart; a reader busy with a payment that can no longer be paid (its PaymentIntent canceled by a checkout
   * that could not take it back from the reader, offline at the time) is freed of it first, or it would refuse every
   * later order.
   */
  private async showCartOnFreedReader(record: SessionRecord, attempt: number): Promise<Stripe.Terminal.Reader> {
    try {
      return await this.stripe.showCart(record, attempt);
    } catch (err) {
      if (readerProblemOf(err) !== 'reader_busy') throw err;
      const reader = await this.stripe.readReaderAndPayment(record.reader!.id);
      const action = 'deleted' in reader ? null : reader.action;
      const held = action?.status === 'in_progress' ? action.process_payment_intent?.payment_intent : null;
      if (typeof held !== 'object' || held?.status !== 'canceled') throw err;
      log.warn('reader_freed_of_canceled_payment', { sessionId: record.sessionId, kioskId: record.kioskId, paymentIntent: held.id });
      await this.stripe.cancelReaderAction(record.reader!.id);
      return this.stripe.showCart(record, attempt, true);
    }
  }

  /** The reader has the payment: the session waits for the card, and the alarm reads the reader if no webhook comes. */
  private awaitCard(cause: ChangeCause): void {
    const record = this.store.load()!;
    log.info('payment_handed_to_reader', { sessionId: record.sessionId, kioskId: record.kioskId, readerId: record.reader!.id, attempt: record.readerAttempts });
    const now = Date.now();
    this.store.change(record, { type: 'awaiting_card' }, cause, { lastProgressAt: now, pollAt: now + FIRST_POLLS_MS[0]!, pollCount: 0 });
  }

  /**
   * A hand-over failed in a way that does not say whether the reader got the payment (Stripe's answer was lost, or
   * came too late): the reader's own word decides. `taken` when the reader took this checkout's payment: it is asking
   * for the card (the session waits for it), or the customer already paid, was declined or cancelled on it (the session
   * says so), even when it refused the try as busy (busy with this payment). `not_taken` when the reader is offline,
   * shows no newer word on this payment, cannot be read, or the checkout is being cancelled; `reader_gone` when Stripe
   * no longer has the reader.
   */
  private async handedOverAfterAll(err: unknown, cause: ChangeCause, declinedBefore: string | undefined): Promise<HandOverAfterAll> {
    const record = this.store.load()!;
    // Busy may mean busy with this very payment: a try the reader acknowledged only after it was read (a timeout).
    if (readerProblemOf(err) === 'reader_offline' || !record.reader || !record.paymentIntentId) return 'not_taken';
    let outcome: ReaderOutcome;
    try {
      const reader = await this.stripe.readReader(record.reader.id);
      if ('deleted' in reader) return 'reader_gone';
      outcome = readerOutcomeOf(record, reader);
    } catch (readErr) {
      // Stripe does not know the reader at all (deleted, or never registered under this account).
      return readErr instanceof Stripe.errors.StripeInvalidRequestError && readErr.statusCode === 404 ? 'reader_gone' : 'not_taken';
    }
    const latest = this.store.load()!;
    if (outcome.kind === 'gone' || closedForPayment(latest)) return 'not_taken';
    switch (outcome.kind) {
      case 'waiting':
        if (latest.state.status !== 'waiting_card') this.awaitCard(cause);
        return 'taken';
      case 'cancelled_on_reader':
        log.info('cancelled_on_reader', { sessionId: latest.sessionId, kioskId: latest.kioskId });
        await this.cancellation.cancelSession('customer', cause);
        return 'taken';
      case 'finished': {
        // The reader's finished action may be an earlier try's decline, never handed this try: only a payment, or a
        // decline newer than the try (settled here or by a webhook meanwhile), says this try reached the reader.
        await this.payment.freshVerify(cause).catch(() => undefined);
        const after = this.store.load()!;
        return after.state.status === 'success' || after.lastDeclinedCharge !== declinedBefore ? 'taken' : 'not_taken';
      }
    }
  }

  /**
   * Hands the new session's payment to the reader; a reader that cannot take it leaves nothing chargeable behind:
   * the PaymentIntent is canceled and the session ends `reader_unavailable`. Null when the reader has it.
   */
  async handToReaderOrClose(paymentIntent?: Promise<void>): Promise<Failure | null> {
    // Observed by handToReader; this keeps a second, concurrent create of the same session from leaving it unobserved.
    paymentIntent?.catch(() => {});
    const declinedBefore = this.store.load()!.lastDeclinedCharge;
    const missed = await this.handOver(declinedBefore, paymentIntent);
    if (missed === null || missed instanceof NotHandedOver) return missed?.failure ?? null;
    // A cancel that came in meanwhile ends the session itself (the reader reset, the PaymentIntent canceled), for the
    // reason it was asked for: the create is told the checkout was cancelled, not of a reader problem.
    const cancelled = closedForPayment(this.store.load()!);
    if (cancelled) return cancelled;
    const { err, after } = missed;
    const problem = refusalOf(err, after);
    log.warn('reader_refused_payment', { sessionId: this.store.load()!.sessionId, kioskId: this.store.load()!.kioskId, problem, error: String(err) });
    this.store.saveQuietly({ ...this.store.load()!, cancelRequested: 'reader_unavailable' });
    // The reader may be asking for the card all the same (an answer lost on the way back): it gives the payment back.
    await resetReader(this.store, this.stripe);
    await this.flights.once('cancel', () => this.payment.closePaymentIntent(KIOSK)).catch(() => this.store.scheduleCleanup());
    const latest = this.store.load()!;
    // The customer paid on the reader before the hand-over's answer came: the order stands.
    if (latest.state.status === 'success') return null;
    // Said at once, as when no PaymentIntent was handed out: the alarm keeps at Stripe until it is canceled, and a
    // card taken meanwhile is refunded (paid after cancellation).
    if (!isFinal(latest.state.status)) this.store.change(latest, { type: 'cancelled', reason: 'reader_unavailable' }, KIOSK);
    const refused = handOverFailure(err, problem);
    // Ended, not just refused: the kiosk shows its reference, for staff to find it.
    return { ...refused, sessionId: latest.sessionId };
  }

  /**
   * The kiosk's retry after a decline (or a reader that timed out): the same PaymentIntent goes back to the reader for
   * another card. Null when the reader has it; otherwise why not, and the session stays as it is.
   */
  async handToReaderAgain(declinedBefore: string | undefined): Promise<Failure | null> {
    const missed = await this.handOver(declinedBefore);
    if (missed === null || missed instanceof NotHandedOver) return missed?.failure ?? null;
    if (isIntentInvalidState(missed.err)) {
      // Canceled or paid elsewhere (the Dashboard) before its webhook came: the session ends as Stripe says (a payment
      // canceled elsewhere also takes this try's cart off the reader), and the kiosk is told so, not of Stripe's refusal.
      await this.payment.freshVerify(KIOSK).catch(() => undefined);
      if (isFinal(this.store.load()!.state.status)) return null;
    }
    return handOverFailure(missed.err, refusalOf(missed.err, missed.after));
  }

  /**
   * Hands the payment to the reader: null when the reader has it, else why not (a reason that closes nothing, or the
   * failed try's error with what the reader says). A try the reader did not acknowledge in time and does not have is
   * made again, as Stripe advises for `terminal_reader_timeout`: as a new try, under new idempotency keys (Stripe keeps
   * the timeout under the old ones).
   */
  private async handOver(
    declinedBefore: string | undefined,
    paymentIntent?: Promise<void>,
  ): Promise<{ err: unknown; after: HandOverAfterAll } | NotHandedOver | null> {
    for (let tries = 1; ; tries++) {
      try {
        await this.handToReader(KIOSK, paymentIntent);
        return null;
      } catch (err) {
        if (err instanceof NotHandedOver) return err;
        const after = await this.handedOverAfterAll(err, KIOSK, declinedBefore);
        if (after === 'taken') return null;
        if (after === 'not_taken' && isReaderTimeout(err) && tries < READER_TIMEOUT_TRIES) {
          // A cancel that came in while the reader was read wins: the order is never shown again. The cancel cleared its
          // cart from the reader before it answered; only a payment the reader acknowledged late is taken back here.
          const cancelled = closedForPayment(this.store.load()!);
          if (cancelled) {
            await resetReader(this.store, this.stripe, 'payment');
            return new NotHandedOver(cancelled);
          }
          log.warn('reader_timeout_retried', { sessionId: this.store.load()!.sessionId, kioskId: this.store.load()!.kioskId, error: String(err) });
          continue;
        }
        return { err, after };
      }
    }
  }

  /**
   * Reads the reader and, once its action is over, the PaymentIntent; moves the session to what they say. Webhooks
   * make this happen at once; the alarm does it too, in case a webhook is late or lost. Never joins a read already under
   * way: it may have read the reader before the change a webhook announces.
   */
  followReader(cause: ChangeCause): Promise<void> {
    return this.flights.fresh('follow-reader', async () => {
      // A hand-over under way changes what the reader shows (the cart first, then the payment): read it once it is done.
      await this.flights.finished('hand-to-reader');
      const record = this.store.load()!;
      if (!record.reader || isFinal(record.state.status)) return;
      const reader = await this.stripe.readReader(record.reader.id);
      if ('deleted' in reader) {
        // Removed (by an operator, or in the Dashboard): no card can reach this payment any more, which must not stay open.
        log.warn('reader_removed_during_payment', { sessionId: record.sessionId, kioskId: record.kioskId, readerId: record.reader.id });
        await this.cancellation.cancelSession('reader_unavailable', cause);
        return;
      }
      // What the reader said is about this try only: a retry handed over since then is the reader's newer word.
      const stillThisTry = () => (this.store.load()!.readerAttempts ?? 0) === (record.readerAttempts ?? 0) && !this.flights.isRunning('hand-to-reader');
      const outcome = readerOutcomeOf(record, reader);
      if (outcome.kind === 'waiting') {
        // The card may already be with Stripe (processing): the PaymentIntent says so.
        return this.payment.freshVerify(cause);
      }
      if (outcome.kind === 'cancelled_on_reader') {
        if (!stillThisTry()) return;
        log.info('cancelled_on_reader', { sessionId: record.sessionId, kioskId: record.kioskId });
        await this.cancellation.cancelSession('customer', cause);
        return;
      }
      await this.payment.freshVerify(cause);
      const latest = this.store.load()!;
      // The reader gave up without a card decision (it timed out, or was reset): the customer may try again.
      if (readerBusyWithUs(latest) && stillThisTry()) {
        const declineCode = outcome.kind === 'finished' ? (outcome.failureCode ?? 'reader_error') : 'reader_reset';
        this.store.change(latest, { type: 'payment_declined', declineCode }, cause);
      }
    });
  }

  /** Server-driven mode: reads the reader (in case its webhook is late or lost), then plans the next read. */
  async pollReader(record: SessionRecord): Promise<void> {
    try {
      await this.followReader(ALARM);
    } catch (err) {
      log.warn('reader_poll_failed', { sessionId: record.sessionId, kioskId: record.kioskId, error: String(err) });
    }
    const latest = this.store.load()!;
    const count = (latest.pollCount ?? 0) + 1;
    const pollAt = readerBusyWithUs(latest) ? Date.now() + (FIRST_POLLS_MS[count] ?? POLL_EVERY_MS) : undefined;
    this.store.saveQuietly({ ...latest, pollCount: count, pollAt });
  }
}
