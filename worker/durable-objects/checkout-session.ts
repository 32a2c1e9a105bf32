import { DurableObject } from 'cloudflare:workers';
import Stripe from 'stripe';
import type { CompleteResponse, ProgressRequest, SessionView } from '../../shared/api.ts';
import { isFinal, type CancellationReason } from '../../shared/session-status.ts';
import { transition, type SessionEvent } from '../../shared/transition.ts';
import { kioskAccess } from '../auth/kiosk-access.ts';
import type { KioskCredential } from '../auth/kiosk-token.ts';
import { LiveChannel } from '../checkout/live-channel.ts';
import { outcomeOf } from '../checkout/payment-outcome.ts';
import { readerCart, readerOutcomeOf, readerProblemOf, type ReaderProblem } from '../checkout/reader-outcome.ts';
import { ledgerEntriesOf } from '../checkout/session-ledger.ts';
import {
  cartFingerprint,
  newSessionRecord,
  viewOf,
  type OpenSessionInput,
  type RefundRecord,
  type SessionRecord,
} from '../checkout/session-record.ts';
import { sessionTimeoutMs } from '../config.ts';
import { failure, isFailure, stripeFailure, type Failure } from '../errors.ts';
import type { ReaderEvent } from './kiosk.ts';
import type { KioskAuth } from '../kiosks/kiosk-record.ts';
import { LedgerOutbox } from '../ledger/outbox.ts';
import { log } from '../log.ts';
import { kioskObject } from '../objects.ts';
import { idempotencyKey, stripeClient } from '../stripe-client.ts';
import { PAYMENT_OUTCOME_OF_EVENT } from '../webhook-events.ts';

export type { OpenSessionInput } from '../checkout/session-record.ts';

type Ok<T> = { ok: true } & T;

/** After Stripe failed an expiry, cancel or refund: try again after 2 s, doubling up to 5 minutes. */
const CLEANUP_FIRST_RETRY_MS = 2_000;
const CLEANUP_MAX_RETRY_MS = 5 * 60_000;
/** Ledger rows wait this long, so the quick steps of one payment reach D1 as one write. */
const LEDGER_FLUSH_DELAY_MS = 1_000;
/** While D1 refuses the ledger's rows: try again after 2 s, doubling up to a minute. */
const LEDGER_FIRST_RETRY_MS = 2_000;
const LEDGER_MAX_RETRY_MS = 60_000;

/** Server-driven mode: while the reader waits, read it this soon after handing it the payment, then this often. */
const FIRST_POLLS_MS = [3_000, 3_000, 4_000, 5_000];
const POLL_EVERY_MS = 10_000;

const READER_PROBLEMS: Record<ReaderProblem, Failure> = {
  reader_offline: failure(503, 'reader_offline', 'The card reader is offline. Please ask a member of staff.'),
  reader_busy: failure(409, 'reader_busy', 'The card reader is busy with another payment. Please try again in a moment.'),
};

const PROGRESS_EVENTS: Record<ProgressRequest['status'], SessionEvent> = {
  connecting: { type: 'reader_connecting' },
  waiting_card: { type: 'awaiting_card' },
  processing: { type: 'card_presented' },
};

const isUnexpectedState = (err: unknown) =>
  err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'payment_intent_unexpected_state';

const notFound = () => failure(404, 'session_not_found', 'No such checkout session');

/**
 * One kiosk checkout session: the single source of truth for its payment. Its state only changes through the pure
 * `transition` of shared/, and only after asking Stripe (the kiosk's and the webhooks' word are hints).
 * Every `await` on Stripe lets other calls in, so state is re-read from storage after each one.
 *
 * It checks its kiosk's token itself (from the copy the kiosk's object pushes to it), so a kiosk request about one
 * checkout reaches only this object. The money rule it keeps: a session that ends without `success` leaves no
 * PaymentIntent that can take money, and keeps none that did. Creation and cancellation are ordered (a cancel waits
 * for a creation in flight), a cancelled session never hands out its PaymentIntent again, and its alarm works until
 * Stripe agrees. Every change reaches the fleet's ledger in D1, written by the alarm off the request's path.
 */
export class CheckoutSession extends DurableObject<Env> {
  /** Calls to Stripe in progress, shared by concurrent callers so they all see one result. */
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly ledger: LedgerOutbox;
  private readonly live: LiveChannel;
  private eventsReady = false;
  /** When the pending ledger rows are due in D1 (unset while there are none), and how often D1 refused them. */
  private flushDueAt: number | undefined;
  private flushFailures = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.ledger = new LedgerOutbox(ctx.storage.sql, env.DB);
    this.live = new LiveChannel(ctx);
  }

  private load(): SessionRecord | undefined {
    const record = this.ctx.storage.kv.get<SessionRecord>('session');
    if (!record) return undefined;
    // Sessions opened by earlier versions lack what was added since: the defaults they ran with.
    return {
      ...record,
      locationId: record.locationId ?? '',
      timeoutMs: record.timeoutMs ?? sessionTimeoutMs(this.env),
      refunds: record.refunds ?? [],
      reader: record.reader ?? null,
      revision: record.revision ?? 0,
    };
  }

  /** Saves the record and its ledger snapshot together, then makes sure the alarm will do what is now due. */
  private save(record: SessionRecord): SessionRecord {
    const saved = { ...record, updatedAt: Date.now(), revision: record.revision + 1 };
    this.ctx.storage.kv.put('session', saved);
    this.ledger.put(...ledgerEntriesOf(saved));
    this.flushDueAt ??= Date.now() + LEDGER_FLUSH_DELAY_MS;
    this.armAlarm(saved);
    this.live.broadcast(viewOf(saved), isFinal(saved.state.status));
    return saved;
  }

  /** One alarm serves everything that is due later: expiry, retries at Stripe, the ledger, telling the kiosk. */
  private armAlarm(record: SessionRecord): void {
    const due: number[] = [];
    // After a failed try at Stripe, nothing is retried before its backoff is over.
    if (!isFinal(record.state.status)) due.push(Math.max(record.lastProgressAt + record.timeoutMs, record.cleanupAt ?? 0));
    else if (record.cleanupAt !== undefined) due.push(record.cleanupAt);
    if (this.flushDueAt !== undefined) due.push(this.flushDueAt);
    if (isFinal(record.state.status) && !record.kioskToldEnded) due.push(Date.now() + LEDGER_FLUSH_DELAY_MS);
    if (this.readerBusyWithUs(record) && record.pollAt !== undefined) due.push(record.pollAt);
    if (due.length === 0) void this.ctx.storage.deleteAlarm();
    else void this.ctx.storage.setAlarm(Math.min(...due));
  }

  private once<T>(key: string, run: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key) as Promise<T> | undefined;
    if (running) return running;
    const started = run().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }

  /** A read of Stripe that starts after now: a read already in flight may predate the change we know of. */
  private async freshVerify(): Promise<void> {
    await this.inFlight.get('verify')?.catch(() => undefined);
    await this.verifyWithStripe();
  }

  /**
   * The session, if this kiosk token may act on it. Another kiosk's session looks exactly like a missing one (no
   * existence leak). A session from before checkouts held their kiosk's auth asks the kiosk's object once.
   */
  private async authorized(credential: KioskCredential): Promise<SessionRecord | Failure> {
    const record = this.load();
    if (!record || record.kioskId !== credential.kioskId) return notFound();
    if (!record.kioskAuth) {
      const answer = await kioskObject(this.env, record.kioskId).authenticate(credential);
      if (isFailure(answer)) return answer;
      return this.save({ ...this.load()!, kioskAuth: answer.auth });
    }
    return kioskAccess(record.kioskAuth, credential) ?? record;
  }

  /** Refuses a kiosk's Stripe-calling action beyond its per-kiosk limit (one stolen token cannot spend the account's). */
  private async withinActionLimit(kioskId: string): Promise<Failure | null> {
    const { success } = await this.env.ACTION_RATE_LIMITER.limit({ key: kioskId });
    return success ? null : failure(429, 'rate_limited', 'Too many requests from this kiosk. Please wait a moment.', 60);
  }

  private apply(record: SessionRecord, event: SessionEvent): SessionRecord {
    const result = transition(record.state, event);
    if (!result.ok || !result.changed) return record;
    log.info('session_status', { sessionId: record.sessionId, kioskId: record.kioskId, from: record.state.status, to: result.state.status });
    return this.save({ ...record, state: result.state });
  }

  /** Saves what only this object needs (nothing operators see changed): no ledger snapshot. */
  private saveQuietly(record: SessionRecord): void {
    this.ctx.storage.kv.put('session', record);
    this.armAlarm(record);
  }

  /** Stripe failed work the session still owes: the alarm tries again later, backing off while Stripe keeps failing. */
  private scheduleCleanup(): void {
    const record = this.load();
    if (!record) return;
    const failures = (record.cleanupFailures ?? 0) + 1;
    const delay = Math.min(CLEANUP_FIRST_RETRY_MS * 2 ** (failures - 1), CLEANUP_MAX_RETRY_MS);
    this.saveQuietly({ ...record, cleanupAt: Date.now() + delay, cleanupFailures: failures });
  }

  private cleanupDone(): void {
    const record = this.load();
    if (record && record.cleanupAt !== undefined) this.saveQuietly({ ...record, cleanupAt: undefined, cleanupFailures: 0 });
  }

  /**
   * Creates the session and its PaymentIntent; called again with the same cart (a retry), returns the same session.
   * The PaymentIntent is always made from the cart and price stored first, never from a retry's input, and a session
   * that was cancelled (or is being cancelled) never hands one out.
   */
  async open(input: OpenSessionInput): Promise<Ok<{ session: SessionView; created: boolean }> | Failure> {
    let record = this.load();
    if (record && (record.kioskId !== input.kioskId || cartFingerprint(record.items) !== cartFingerprint(input.items))) {
      return failure(409, 'idempotency_conflict', 'This Idempotency-Key was already used for a different cart');
    }
    const created = !record;
    if (!record) {
      record = this.save(newSessionRecord(input, Date.now()));
      log.info('session_opened', { sessionId: input.sessionId, kioskId: input.kioskId, amount: input.amount, currency: input.currency });
    }
    const closed = this.closedForPayment(record);
    if (closed) return closed;
    if (!record.paymentIntentId) {
      try {
        await this.ensurePaymentIntent();
      } catch (err) {
        log.error('payment_intent_creation_failed', { sessionId: input.sessionId, kioskId: input.kioskId, error: String(err) });
        return stripeFailure(err) ?? failure(502, 'stripe_error', 'Could not create the payment. Please try again.');
      }
      record = this.load()!;
      // A cancel may have come in while Stripe was creating it.
      const cancelled = this.closedForPayment(record);
      if (cancelled) return cancelled;
    }
    if (record.reader && !record.readerAttempts) {
      const handed = await this.handToReaderOrClose();
      if (handed) return handed;
      record = this.load()!;
    }
    return { ok: true, session: viewOf(record), created };
  }

  /** Whether the reader is working for this session now (server-driven mode): then its state is worth reading. */
  private readerBusyWithUs(record: SessionRecord): boolean {
    return record.reader !== null && (record.state.status === 'waiting_card' || record.state.status === 'processing');
  }

  /**
   * Server-driven mode: shows the cart on the kiosk's reader and hands it the PaymentIntent, with the customer allowed
   * to cancel on the reader and tipping as the kiosk offers it. Each try has its own idempotency keys, so a retry after
   * a lost answer is the same try, and a try after a decline is a new one.
   */
  private handToReader(): Promise<void> {
    return this.once('hand-to-reader', async () => {
      const record = this.load()!;
      const reader = record.reader!;
      const attempt = (record.readerAttempts ?? 0) + 1;
      this.saveQuietly({ ...record, readerAttempts: attempt });
      const stripe = stripeClient(this.env);
      await stripe.terminal.readers.setReaderDisplay(
        reader.id,
        { type: 'cart', cart: readerCart(record) },
        { idempotencyKey: idempotencyKey(record.sessionId, `reader-display-${attempt}`) },
      );
      await stripe.terminal.readers.processPaymentIntent(
        reader.id,
        {
          payment_intent: record.paymentIntentId!,
          process_config: { enable_customer_cancellation: true, skip_tipping: !reader.tipping },
        },
        { idempotencyKey: idempotencyKey(record.sessionId, `reader-process-${attempt}`) },
      );
      const latest = this.load()!;
      const waiting = transition(latest.state, { type: 'awaiting_card' });
      if (!waiting.ok) return;
      log.info('payment_handed_to_reader', { sessionId: latest.sessionId, kioskId: latest.kioskId, readerId: reader.id, attempt });
      this.save({ ...latest, state: waiting.state, lastProgressAt: Date.now(), pollAt: Date.now() + FIRST_POLLS_MS[0]!, pollCount: 0 });
    });
  }

  /**
   * Hands the new session's payment to the reader; a reader that cannot take it leaves nothing chargeable behind:
   * the PaymentIntent is canceled and the session ends `reader_unavailable`. Null when the reader has it.
   */
  private async handToReaderOrClose(): Promise<Failure | null> {
    try {
      await this.handToReader();
      return null;
    } catch (err) {
      const problem = readerProblemOf(err);
      log.warn('reader_refused_payment', { sessionId: this.load()!.sessionId, problem, error: String(err) });
      this.save({ ...this.load()!, cancelRequested: 'reader_unavailable' });
      await this.once('cancel', () => this.closePaymentIntent()).catch(() => this.scheduleCleanup());
      if (!isFinal(this.load()!.state.status) && !this.load()!.paymentIntentId) {
        this.apply(this.load()!, { type: 'cancelled', reason: 'reader_unavailable' });
      }
      return problem ? READER_PROBLEMS[problem] : (stripeFailure(err) ?? failure(502, 'stripe_error', 'The reader could not be reached.'));
    }
  }

  /**
   * Server-driven mode, after a decline (or a reader that timed out): the same PaymentIntent goes back to the reader for
   * another card.
   */
  async retry(credential: KioskCredential): Promise<Ok<{ session: SessionView }> | Failure> {
    const record = await this.authorized(credential);
    if (isFailure(record)) return record;
    if (!record.reader) return failure(409, 'not_server_driven', 'This kiosk drives its reader itself: collect another card with the SDK.');
    if (record.state.status !== 'failed') {
      return isFinal(record.state.status) ? this.cancelResult(record) : { ok: true, session: viewOf(record) };
    }
    const limited = await this.withinActionLimit(record.kioskId);
    if (limited) return limited;
    try {
      await this.handToReader();
    } catch (err) {
      const problem = readerProblemOf(err);
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
    const inserted = this.eventsTable().exec(
      'INSERT INTO stripe_events (event_id, change_key, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      event.id,
      `reader:${event.id}`,
      Date.now(),
    ).rowsWritten;
    if (inserted === 0) return { known: true, duplicate: true };
    if (isFinal(record.state.status)) return { known: true, duplicate: false };
    try {
      await this.followReader();
    } catch (err) {
      this.eventsTable().exec('DELETE FROM stripe_events WHERE event_id = ?', event.id);
      throw err;
    }
    return { known: true, duplicate: false };
  }

  /**
   * Reads the reader and, once its action is over, the PaymentIntent; moves the session to what they say. Webhooks
   * make this happen at once; the alarm does it too, in case a webhook is late or lost.
   */
  private followReader(): Promise<void> {
    return this.once('follow-reader', async () => {
      const record = this.load()!;
      if (!record.reader || isFinal(record.state.status)) return;
      const reader = await stripeClient(this.env).terminal.readers.retrieve(record.reader.id);
      if ('deleted' in reader) return;
      const outcome = readerOutcomeOf(record, reader);
      if (outcome.kind === 'waiting') {
        // The card may already be with Stripe (processing): the PaymentIntent says so.
        return this.freshVerify();
      }
      if (outcome.kind === 'cancelled_on_reader') {
        log.info('cancelled_on_reader', { sessionId: record.sessionId, kioskId: record.kioskId });
        await this.cancel(null, 'customer');
        return;
      }
      await this.freshVerify();
      const latest = this.load()!;
      // The reader gave up without a card decision (it timed out, or was reset): the customer may try again.
      if (this.readerBusyWithUs(latest)) {
        const reason = outcome.kind === 'finished' ? (outcome.failureCode ?? 'reader_error') : 'reader_reset';
        this.apply(latest, { type: 'payment_declined', declineCode: reason });
      }
    });
  }

  /** A one-time ticket for the session's live channel (valid for 30 seconds, for this session only). */
  async liveTicket(credential: KioskCredential): Promise<Ok<{ ticket: string; expiresAt: number }> | Failure> {
    const record = await this.authorized(credential);
    if (isFailure(record)) return record;
    return { ok: true, ...(await this.live.issueTicket()) };
  }

  /** The live channel's WebSocket upgrade, with a ticket from `liveTicket`. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('Upgrade')?.toLowerCase() !== 'websocket') return new Response('Expected a WebSocket', { status: 426 });
    const ticket = new URL(request.url).searchParams.get('ticket') ?? '';
    const record = this.load();
    if (!record || !(await this.live.redeem(ticket))) {
      return Response.json({ error: { code: 'invalid_ticket', message: 'This live ticket is unknown, used or expired' } }, { status: 401 });
    }
    return this.live.open(viewOf(record), isFinal(record.state.status));
  }

  override webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): void {
    // Kiosks may ping to keep proxies from closing an idle socket.
    if (message === 'ping') socket.send('pong');
  }

  /** Refuses to hand out the PaymentIntent of a session that ended without being paid, or is being cancelled. */
  private closedForPayment(record: SessionRecord): Failure | null {
    const { status } = record.state;
    if (status === 'cancelled' || (record.cancelRequested && status !== 'success')) {
      return failure(409, 'session_cancelled', 'This checkout was cancelled. Start a new order.');
    }
    if (status === 'requires_attention') return failure(409, 'requires_attention', 'This session needs an operator');
    return null;
  }

  /**
   * Makes sure the session's PaymentIntent exists and is known. The same idempotency key on every try (ours, the
   * SDK's, the alarm's): Stripe creates at most one per session, and a try after a lost answer gets it back.
   */
  private ensurePaymentIntent(): Promise<void> {
    return this.once('create-payment-intent', async () => {
      const record = this.load()!;
      if (record.paymentIntentId) return;
      const pi = await stripeClient(this.env).paymentIntents.create(
        {
          amount: record.amount,
          currency: record.currency,
          allowed_payment_method_types: ['card_present'],
          capture_method: 'automatic',
          description: record.items.map((i) => `${i.quantity} x ${i.name}`).join(', ').slice(0, 1000),
          metadata: { sessionId: record.sessionId, kioskId: record.kioskId },
        },
        { idempotencyKey: idempotencyKey(record.sessionId, 'create-payment-intent') },
      );
      const latest = this.load()!;
      if (!latest.paymentIntentId) this.save({ ...latest, paymentIntentId: pi.id, clientSecret: pi.client_secret });
    });
  }

  async get(credential: KioskCredential): Promise<Ok<{ session: SessionView }> | Failure> {
    const record = await this.authorized(credential);
    return isFailure(record) ? record : { ok: true, session: viewOf(record) };
  }

  /** For operators: the session whichever kiosk it belongs to. */
  inspect(): { kioskId: string; session: SessionView } | null {
    const record = this.load();
    return record ? { kioskId: record.kioskId, session: viewOf(record) } : null;
  }

  /** The one-time upgrade: a session from before the ledger existed enters it, with its kiosk's Location. */
  republishToLedger(locationId: string): boolean {
    const record = this.load();
    if (!record) return false;
    this.save({ ...record, locationId: record.locationId || locationId });
    return true;
  }

  /** The kiosk's token or status changed (rotated, disabled, enabled): from now on, only the new auth counts. */
  kioskChanged(auth: KioskAuth): { open: boolean } {
    const record = this.load();
    if (!record) return { open: false };
    if (auth.kioskId === record.kioskId && auth.version > (record.kioskAuth?.version ?? 0)) this.save({ ...record, kioskAuth: auth });
    return { open: !isFinal(record.state.status) };
  }

  /** Progress the kiosk reports while driving the reader: a hint for operators, and proof of life. */
  async progress(credential: KioskCredential, status: ProgressRequest['status']): Promise<Ok<{ session: SessionView }> | Failure> {
    const record = await this.authorized(credential);
    if (isFailure(record)) return record;
    const result = transition(record.state, PROGRESS_EVENTS[status]);
    if (!result.ok) return failure(409, 'invalid_transition', result.error);
    return { ok: true, session: viewOf(this.save({ ...record, state: result.state, lastProgressAt: Date.now() })) };
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
        await this.verifyWithStripe();
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
      },
    };
  }

  /** Reads the PaymentIntent from Stripe and moves the session to what it says (one read for all concurrent callers). */
  private verifyWithStripe(): Promise<void> {
    return this.once('verify', async () => {
      const id = this.load()?.paymentIntentId;
      if (!id) return;
      const pi = await stripeClient(this.env).paymentIntents.retrieve(id, { expand: ['latest_charge'] });
      await this.settleWith(pi);
    });
  }

  /** Saves what Stripe's PaymentIntent means for the session (decided by the pure `outcomeOf`), then acts on it. */
  private async settleWith(pi: Stripe.PaymentIntent): Promise<void> {
    const record = this.load();
    if (!record) return;
    const outcome = outcomeOf(record, pi);
    let next: SessionRecord = { ...record, ...outcome.patch };
    if (outcome.event) {
      const result = transition(record.state, outcome.event);
      if (result.ok && result.changed) {
        next = { ...next, state: result.state, ...(result.state.status === 'success' ? { paidAt: Date.now() } : {}) };
        const fields = { sessionId: record.sessionId, kioskId: record.kioskId, paymentIntent: pi.id, from: record.state.status, to: result.state.status };
        if (result.state.status === 'requires_attention') log.error('session_needs_operator', { ...fields, reason: result.state.attentionReason });
        else log.info('session_status', fields);
      }
    }
    if (outcome.event || Object.keys(outcome.patch).length > 0) this.save(next);
    if (outcome.refund) await this.refundUnkeptPayment(pi);
  }

  /**
   * Gives the money back for a session that must not keep it (paid after it was cancelled, or not matching its
   * order). One idempotency key per session: retries, the alarm and a second webhook all land on the same refund.
   */
  private refundUnkeptPayment(pi: Stripe.PaymentIntent): Promise<void> {
    return this.once('refund-unkept-payment', async () => {
      const record = this.load()!;
      try {
        const refund = await stripeClient(this.env).refunds.create(
          {
            payment_intent: pi.id,
            reason: 'requested_by_customer',
            metadata: { sessionId: record.sessionId, kioskId: record.kioskId, cause: record.state.attentionReason ?? 'unkept' },
          },
          { idempotencyKey: idempotencyKey(record.sessionId, 'refund-unkept-payment') },
        );
        const latest = this.load()!;
        const kept: RefundRecord = {
          id: refund.id,
          amount: refund.amount,
          status: (refund.status ?? 'pending') as RefundRecord['status'],
          reason: refund.reason ?? null,
          createdAt: refund.created * 1000,
        };
        this.save({ ...latest, refunds: [...latest.refunds.filter((r) => r.id !== refund.id), kept] });
        this.cleanupDone();
        log.error('payment_refunded_automatically', { sessionId: record.sessionId, kioskId: record.kioskId, paymentIntent: pi.id, refund: refund.id });
      } catch (err) {
        log.error('automatic_refund_failed', { sessionId: record.sessionId, kioskId: record.kioskId, error: String(err) });
        this.scheduleCleanup();
      }
    });
  }

  /**
   * Cancels the session and its PaymentIntent (for the kiosk, or for the alarm when `credential` is null). A creation
   * still in flight is waited for, so nothing it makes is left behind; a PaymentIntent that was paid meanwhile makes
   * the session a success (409 `already_paid`).
   */
  async cancel(credential: KioskCredential | null, reason: CancellationReason = 'customer'): Promise<Ok<{ session: SessionView }> | Failure> {
    const owned = credential === null ? (this.load() ?? notFound()) : await this.authorized(credential);
    if (isFailure(owned)) return owned;
    if (isFinal(owned.state.status)) return this.cancelResult(owned);
    if (credential) {
      const limited = await this.withinActionLimit(owned.kioskId);
      if (limited) return limited;
    }
    // Remembered first: a creation finishing meanwhile, or a replayed create, must not hand the PaymentIntent out.
    this.save({ ...this.load()!, cancelRequested: owned.cancelRequested ?? reason });
    await this.inFlight.get('create-payment-intent')?.catch(() => undefined);
    await this.inFlight.get('hand-to-reader')?.catch(() => undefined);
    if (reason !== 'reader_unavailable') await this.resetReader();
    try {
      await this.once('cancel', () => this.closePaymentIntent());
    } catch (err) {
      const latest = this.load()!;
      if (isFinal(latest.state.status)) return this.cancelResult(latest);
      if (!latest.paymentIntentId) {
        // Stripe cannot be reached, and no PaymentIntent was ever handed out: the customer is told at once, and the
        // alarm finds and cancels whatever Stripe may have created under the session's key.
        const cancelled = this.apply(latest, { type: 'cancelled', reason: latest.cancelRequested ?? reason });
        this.scheduleCleanup();
        return this.cancelResult(cancelled);
      }
      return stripeFailure(err) ?? failure(502, 'stripe_error', 'Could not cancel the payment. Please try again.');
    }
    const latest = this.load()!;
    if (!isFinal(latest.state.status)) {
      return failure(409, 'payment_in_progress', 'The card is being processed and cannot be cancelled now. Please wait.');
    }
    return this.cancelResult(latest);
  }

  /**
   * Server-driven mode: takes the payment back from the reader (cancel_action), if the reader is still working on this
   * session's payment and not another. A reader that cannot be reached is left as it is: canceling the PaymentIntent
   * is what guarantees no money is taken.
   */
  private async resetReader(): Promise<void> {
    const record = this.load()!;
    if (!record.reader || !record.paymentIntentId) return;
    try {
      const stripe = stripeClient(this.env);
      const reader = await stripe.terminal.readers.retrieve(record.reader.id);
      if ('deleted' in reader || readerOutcomeOf(record, reader).kind !== 'waiting') return;
      await stripe.terminal.readers.cancelAction(record.reader.id);
    } catch (err) {
      log.warn('reader_not_reset', { sessionId: record.sessionId, kioskId: record.kioskId, error: String(err) });
    }
  }

  private cancelResult(record: SessionRecord): Ok<{ session: SessionView }> | Failure {
    if (record.state.status === 'success') return failure(409, 'already_paid', 'This session was already paid');
    if (record.state.status === 'requires_attention') return failure(409, 'requires_attention', 'This session needs an operator');
    return { ok: true, session: viewOf(record) };
  }

  /**
   * Brings Stripe in line with a session that is ending unpaid: finds the PaymentIntent (a creation whose answer was
   * lost is replayed under its key), cancels it, and settles the session with Stripe's answer. Throws when Stripe
   * cannot be reached; leaves the session open when the card is being processed right now.
   */
  private async closePaymentIntent(): Promise<void> {
    await this.ensurePaymentIntent();
    const record = this.load()!;
    const reason = record.cancelRequested ?? record.state.cancellationReason ?? 'customer';
    const stripeReason = reason === 'customer' ? 'requested_by_customer' : 'abandoned';
    try {
      const pi = await stripeClient(this.env).paymentIntents.cancel(
        record.paymentIntentId!,
        { cancellation_reason: stripeReason },
        // One key per reason: the same key with other parameters would be an idempotency_error at Stripe.
        { idempotencyKey: idempotencyKey(record.sessionId, `cancel-payment-intent-${stripeReason}`) },
      );
      await this.settleWith(pi);
    } catch (err) {
      // Already canceled, paid or being processed at Stripe: read which, and record that instead.
      if (!isUnexpectedState(err)) throw err;
      await this.freshVerify();
    }
    if (this.load()!.paymentIntentClosed) this.cleanupDone();
  }

  private eventsTable(): SqlStorage {
    if (!this.eventsReady) {
      this.ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS stripe_events (
        event_id TEXT PRIMARY KEY, change_key TEXT NOT NULL UNIQUE, received_at INTEGER NOT NULL)`);
      this.eventsReady = true;
    }
    return this.ctx.storage.sql;
  }

  /**
   * A verified Stripe webhook event about this session's PaymentIntent. Recorded once by event id and once per
   * change (Stripe may send one change under two event ids); then, as a hint, it triggers a fresh read from Stripe.
   */
  async applyStripeEvent(event: { id: string; type: string; objectId: string; chargeId: string | null }): Promise<{ known: boolean; duplicate: boolean }> {
    let record = this.load();
    if (!record) return { known: false, duplicate: false };
    if (!record.paymentIntentId) {
      // Every answer to the creation was lost: the session's own key hands its PaymentIntent back (or throws, and
      // Stripe redelivers the event later).
      await this.ensurePaymentIntent();
      record = this.load()!;
    }
    if (event.objectId !== record.paymentIntentId) {
      log.error('webhook_payment_intent_mismatch', { sessionId: record.sessionId, paymentIntent: event.objectId, eventId: event.id });
      return { known: true, duplicate: false };
    }
    const outcome = PAYMENT_OUTCOME_OF_EVENT[event.type];
    // Creation, refunds and the like cannot change whether this session is paid: acknowledged, nothing to read.
    if (!outcome) return { known: true, duplicate: false };
    const changeKey = `${event.objectId}:${outcome}:${event.chargeId ?? ''}`;
    const inserted = this.eventsTable().exec(
      'INSERT INTO stripe_events (event_id, change_key, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      event.id,
      changeKey,
      Date.now(),
    ).rowsWritten;
    if (inserted === 0) return { known: true, duplicate: true };
    // A finished session only cares about money it must not keep: a success on a cancelled (or attention) session.
    if (record.state.status === 'success' || (isFinal(record.state.status) && outcome !== 'succeeded')) {
      return { known: true, duplicate: false };
    }
    try {
      await this.freshVerify();
    } catch (err) {
      // Not safely processed: forget the event so Stripe's redelivery is not mistaken for a duplicate.
      this.eventsTable().exec('DELETE FROM stripe_events WHERE event_id = ?', event.id);
      throw err;
    }
    return { known: true, duplicate: false };
  }

  /**
   * The one alarm, safe to fire twice or early: settles an open session that has seen no progress for its timeout,
   * keeps at Stripe until a session that ended unpaid has its PaymentIntent closed and no money kept, writes the
   * ledger, and tells the kiosk's object when the session has ended.
   */
  override async alarm(): Promise<void> {
    const record = this.load();
    if (!record) return;
    const now = Date.now();
    const retryDue = record.cleanupAt === undefined || now >= record.cleanupAt;
    if (isFinal(record.state.status)) {
      if (retryDue) await this.enforceUnpaidEnding(record);
    } else if (retryDue && now >= record.lastProgressAt + record.timeoutMs) {
      await this.expire(record);
    } else if (this.readerBusyWithUs(record) && record.pollAt !== undefined && now >= record.pollAt) {
      await this.pollReader(record);
    }
    await this.flushLedger();
    await this.tellKioskIfEnded();
    this.armAlarm(this.load()!);
  }

  /** Server-driven mode: reads the reader (in case its webhook is late or lost), then plans the next read. */
  private async pollReader(record: SessionRecord): Promise<void> {
    try {
      await this.followReader();
    } catch (err) {
      log.warn('reader_poll_failed', { sessionId: record.sessionId, kioskId: record.kioskId, error: String(err) });
    }
    const latest = this.load()!;
    const count = (latest.pollCount ?? 0) + 1;
    const pollAt = this.readerBusyWithUs(latest) ? Date.now() + (FIRST_POLLS_MS[count] ?? POLL_EVERY_MS) : undefined;
    this.saveQuietly({ ...latest, pollCount: count, pollAt });
  }

  /** No progress for the timeout: ask Stripe first (the card may have been charged), then cancel. */
  private async expire(record: SessionRecord): Promise<void> {
    try {
      // Every answer to the creation may have been lost: the same key hands the PaymentIntent back to be read.
      await this.ensurePaymentIntent();
      await this.verifyWithStripe();
    } catch (err) {
      log.error('expiry_could_not_reach_stripe', { sessionId: record.sessionId, kioskId: record.kioskId, error: String(err) });
      this.scheduleCleanup();
      return;
    }
    const latest = this.load()!;
    if (isFinal(latest.state.status)) return this.enforceUnpaidEnding(latest);
    const result = await this.cancel(null, 'expired');
    // Stripe failing past its retries, or a card in the middle of processing: try again later.
    if (isFailure(result) && result.code !== 'already_paid' && result.code !== 'requires_attention') this.scheduleCleanup();
  }

  /** A final session that is not a success: its PaymentIntent must be closed at Stripe, and any money refunded. */
  private async enforceUnpaidEnding(record: SessionRecord): Promise<void> {
    const { status } = record.state;
    const closeNeeded = status === 'cancelled' && !record.paymentIntentClosed;
    const refundNeeded = status === 'requires_attention' && record.refunds.length === 0 && record.paymentIntentId !== null;
    if (!closeNeeded && !refundNeeded) return this.cleanupDone();
    try {
      if (closeNeeded) await this.once('cancel', () => this.closePaymentIntent());
      else await this.verifyWithStripe();
    } catch (err) {
      log.error('cleanup_at_stripe_failed', { sessionId: record.sessionId, kioskId: record.kioskId, error: String(err) });
      this.scheduleCleanup();
    }
  }

  private async flushLedger(): Promise<void> {
    try {
      await this.ledger.flush();
      this.flushFailures = 0;
      this.flushDueAt = this.ledger.hasPending() ? Date.now() + LEDGER_FLUSH_DELAY_MS : undefined;
    } catch (err) {
      this.flushFailures++;
      log.error('ledger_write_failed', { sessionId: this.load()?.sessionId, failures: this.flushFailures, error: String(err) });
      this.flushDueAt = Date.now() + Math.min(LEDGER_FIRST_RETRY_MS * 2 ** (this.flushFailures - 1), LEDGER_MAX_RETRY_MS);
    }
  }

  private async tellKioskIfEnded(): Promise<void> {
    const record = this.load()!;
    if (!isFinal(record.state.status) || record.kioskToldEnded) return;
    try {
      await kioskObject(this.env, record.kioskId).sessionEnded(record.sessionId);
      // Saved without a ledger snapshot: nothing operators see changed.
      this.ctx.storage.kv.put('session', { ...this.load()!, kioskToldEnded: true });
    } catch (err) {
      log.warn('kiosk_not_told_session_ended', { sessionId: record.sessionId, kioskId: record.kioskId, error: String(err) });
    }
  }
}
