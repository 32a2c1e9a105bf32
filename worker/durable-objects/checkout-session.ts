import { DurableObject } from 'cloudflare:workers';
import type { ChangeCause, CompleteResponse, InPersonRefundRequest, InPersonRefundView, ProgressRequest, RefundRequest, RefundView, SessionDetail, SessionView } from '../../shared/api.ts';
import { isFinal } from '../../shared/session-status.ts';
import { transition, type SessionEvent } from '../../shared/transition.ts';
import { kioskAccess } from '../auth/kiosk-access.ts';
import type { KioskCredential } from '../auth/kiosk-token.ts';
import { readerBusyWithUs } from '../checkout/alarm-plan.ts';
import { CheckoutStripe } from '../checkout/checkout-stripe.ts';
import { Flights } from '../checkout/flights.ts';
import { ReaderHandOver } from '../checkout/reader-hand-over.ts';
import {
  newSessionRecord,
  orderFingerprint,
  settledForKiosk,
  viewOf,
  type OpenSessionInput,
  type SessionRecord,
} from '../checkout/session-record.ts';
import { ProcessedEvents } from '../checkout/processed-events.ts';
import { SessionAlarm } from '../checkout/session-alarm.ts';
import { cancelResult, cancelUnfinished, closedForPayment, detailOf, differentOrder, notFound, verdictOf } from '../checkout/session-answers.ts';
import { SessionCancellation } from '../checkout/session-cancellation.ts';
import { SessionPaymentIntent } from '../checkout/session-payment-intent.ts';
import { SessionRefunds } from '../checkout/session-refunds.ts';
import { SessionStore } from '../checkout/session-store.ts';
import { failure, isFailure, stripeFailure, type Failure } from '../errors.ts';
import { hearsKioskChanges } from '../kiosks/credential-push.ts';
import type { KioskAuth } from '../kiosks/kiosk-record.ts';
import { answerClose } from '../live-sockets.ts';
import { log } from '../log.ts';
import { kioskObject } from '../objects.ts';
import { paymentOutcomeOf, READER_EVENTS, REFUND_EVENTS } from '../webhook-events.ts';
import type { ReaderEvent } from './kiosk.ts';

export type { OpenSessionInput } from '../checkout/session-record.ts';

type Ok<T> = { ok: true } & T;

const KIOSK: ChangeCause = { by: 'kiosk' };
const OPERATOR: ChangeCause = { by: 'operator' };

/** `failed` has no event: the customer is still there after a decline, and the session stays as it is. */
const PROGRESS_EVENTS: Record<Exclude<ProgressRequest['status'], 'failed'>, SessionEvent> = {
  connecting: { type: 'reader_connecting' },
  waiting_card: { type: 'awaiting_card' },
  processing: { type: 'card_presented' },
};

/** Refund events, and a reader's about an in-person refund (routed here by the refund's session): the refunds are read again. */
const READS_REFUNDS_AGAIN: ReadonlySet<string> = new Set([...REFUND_EVENTS, ...READER_EVENTS]);

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
 *
 * This class is its RPC surface: who may ask, and in which order things happen. The work is done by collaborators in
 * worker/checkout/: the PaymentIntent at Stripe (`SessionPaymentIntent`), the reader (`ReaderHandOver`), ending unpaid
 * (`SessionCancellation`), refunds (`SessionRefunds`) and the alarm (`SessionAlarm`), all over one `SessionStore`.
 */
export class CheckoutSession extends DurableObject<Env> {
  private readonly flights = new Flights();
  private readonly store: SessionStore;
  private readonly events: ProcessedEvents;
  private readonly stripe: CheckoutStripe;
  private readonly refunds: SessionRefunds;
  private readonly payment: SessionPaymentIntent;
  private readonly cancellation: SessionCancellation;
  private readonly reader: ReaderHandOver;
  private readonly alarmWork: SessionAlarm;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new SessionStore(ctx, env);
    this.stripe = new CheckoutStripe(env);
    this.events = new ProcessedEvents(ctx.storage.sql);
    this.refunds = new SessionRefunds(this.store, this.stripe, this.flights);
    this.payment = new SessionPaymentIntent(this.store, this.stripe, this.flights, this.refunds);
    this.cancellation = new SessionCancellation(this.store, this.stripe, this.flights, this.payment);
    this.reader = new ReaderHandOver(this.store, this.stripe, this.flights, this.payment, this.cancellation);
    this.alarmWork = new SessionAlarm(env, this.store, this.stripe, this.flights, this.payment, this.reader, this.cancellation, this.refunds);
  }

  private load(): SessionRecord | undefined {
    return this.store.load();
  }

  /**
   * The session, if this kiosk token may act on it. Another kiosk's session looks exactly like a missing one (no
   * existence leak), and both answer only a good token: a forged or disabled one gets its 401 or 403 whichever session
   * it names, so it cannot tell which ids exist. While the kiosk's object tells this checkout of every token change, the auth it was told decides;
   * otherwise (ended a while ago, or from before checkouts held their kiosk's auth) the kiosk's object does. A wrong
   * token goes to the kiosk's object either way: it counts every one naming its kiosk (429 once they come too fast).
   */
  private async authorized(credential: KioskCredential): Promise<SessionRecord | Failure> {
    const record = this.load();
    if (!record || record.kioskId !== credential.kioskId) {
      const refused = await kioskObject(this.env, credential.kioskId).authenticate(credential);
      return isFailure(refused) ? refused : notFound();
    }
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
    if (record.reader && (record.state.status === 'idle' || this.flights.isRunning('open-hand-over'))) {
      // Server-driven: the cart goes up on the reader while Stripe creates the PaymentIntent, one round trip instead
      // of two before the customer can pay. A create retried while the first is still at it gets the first's answer;
      // one whose hand-over was cut off (the object restarted: still idle, nothing at it) hands the payment over again.
      const refused = await this.flights.once('open-hand-over', () =>
        this.reader.handToReaderOrClose(record.paymentIntentId ? undefined : this.payment.ensurePaymentIntent()),
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

  // ---- server-driven mode: the session drives the kiosk's reader (see ReaderHandOver) -------------------------------

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
      await this.reader.followReader(KIOSK).catch((err: unknown) => {
        log.warn('reader_read_failed', { sessionId: owned.sessionId, kioskId: owned.kioskId, error: String(err) });
      });
    }
    const record = this.load()!;
    if (record.state.status !== 'failed') {
      return isFinal(record.state.status) ? cancelResult(record) : { ok: true, session: viewOf(record) };
    }
    const refused = await this.reader.handToReaderAgain(record.lastDeclinedCharge);
    return refused ?? { ok: true, session: viewOf(this.load()!) };
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
      if (!isFinal(record.state.status)) await this.reader.followReader({ by: 'webhook', eventId: event.id });
    });
    return { known: true, ...followed };
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
    const result = await this.cancellation.cancelSession('operator', OPERATOR).catch((err: unknown) => failure(502, 'stripe_error', String(err)));
    // Stripe failing: the cancel is remembered, and the alarm tries again. A card paid meanwhile stays paid.
    if (cancelUnfinished(result)) this.store.scheduleCleanup();
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
    return { ok: true, result: verdictOf(this.load()!) };
  }

  // ---- cancelling (see SessionCancellation) -------------------------------------------------------------------------

  /** The kiosk cancels: the reader is reset, the PaymentIntent canceled (409 `already_paid` if it was paid meanwhile). */
  async cancel(credential: KioskCredential): Promise<Ok<{ session: SessionView }> | Failure> {
    const owned = await this.authorized(credential);
    if (isFailure(owned)) return owned;
    if (isFinal(owned.state.status)) return cancelResult(owned);
    const limited = await this.withinActionLimit(owned.kioskId);
    if (limited) return limited;
    return this.cancellation.cancelSession('customer', KIOSK);
  }

  /** An operator ends a session that is still open (a customer who left, a kiosk that broke down). */
  async cancelByOperator(): Promise<Ok<{ session: SessionView }> | Failure> {
    return this.cancellation.cancelSession('operator', OPERATOR);
  }

  /**
   * The kiosk started the next customer's order while this one was still open (its customer walked away): the reader
   * is needed for the new one, so this one ends. A card being processed right now is left to finish (409).
   */
  async supersede(): Promise<Ok<{ session: SessionView }> | Failure> {
    const record = this.load();
    if (!record || isFinal(record.state.status)) return record ? { ok: true, session: viewOf(record) } : notFound();
    return this.cancellation.cancelSession('superseded', KIOSK);
  }

  // ---- refunds ------------------------------------------------------------------------------------------------------

  /** An operator's refund, full or partial (see `SessionRefunds`). */
  async refund(request: RefundRequest & { idempotencyKey: string }): Promise<Ok<{ refund: RefundView }> | Failure> {
    if (!this.load()) return notFound();
    return this.refunds.forOperator(request);
  }

  /**
   * An operator's in-person refund of an Interac payment, at the named reader or the kiosk's server-driven one (see
   * `SessionRefunds.inPerson`).
   */
  async refundInPerson(request: InPersonRefundRequest & { idempotencyKey: string }): Promise<Ok<{ inPersonRefund: InPersonRefundView }> | Failure> {
    const record = this.load();
    if (!record) return notFound();
    let kioskReaderId: string | null = null;
    if (!request.readerId) {
      const kiosk = await kioskObject(this.env, record.kioskId).view();
      kioskReaderId = kiosk?.readerMode === 'server-driven' ? kiosk.readerId : null;
    }
    return this.refunds.inPerson(request, kioskReaderId);
  }

  /** An operator's cancel of the in-person refund a reader waits on (see `SessionRefunds.cancelInPerson`). */
  async cancelInPersonRefund(): Promise<Ok<{ inPersonRefund: InPersonRefundView }> | Failure> {
    if (!this.load()) return notFound();
    return this.refunds.cancelInPerson();
  }

  // ---- Stripe's webhooks ----------------------------------------------------------------------------------------------

  /**
   * A verified Stripe webhook event about this session's PaymentIntent or its refunds. Recorded once by event id and
   * once per change (Stripe may send one change under two event ids); then, as a hint, it triggers a fresh read.
   */
  async applyStripeEvent(event: {
    id: string;
    type: string;
    objectId: string;
    chargeId: string | null;
    onlyAuthorized?: boolean;
  }): Promise<{ known: boolean; duplicate: boolean }> {
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
    if (READS_REFUNDS_AGAIN.has(event.type)) {
      return { known: true, ...(await this.events.once(event.id, `refund:${event.id}`, () => this.refunds.followInPersonRefund())) };
    }
    const outcome = paymentOutcomeOf(event.type, event.onlyAuthorized);
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
    if (!this.load() || !(await this.store.live.redeem(ticket))) {
      return Response.json({ error: { code: 'invalid_ticket', message: 'This live ticket is unknown, used or expired' } }, { status: 401 });
    }
    // Read after the redeem: a change that landed while it was awaited is in the socket's first view, not lost.
    const record = this.load()!;
    return this.store.live.open(viewOf(record), settledForKiosk(record));
  }

  // Kiosks only listen on the live channel; their pings are answered by the runtime (see LiveChannel).
  override webSocketMessage(): void {}

  override webSocketClose(socket: WebSocket, code: number, reason: string): void {
    answerClose(socket, code, reason);
  }

  // ---- the alarm ----------------------------------------------------------------------------------------------------

  /** The one alarm, safe to fire twice or early (see `SessionAlarm`). */
  override async alarm(): Promise<void> {
    await this.alarmWork.run();
  }
}
