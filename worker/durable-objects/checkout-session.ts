import { DurableObject } from 'cloudflare:workers';
import Stripe from 'stripe';
import type { ChangeCause, CompleteResponse, ProgressRequest, RefundRequest, RefundView, SessionDetail, SessionView } from '../../shared/api.ts';
import { isFinal, type CancellationReason } from '../../shared/session-status.ts';
import { transition, type SessionEvent } from '../../shared/transition.ts';
import { kioskAccess } from '../auth/kiosk-access.ts';
import type { KioskCredential } from '../auth/kiosk-token.ts';
import { readerBusyWithUs } from '../checkout/alarm-plan.ts';
import { CheckoutStripe } from '../checkout/checkout-stripe.ts';
import { readerOutcomeOf, readerProblemOf, type ReaderOutcome, type ReaderProblem } from '../checkout/reader-outcome.ts';
import { Flights } from '../checkout/flights.ts';
import {
  owesReceiptNumber,
  newSessionRecord,
  orderFingerprint,
  settledForKiosk,
  viewOf,
  type OpenSessionInput,
  type SessionRecord,
} from '../checkout/session-record.ts';
import { ProcessedEvents } from '../checkout/processed-events.ts';
import { owesAutomaticRefund } from '../checkout/refunds.ts';
import { SessionPaymentIntent } from '../checkout/session-payment-intent.ts';
import { SessionRefunds } from '../checkout/session-refunds.ts';
import { cancelResult, closedForPayment, detailOf, differentOrder, notFound } from '../checkout/session-answers.ts';
import { SessionStore } from '../checkout/session-store.ts';
import { failure, isFailure, stripeFailure, type Failure } from '../errors.ts';
import { hearsKioskChanges } from '../kiosks/credential-push.ts';
import type { KioskAuth } from '../kiosks/kiosk-record.ts';
import { log } from '../log.ts';
import { kioskObject } from '../objects.ts';
import { PAYMENT_OUTCOME_OF_EVENT, REFUND_EVENTS } from '../webhook-events.ts';
import type { ReaderEvent } from './kiosk.ts';

export type { OpenSessionInput } from '../checkout/session-record.ts';

type Ok<T> = { ok: true } & T;

/** Server-driven mode: while the reader waits, read it this soon after handing it the payment, then this often. */
const FIRST_POLLS_MS = [3_000, 3_000, 4_000, 5_000];
const POLL_EVERY_MS = 10_000;

const KIOSK: ChangeCause = { by: 'kiosk' };
const ALARM: ChangeCause = { by: 'alarm' };
const OPERATOR: ChangeCause = { by: 'operator' };

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

/** A hand-over that failed: why the reader did not take it, in the kiosk API's codes, if the reader says. */
const refusalOf = (err: unknown, after: HandOverAfterAll): ReaderProblem | null =>
  readerProblemOf(err) ?? (after === 'reader_gone' ? 'no_reader' : null);

/** `failed` has no event: the customer is still there after a decline, and the session stays as it is. */
const PROGRESS_EVENTS: Record<Exclude<ProgressRequest['status'], 'failed'>, SessionEvent> = {
  connecting: { type: 'reader_connecting' },
  waiting_card: { type: 'awaiting_card' },
  processing: { type: 'card_presented' },
};

const IS_REFUND_EVENT: ReadonlySet<string> = new Set(REFUND_EVENTS);

/**
 * One kiosk checkout session: the single source of truth for its payment. Its state only changes through the pure
 * `transition` of shared/ (by way of the store, which records who caused each change), and only after asking Stripe
 * (the kiosk's and the webhooks' word are hints). Every `await` on Stripe lets other calls in, so state is re-read from
 * storage after each one.
 *
 * It checks its kiosk's token itself (from the copy the kiosk's object pushes to it), so a kiosk request about one
 * checkout reaches only this object. In server-driven mode it drives the kiosk's reader. The money rule it keeps: a
 * session that ends without `success` leaves no PaymentIntent that can take money, and keeps none that did.
 * Creation and cancellation are ordered (a cancel waits for a creation in flight), a cancelled session never hands out
 * its PaymentIntent again, and its alarm works until Stripe agrees.
 */
export class CheckoutSession extends DurableObject<Env> {
  private readonly flights = new Flights();
  private readonly store: SessionStore;
  private readonly events: ProcessedEvents;
  private readonly stripe: CheckoutStripe;
  private readonly refunds: SessionRefunds;
  private readonly payment: SessionPaymentIntent;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new SessionStore(ctx, env);
    this.stripe = new CheckoutStripe(env);
    this.events = new ProcessedEvents(ctx.storage.sql);
    this.refunds = new SessionRefunds(this.store, this.stripe, this.flights);
    this.payment = new SessionPaymentIntent(this.store, this.stripe, this.flights, this.refunds, () => this.resetReader());
  }

  private load(): SessionRecord | undefined {
    return this.store.load();
  }

  /**
   * The session, if this kiosk token may act on it. Another kiosk's session looks exactly like a missing one (no
   * existence leak). While the kiosk's object tells this checkout of every token change, the auth it was told decides;
   * otherwise (ended a while ago, or from before checkouts held their kiosk's auth) the kiosk's object does. A wrong
   * token goes to the kiosk's object either way: it counts every one naming its kiosk (429 once they come too fast).
   */
  private async authorized(credential: KioskCredential): Promise<SessionRecord | Failure> {
    const record = this.load();
    if (!record || record.kioskId !== credential.kioskId) return notFound();
    if (record.kioskAuth && hearsKioskChanges(record, Date.now())) {
      const refused = kioskAccess(record.kioskAuth, credential);
      if (!refused) return record;
      if (refused.status !== 401) return refused;
    }
    const answer = await kioskObject(this.env, record.kioskId).authenticate(credential);
    return isFailure(answer) ? answer : this.load()!;
  }

  /** Refuses a kiosk's Stripe-calling action beyond its per-kiosk limit (one stolen token cannot spend the account's). */
  private async withinActionLimit(kioskId: string): Promise<Failure | null> {
    const { success } = await this.env.ACTION_RATE_LIMITER.limit({ key: kioskId });
    return success ? null : failure(429, 'rate_limited', 'Too many requests from this kiosk. Please wait a moment.', 60);
  }

  // ---- opening a checkout ---------------------------------------------------------------------------------------

  /**
   * Creates the session and its PaymentIntent; called again with the same cart (a retry), returns the same session.
   * The PaymentIntent is always made from the cart and price stored first, never from a retry's input, and a session
   * that was cancelled (or is being cancelled) never hands one out. In server-driven mode it then goes to the reader.
   */
  async open(input: OpenSessionInput): Promise<Ok<{ session: SessionView; created: boolean }> | Failure> {
    const existing = this.load();
    if (existing && (existing.kioskId !== input.kioskId || orderFingerprint(existing) !== orderFingerprint(input))) {
      return differentOrder();
    }
    if (existing) return this.carryOn(existing, false);
    const record = this.store.save(newSessionRecord(input, Date.now()));
    log.info('session_opened', { sessionId: input.sessionId, kioskId: input.kioskId, amount: input.amount, currency: input.currency });
    return this.carryOn(record, true);
  }

  /**
   * A create retried with the same Idempotency-Key: the checkout as it was opened, however the menu or the kiosk's
   * settings changed since, if the order is the one first sent (409 if not). Null when this checkout cannot say (none
   * yet, or opened before it kept the order as sent): the kiosk's object then prices it, and `open` decides.
   */
  async reopen(kioskId: string, requestFingerprint: string): Promise<Ok<{ session: SessionView; created: boolean }> | Failure | null> {
    const record = this.load();
    if (!record?.requestFingerprint || record.kioskId !== kioskId) return null;
    if (record.requestFingerprint !== requestFingerprint) return differentOrder();
    return this.carryOn(record, false);
  }

  /** Takes an open (or reopened) checkout as far as it goes: its PaymentIntent, and in server-driven mode the reader. */
  private async carryOn(record: SessionRecord, created: boolean): Promise<Ok<{ session: SessionView; created: boolean }> | Failure> {
    const closed = closedForPayment(record);
    if (closed) return closed;
    if (record.reader && (!record.readerAttempts || this.flights.isRunning('open-hand-over'))) {
      // Server-driven: the cart goes up on the reader while Stripe creates the PaymentIntent, one round trip instead
      // of two before the customer can pay. A create retried while the first is still at it gets the first's answer.
      const refused = await this.flights.once('open-hand-over', () =>
        this.handToReaderOrClose(record.paymentIntentId ? undefined : this.payment.ensurePaymentIntent()),
      );
      return refused ?? { ok: true, session: viewOf(this.load()!), created };
    }
    if (!record.paymentIntentId) {
      try {
        await this.payment.ensurePaymentIntent();
      } catch (err) {
        return this.payment.paymentIntentFailure(err);
      }
      // A cancel may have come in while Stripe was creating it.
      const cancelled = closedForPayment(this.load()!);
      if (cancelled) return cancelled;
    }
    return { ok: true, session: viewOf(this.load()!), created };
  }

  // ---- server-driven mode: the session drives the kiosk's reader -------------------------------------------------

  /**
   * Shows the cart on the kiosk's reader and hands it the PaymentIntent, with the customer allowed to cancel on the
   * reader and tipping as the kiosk offers it. A new session's PaymentIntent may still be on its way (`paymentIntent`):
   * the cart is shown meanwhile, and only a created PaymentIntent of a checkout still open goes to the reader. Each try
   * has its own idempotency keys, so a retry after a lost answer is the same try, and a try after a decline a new one.
   */
  private handToReader(cause: ChangeCause, paymentIntent: Promise<void> = Promise.resolve()): Promise<void> {
    return this.flights.once('hand-to-reader', async () => {
      const record = this.load()!;
      const attempt = (record.readerAttempts ?? 0) + 1;
      this.store.saveQuietly({ ...record, readerAttempts: attempt });
      const [shown, created] = await Promise.allSettled([this.showCartOnFreedReader(record, attempt), paymentIntent]);
      if (created.status === 'rejected') {
        // Nothing to hand over: a retried create shows the cart (the same try) and hands the payment over then.
        this.store.saveQuietly({ ...this.load()!, readerAttempts: attempt - 1 });
        throw new NotHandedOver(this.payment.paymentIntentFailure(created.reason));
      }
      // A cancel that came in while Stripe was creating the PaymentIntent wins; the kiosk's next order replaces the cart.
      const cancelled = closedForPayment(this.load()!);
      if (cancelled) throw new NotHandedOver(cancelled);
      if (shown.status === 'rejected') throw shown.reason;
      await this.stripe.processOnReader(this.load()!, attempt);
      // A card declined on this try before Stripe's answer came back (a webhook told it) is the newer word.
      if (this.load()!.lastDeclinedCharge === record.lastDeclinedCharge) this.awaitCard(cause);
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
    const record = this.load()!;
    log.info('payment_handed_to_reader', { sessionId: record.sessionId, kioskId: record.kioskId, readerId: record.reader!.id, attempt: record.readerAttempts });
    const now = Date.now();
    this.store.change(record, { type: 'awaiting_card' }, cause, { lastProgressAt: now, pollAt: now + FIRST_POLLS_MS[0]!, pollCount: 0 });
  }

  /**
   * A hand-over failed in a way that does not say whether the reader got the payment (Stripe's answer was lost, or
   * came too late): the reader's own word decides. `taken` when the reader took this checkout's payment: it is asking
   * for the card (the session waits for it), or the customer already paid, was declined or cancelled on it (the session
   * says so). `not_taken` when the reader shows no newer word on this payment, cannot be read, or the checkout is being
   * cancelled; `reader_gone` when Stripe no longer has the reader.
   */
  private async handedOverAfterAll(err: unknown, cause: ChangeCause, declinedBefore: string | undefined): Promise<HandOverAfterAll> {
    const record = this.load()!;
    if (readerProblemOf(err) || !record.reader || !record.paymentIntentId) return 'not_taken';
    let outcome: ReaderOutcome;
    try {
      const reader = await this.stripe.readReader(record.reader.id);
      if ('deleted' in reader) return 'reader_gone';
      outcome = readerOutcomeOf(record, reader);
    } catch (readErr) {
      // Stripe does not know the reader at all (deleted, or never registered under this account).
      return readErr instanceof Stripe.errors.StripeInvalidRequestError && readErr.statusCode === 404 ? 'reader_gone' : 'not_taken';
    }
    const latest = this.load()!;
    if (outcome.kind === 'gone' || closedForPayment(latest)) return 'not_taken';
    switch (outcome.kind) {
      case 'waiting':
        if (latest.state.status !== 'waiting_card') this.awaitCard(cause);
        return 'taken';
      case 'cancelled_on_reader':
        log.info('cancelled_on_reader', { sessionId: latest.sessionId, kioskId: latest.kioskId });
        await this.cancelSession('customer', cause);
        return 'taken';
      case 'finished': {
        // The reader's finished action may be an earlier try's decline, never handed this try: only a payment, or a
        // decline newer than the try (settled here or by a webhook meanwhile), says this try reached the reader.
        await this.payment.freshVerify(cause).catch(() => undefined);
        const after = this.load()!;
        return after.state.status === 'success' || after.lastDeclinedCharge !== declinedBefore ? 'taken' : 'not_taken';
      }
    }
  }

  /**
   * Hands the new session's payment to the reader; a reader that cannot take it leaves nothing chargeable behind:
   * the PaymentIntent is canceled and the session ends `reader_unavailable`. Null when the reader has it.
   */
  private async handToReaderOrClose(paymentIntent?: Promise<void>): Promise<Failure | null> {
    // Observed by handToReader; this keeps a second, concurrent create of the same session from leaving it unobserved.
    paymentIntent?.catch(() => {});
    const declinedBefore = this.load()!.lastDeclinedCharge;
    try {
      await this.handToReader(KIOSK, paymentIntent);
      return null;
    } catch (err) {
      if (err instanceof NotHandedOver) return err.failure;
      const after = await this.handedOverAfterAll(err, KIOSK, declinedBefore);
      if (after === 'taken') return null;
      const problem = refusalOf(err, after);
      log.warn('reader_refused_payment', { sessionId: this.load()!.sessionId, kioskId: this.load()!.kioskId, problem, error: String(err) });
      this.store.saveQuietly({ ...this.load()!, cancelRequested: 'reader_unavailable' });
      // The reader may be asking for the card all the same (an answer lost on the way back): it gives the payment back.
      await this.resetReader();
      await this.flights.once('cancel', () => this.payment.closePaymentIntent(KIOSK)).catch(() => this.store.scheduleCleanup());
      const latest = this.load()!;
      // The customer paid on the reader before the hand-over's answer came: the order stands.
      if (latest.state.status === 'success') return null;
      // Said at once, as when no PaymentIntent was handed out: the alarm keeps at Stripe until it is canceled, and a
      // card taken meanwhile is refunded (paid after cancellation).
      if (!isFinal(latest.state.status)) this.store.change(latest, { type: 'cancelled', reason: 'reader_unavailable' }, KIOSK);
      const refused = problem ? READER_PROBLEMS[problem] : (stripeFailure(err) ?? failure(502, 'stripe_error', 'The reader could not be reached.'));
      // Ended, not just refused: the kiosk shows its reference, for staff to find it.
      return { ...refused, sessionId: latest.sessionId };
    }
  }

  /** After a decline (or a reader that timed out): the same PaymentIntent goes back to the reader for another card. */
  async retry(credential: KioskCredential): Promise<Ok<{ session: SessionView }> | Failure> {
    const owned = await this.authorized(credential);
    if (isFailure(owned)) return owned;
    if (!owned.reader) return failure(409, 'not_server_driven', 'This kiosk drives its reader itself: collect another card with the SDK.');
    if (isFinal(owned.state.status)) return cancelResult(owned);
    const limited = await this.withinActionLimit(owned.kioskId);
    if (limited) return limited;
    // The reader may have declined the card before its webhook reached the session: the reader's word decides.
    if (readerBusyWithUs(owned)) {
      await this.followReader(KIOSK).catch((err: unknown) => {
        log.warn('reader_read_failed', { sessionId: owned.sessionId, kioskId: owned.kioskId, error: String(err) });
      });
    }
    const record = this.load()!;
    if (record.state.status !== 'failed') {
      return isFinal(record.state.status) ? cancelResult(record) : { ok: true, session: viewOf(record) };
    }
    try {
      await this.handToReader(KIOSK);
    } catch (err) {
      if (err instanceof NotHandedOver) return err.failure;
      const after = await this.handedOverAfterAll(err, KIOSK, record.lastDeclinedCharge);
      if (after === 'taken') return { ok: true, session: viewOf(this.load()!) };
      const problem = refusalOf(err, after);
      return problem ? READER_PROBLEMS[problem] : (stripeFailure(err) ?? failure(502, 'stripe_error', 'The reader could not be reached.'));
    }
    return { ok: true, session: viewOf(this.load()!) };
  }

  /**
   * A webhook about the session's reader (routed here by the kiosk's object). Recorded once by event id; as a hint,
   * it makes the session read the reader and the PaymentIntent.
   */
  async applyReaderEvent(event: ReaderEvent): Promise<{ known: boolean; duplicate: boolean }> {
    const record = this.load();
    if (!record) return { known: false, duplicate: false };
    if (!record.reader || event.paymentIntentId !== record.paymentIntentId) return { known: true, duplicate: false };
    const followed = await this.events.once(event.id, `reader:${event.id}`, async () => {
      if (!isFinal(record.state.status)) await this.followReader({ by: 'webhook', eventId: event.id });
    });
    return { known: true, ...followed };
  }

  /**
   * Reads the reader and, once its action is over, the PaymentIntent; moves the session to what they say. Webhooks
   * make this happen at once; the alarm does it too, in case a webhook is late or lost. Never joins a read already under
   * way: it may have read the reader before the change a webhook announces.
   */
  private followReader(cause: ChangeCause): Promise<void> {
    return this.flights.fresh('follow-reader', async () => {
      // A hand-over under way changes what the reader shows (the cart first, then the payment): read it once it is done.
      await this.flights.finished('hand-to-reader');
      const record = this.load()!;
      if (!record.reader || isFinal(record.state.status)) return;
      const reader = await this.stripe.readReader(record.reader.id);
      if ('deleted' in reader) {
        // Removed (by an operator, or in the Dashboard): no card can reach this payment any more, which must not stay open.
        log.warn('reader_removed_during_payment', { sessionId: record.sessionId, kioskId: record.kioskId, readerId: record.reader.id });
        await this.cancelSession('reader_unavailable', cause);
        return;
      }
      // What the reader said is about this try only: a retry handed over since then is the reader's newer word.
      const stillThisTry = () => (this.load()!.readerAttempts ?? 0) === (record.readerAttempts ?? 0) && !this.flights.isRunning('hand-to-reader');
      const outcome = readerOutcomeOf(record, reader);
      if (outcome.kind === 'waiting') {
        // The card may already be with Stripe (processing): the PaymentIntent says so.
        return this.payment.freshVerify(cause);
      }
      if (outcome.kind === 'cancelled_on_reader') {
        if (!stillThisTry()) return;
        log.info('cancelled_on_reader', { sessionId: record.sessionId, kioskId: record.kioskId });
        await this.cancelSession('customer', cause);
        return;
      }
      await this.payment.freshVerify(cause);
      const latest = this.load()!;
      // The reader gave up without a card decision (it timed out, or was reset): the customer may try again.
      if (readerBusyWithUs(latest) && stillThisTry()) {
        const declineCode = outcome.kind === 'finished' ? (outcome.failureCode ?? 'reader_error') : 'reader_reset';
        this.store.change(latest, { type: 'payment_declined', declineCode }, cause);
      }
    });
  }

  /**
   * Takes the payment back from the reader (cancel_action), if the reader is still working on this session's payment
   * and not another. A reader that cannot be reached is left as it is: canceling the PaymentIntent is what guarantees
   * no money is taken.
   */
  private async resetReader(): Promise<void> {
    const record = this.load()!;
    if (!record.reader || !record.paymentIntentId) return;
    try {
      const reader = await this.stripe.readReader(record.reader.id);
      if ('deleted' in reader || readerOutcomeOf(record, reader).kind !== 'waiting') return;
      await this.stripe.cancelReaderAction(record.reader.id);
    } catch (err) {
      log.warn('reader_not_reset', { sessionId: record.sessionId, kioskId: record.kioskId, error: String(err) });
    }
  }

  // ---- the kiosk's view, progress and verification ------------------------------------------------------------------

  async get(credential: KioskCredential): Promise<Ok<{ session: SessionView }> | Failure> {
    const record = await this.authorized(credential);
    return isFailure(record) ? record : { ok: true, session: viewOf(record) };
  }

  /** For operators: the session whichever kiosk it belongs to, with the timeline of its status changes. */
  inspect(): SessionDetail | null {
    const record = this.load();
    return record ? detailOf(record) : null;
  }

  /**
   * An operator has dealt with a session that needed one (the money checked, the customer helped): the store's live
   * fleet stops flagging its kiosk. Marking it again changes nothing.
   */
  markHandled(): Ok<{ detail: SessionDetail }> | Failure {
    const record = this.load();
    if (!record) return notFound();
    if (record.state.status !== 'requires_attention') {
      return failure(409, 'not_requires_attention', 'Only a session that needs an operator can be marked handled');
    }
    if (record.handledAt !== undefined) return { ok: true, detail: detailOf(record) };
    const handled = this.store.save({ ...record, handledAt: Date.now() });
    log.info('session_handled', { sessionId: record.sessionId, kioskId: record.kioskId });
    return { ok: true, detail: detailOf(handled) };
  }

  /** The one-time upgrade: a session from before the ledger existed enters it, with its kiosk's Location. */
  republishToLedger(locationId: string): boolean {
    const record = this.load();
    if (!record) return false;
    this.store.save({ ...record, locationId: record.locationId || locationId });
    return true;
  }

  /**
   * The kiosk's token or status changed (rotated, disabled, enabled): from now on, only the new auth counts. A disabled
   * kiosk's open checkout ends as an operator's cancel: its tablet is signed out, and a reader (or the SDK) must not go
   * on taking a card nobody is shown. Stripe is called after this answers, so a disable never waits on it.
   */
  kioskChanged(auth: KioskAuth): { open: boolean } {
    const record = this.load();
    // Not opened yet (the kiosk's object may be opening it right now): still to be told of later changes.
    if (!record) return { open: true };
    if (auth.kioskId === record.kioskId && auth.version > (record.kioskAuth?.version ?? 0)) {
      this.store.saveQuietly({ ...record, kioskAuth: auth });
      this.store.live.revoke();
      if (auth.disabled && !isFinal(record.state.status)) void this.endForDisabledKiosk();
    }
    return { open: !isFinal(record.state.status) };
  }

  private async endForDisabledKiosk(): Promise<void> {
    const record = this.load()!;
    log.warn('checkout_ended_kiosk_disabled', { sessionId: record.sessionId, kioskId: record.kioskId });
    const result = await this.cancelSession('operator', OPERATOR).catch((err: unknown) => failure(502, 'stripe_error', String(err)));
    // Stripe failing: the cancel is remembered, and the alarm tries again. A card paid meanwhile stays paid.
    if (isFailure(result) && result.code !== 'already_paid' && result.code !== 'requires_attention') this.store.scheduleCleanup();
  }

  /** Progress the kiosk reports while driving the reader (or "still there" while it waits): proof of life. */
  async progress(credential: KioskCredential, status: ProgressRequest['status']): Promise<Ok<{ session: SessionView }> | Failure> {
    const record = await this.authorized(credential);
    if (isFailure(record)) return record;
    const alive = { lastProgressAt: Date.now() };
    if (status === 'failed') {
      // Only a declined session waits for another card: anything else is not what the kiosk thinks it is.
      if (record.state.status !== 'failed') return failure(409, 'invalid_transition', `The session is ${record.state.status}, not failed`);
      return { ok: true, session: viewOf(this.store.save({ ...record, ...alive })) };
    }
    // Server-driven: the session drives the reader, and only the reader and Stripe say where the payment is. The
    // kiosk's word (a stale copy, at best) would stop the reads that stand in for a late webhook.
    if (record.reader) {
      if (isFinal(record.state.status)) return failure(409, 'invalid_transition', `The session is ${record.state.status}`);
      return { ok: true, session: viewOf(this.store.save({ ...record, ...alive })) };
    }
    const event = PROGRESS_EVENTS[status];
    const result = transition(record.state, event);
    if (!result.ok) return failure(409, 'invalid_transition', result.error);
    const next = result.changed ? this.store.change(record, event, KIOSK, alive) : this.store.save({ ...record, ...alive });
    return { ok: true, session: viewOf(next) };
  }

  /** Query-driven verification: the kiosk says it is done; Stripe says whether it is paid. */
  async complete(credential: KioskCredential, paymentIntentId: string): Promise<Ok<{ result: CompleteResponse }> | Failure> {
    const record = await this.authorized(credential);
    if (isFailure(record)) return record;
    if (!record.paymentIntentId || paymentIntentId !== record.paymentIntentId) {
      return failure(400, 'payment_intent_mismatch', "That PaymentIntent is not this session's");
    }
    if (!isFinal(record.state.status)) {
      const limited = await this.withinActionLimit(record.kioskId);
      if (limited) return limited;
      try {
        // A read already under way may have started before the card was charged: the verdict comes from a new one.
        await this.payment.freshVerify(KIOSK);
      } catch (err) {
        const fromStripe = stripeFailure(err);
        if (fromStripe) return fromStripe;
        throw err;
      }
    }
    const latest = this.load()!;
    return {
      ok: true,
      result: {
        success: latest.state.status === 'success',
        status: latest.state.status,
        ...(latest.state.declineCode && latest.state.status === 'failed' ? { declineCode: latest.state.declineCode } : {}),
        ...(latest.receipt ? { receipt: latest.receipt } : {}),
        ...(latest.state.status === 'success' ? { orderNumber: latest.orderNumber ?? null } : {}),
      },
    };
  }

  // ---- cancelling, and closing the PaymentIntent at Stripe ------------------------------------------------------------

  /** The kiosk cancels: the reader is reset, the PaymentIntent canceled (409 `already_paid` if it was paid meanwhile). */
  async cancel(credential: KioskCredential): Promise<Ok<{ session: SessionView }> | Failure> {
    const owned = await this.authorized(credential);
    if (isFailure(owned)) return owned;
    if (isFinal(owned.state.status)) return cancelResult(owned);
    const limited = await this.withinActionLimit(owned.kioskId);
    if (limited) return limited;
    return this.cancelSession('customer', KIOSK);
  }

  /** An operator ends a session that is still open (a customer who left, a kiosk that broke down). */
  async cancelByOperator(): Promise<Ok<{ session: SessionView }> | Failure> {
    return this.cancelSession('operator', OPERATOR);
  }

  /**
   * The kiosk started the next customer's order while this one was still open (its customer walked away): the reader
   * is needed for the new one, so this one ends. A card being processed right now is left to finish (409).
   */
  async supersede(): Promise<Ok<{ session: SessionView }> | Failure> {
    const record = this.load();
    if (!record || isFinal(record.state.status)) return record ? { ok: true, session: viewOf(record) } : notFound();
    return this.cancelSession('superseded', KIOSK);
  }

  /**
   * Ends the session unpaid. A creation still in flight is waited for, so nothing it makes is left behind; in
   * server-driven mode the reader gives the payment back first.
   */
  private async cancelSession(reason: CancellationReason, cause: ChangeCause): Promise<Ok<{ session: SessionView }> | Failure> {
    const record = this.load();
    if (!record) return notFound();
    if (isFinal(record.state.status)) return cancelResult(record);
    // Remembered first: a creation finishing meanwhile, or a replayed create, must not hand the PaymentIntent out.
    this.store.saveQuietly({ ...record, cancelRequested: record.cancelRequested ?? reason });
    await this.flights.finished('create-payment-intent');
    await this.flights.finished('hand-to-reader');
    await this.resetReader();
    try {
      await this.flights.once('cancel', () => this.payment.closePaymentIntent(cause));
    } catch (err) {
      const latest = this.load()!;
      if (isFinal(latest.state.status)) return cancelResult(latest);
      if (!latest.paymentIntentId) {
        // Stripe cannot be reached, and no PaymentIntent was ever handed out: the customer is told at once, and the
        // alarm finds and cancels whatever Stripe may have created under the session's key.
        const cancelled = this.store.change(latest, { type: 'cancelled', reason: latest.cancelRequested ?? reason }, cause);
        this.store.scheduleCleanup();
        return cancelResult(cancelled);
      }
      return stripeFailure(err) ?? failure(502, 'stripe_error', 'Could not cancel the payment. Please try again.');
    }
    const latest = this.load()!;
    if (!isFinal(latest.state.status)) {
      return failure(409, 'payment_in_progress', 'The card is being processed and cannot be cancelled now. Please wait.');
    }
    return cancelResult(latest);
  }

  // ---- refunds ------------------------------------------------------------------------------------------------------

  /** An operator's refund, full or partial (see `SessionRefunds`). */
  async refund(request: RefundRequest & { idempotencyKey: string }): Promise<Ok<{ refund: RefundView }> | Failure> {
    if (!this.load()) return notFound();
    return this.refunds.forOperator(request);
  }

  // ---- Stripe's webhooks ----------------------------------------------------------------------------------------------

  /**
   * A verified Stripe webhook event about this session's PaymentIntent or its refunds. Recorded once by event id and
   * once per change (Stripe may send one change under two event ids); then, as a hint, it triggers a fresh read.
   */
  async applyStripeEvent(event: { id: string; type: string; objectId: string; chargeId: string | null }): Promise<{ known: boolean; duplicate: boolean }> {
    let record = this.load();
    if (!record) return { known: false, duplicate: false };
    if (!record.paymentIntentId) {
      // Every answer to the creation was lost: the session's own key hands its PaymentIntent back (or throws, and
      // Stripe redelivers the event later).
      await this.payment.ensurePaymentIntent();
      record = this.load()!;
    }
    if (event.objectId !== record.paymentIntentId) {
      log.error('webhook_payment_intent_mismatch', { sessionId: record.sessionId, kioskId: record.kioskId, paymentIntent: event.objectId, eventId: event.id });
      return { known: true, duplicate: false };
    }
    const cause: ChangeCause = { by: 'webhook', eventId: event.id };
    if (IS_REFUND_EVENT.has(event.type)) return { known: true, ...(await this.events.once(event.id, `refund:${event.id}`, () => this.refunds.sync())) };
    const outcome = PAYMENT_OUTCOME_OF_EVENT[event.type];
    // Creation and the like cannot change whether this session is paid: acknowledged, nothing to read.
    if (!outcome) return { known: true, duplicate: false };
    // A finished session only cares about money it must not keep: a success on a cancelled (or attention) session.
    const ignored = record.state.status === 'success' || (isFinal(record.state.status) && outcome !== 'succeeded');
    const changeKey = `${event.objectId}:${outcome}:${event.chargeId ?? ''}`;
    return { known: true, ...(await this.events.once(event.id, changeKey, () => (ignored ? Promise.resolve() : this.payment.freshVerify(cause)))) };
  }

  // ---- the live channel ---------------------------------------------------------------------------------------------

  /** A one-time ticket for the session's live channel (valid for 30 seconds, for this session only). */
  async liveTicket(credential: KioskCredential): Promise<Ok<{ ticket: string; expiresAt: number }> | Failure> {
    const record = await this.authorized(credential);
    if (isFailure(record)) return record;
    return { ok: true, ...(await this.store.live.issueTicket()) };
  }

  /** The live channel's WebSocket upgrade, with a ticket from `liveTicket`. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('Upgrade')?.toLowerCase() !== 'websocket') return new Response('Expected a WebSocket', { status: 426 });
    const ticket = new URL(request.url).searchParams.get('ticket') ?? '';
    const record = this.load();
    if (!record || !(await this.store.live.redeem(ticket))) {
      return Response.json({ error: { code: 'invalid_ticket', message: 'This live ticket is unknown, used or expired' } }, { status: 401 });
    }
    return this.store.live.open(viewOf(record), settledForKiosk(record));
  }

  // Kiosks only listen on the live channel; their pings are answered by the runtime (see LiveChannel).
  override webSocketMessage(): void {}

  // ---- the alarm ----------------------------------------------------------------------------------------------------

  /**
   * The one alarm, safe to fire twice or early: settles an open session that has seen no progress for its timeout,
   * reads the reader when its webhooks are late, keeps at Stripe until a session that ended unpaid has its
   * PaymentIntent closed and no money kept, writes the ledger, and tells the kiosk's object when the session ended.
   */
  override async alarm(): Promise<void> {
    const record = this.load();
    if (!record) return;
    const now = Date.now();
    const retryDue = record.cleanupAt === undefined || now >= record.cleanupAt;
    if (isFinal(record.state.status)) {
      if (retryDue) await this.enforceUnpaidEnding(record);
      if (retryDue) await this.numberReceipt();
    } else if (retryDue && now >= record.lastProgressAt + record.timeoutMs) {
      await this.expire(record);
    } else if (readerBusyWithUs(record) && record.pollAt !== undefined && now >= record.pollAt) {
      await this.pollReader(record);
    }
    await this.store.flushLedger();
    await this.tellKioskIfEnded();
    this.store.armAlarm(this.load()!);
  }

  /** Server-driven mode: reads the reader (in case its webhook is late or lost), then plans the next read. */
  private async pollReader(record: SessionRecord): Promise<void> {
    try {
      await this.followReader(ALARM);
    } catch (err) {
      log.warn('reader_poll_failed', { sessionId: record.sessionId, kioskId: record.kioskId, error: String(err) });
    }
    const latest = this.load()!;
    const count = (latest.pollCount ?? 0) + 1;
    const pollAt = readerBusyWithUs(latest) ? Date.now() + (FIRST_POLLS_MS[count] ?? POLL_EVERY_MS) : undefined;
    this.store.saveQuietly({ ...latest, pollCount: count, pollAt });
  }

  /** No progress for the timeout: ask Stripe first (the card may have been charged), then cancel. */
  private async expire(record: SessionRecord): Promise<void> {
    try {
      // Every answer to the creation may have been lost: the same key hands the PaymentIntent back to be read.
      await this.payment.ensurePaymentIntent();
      await this.payment.verifyWithStripe(ALARM);
    } catch (err) {
      log.error('expiry_could_not_reach_stripe', { sessionId: record.sessionId, kioskId: record.kioskId, error: String(err) });
      this.store.scheduleCleanup();
      return;
    }
    const latest = this.load()!;
    if (isFinal(latest.state.status)) return this.enforceUnpaidEnding(latest);
    // The kiosk reported progress while Stripe was read: the session lives on (the alarm is armed again for it).
    if (Date.now() < latest.lastProgressAt + latest.timeoutMs) return;
    const result = await this.cancelSession('expired', ALARM);
    // Stripe failing past its retries, or a card in the middle of processing: try again later.
    if (isFailure(result) && result.code !== 'already_paid' && result.code !== 'requires_attention') this.store.scheduleCleanup();
  }

  /** A final session that is not a success: its PaymentIntent must be closed at Stripe, and any money refunded. */
  private async enforceUnpaidEnding(record: SessionRecord): Promise<void> {
    const { status } = record.state;
    const closeNeeded = status === 'cancelled' && !record.paymentIntentClosed;
    // An Interac payment is never refunded online: it waits for an operator, with nothing for the alarm to retry.
    const refundNeeded = owesAutomaticRefund(record);
    // Nothing owed here; a receipt still to be numbered keeps its own backoff going.
    if (!closeNeeded && !refundNeeded) return owesReceiptNumber(record) ? undefined : this.store.cleanupDone();
    try {
      if (closeNeeded) await this.flights.once('cancel', () => this.payment.closePaymentIntent(ALARM));
      else await this.payment.verifyWithStripe(ALARM);
    } catch (err) {
      log.error('cleanup_at_stripe_failed', { sessionId: record.sessionId, kioskId: record.kioskId, error: String(err) });
      this.store.scheduleCleanup();
    }
  }

  /** A paid order's number goes on Stripe's receipt once the store gave it; while Stripe fails, the alarm tries again. */
  private async numberReceipt(): Promise<void> {
    const record = this.load()!;
    if (!owesReceiptNumber(record)) return;
    try {
      await this.stripe.numberReceipt(record);
      this.store.saveQuietly({ ...this.load()!, receiptNumbered: true });
      this.store.cleanupDone();
    } catch (err) {
      log.warn('receipt_number_failed', { sessionId: record.sessionId, kioskId: record.kioskId, error: String(err) });
      this.store.scheduleCleanup();
    }
  }

  private async tellKioskIfEnded(): Promise<void> {
    const record = this.load()!;
    if (!isFinal(record.state.status) || record.kioskToldEnded) return;
    try {
      await kioskObject(this.env, record.kioskId).sessionEnded(record.sessionId);
      this.store.saveQuietly({ ...this.load()!, kioskToldEnded: true });
    } catch (err) {
      log.warn('kiosk_not_told_session_ended', { sessionId: record.sessionId, kioskId: record.kioskId, error: String(err) });
    }
  }
}
