import { DurableObject } from 'cloudflare:workers';
import Stripe from 'stripe';
import type { CompleteResponse, ProgressRequest, RefundView, SessionView } from '../../shared/api.ts';
import { isFinal, type CancellationReason } from '../../shared/session-status.ts';
import { transition, type SessionEvent } from '../../shared/transition.ts';
import { outcomeOf } from '../checkout/payment-outcome.ts';
import {
  cartFingerprint,
  newSessionRecord,
  viewOf,
  type OpenSessionInput,
  type SessionRecord,
} from '../checkout/session-record.ts';
import { sessionTimeoutMs } from '../config.ts';
import { failure, stripeFailure, type Failure } from '../errors.ts';
import { idempotencyKey, stripeClient } from '../stripe-client.ts';

export type { OpenSessionInput } from '../checkout/session-record.ts';

type Ok<T> = { ok: true } & T;

/** How soon a final session that still has work at Stripe (a cancel or a refund that failed) tries again. */
const CLEANUP_RETRY_MS = 30_000;

const PROGRESS_EVENTS: Record<ProgressRequest['status'], SessionEvent> = {
  connecting: { type: 'reader_connecting' },
  waiting_card: { type: 'awaiting_card' },
  processing: { type: 'card_presented' },
};

/**
 * Events that announce a change of the payment's outcome, and which change: Stripe reports one change under
 * several events (`charge.succeeded` and `payment_intent.succeeded`), and they count once.
 */
const OUTCOME_OF_EVENT: Record<string, string> = {
  'payment_intent.succeeded': 'succeeded',
  'charge.succeeded': 'succeeded',
  'payment_intent.payment_failed': 'failed',
  'charge.failed': 'failed',
  'payment_intent.canceled': 'canceled',
  'payment_intent.processing': 'processing',
  'payment_intent.amount_capturable_updated': 'authorized',
};

const isUnexpectedState = (err: unknown) =>
  err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'payment_intent_unexpected_state';

/**
 * One kiosk checkout session: the single source of truth for its payment. Its state only changes through the pure
 * `transition` of shared/, and only after asking Stripe (the kiosk's and the webhooks' word are hints).
 * Every `await` on Stripe lets other calls in, so state is re-read from storage after each one.
 *
 * The money rule it keeps: a session that ends without `success` leaves no PaymentIntent that can take money, and
 * keeps none that did. Creation and cancellation are ordered (a cancel waits for a creation in flight), a cancelled
 * session never hands out its PaymentIntent again, and its alarm works until Stripe agrees.
 */
export class CheckoutSession extends DurableObject<Env> {
  /** Calls to Stripe in progress, shared by concurrent callers so they all see one result. */
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS stripe_events (
        event_id TEXT PRIMARY KEY, change_key TEXT NOT NULL UNIQUE, received_at INTEGER NOT NULL)`);
    });
  }

  private load(): SessionRecord | undefined {
    const record = this.ctx.storage.kv.get<SessionRecord>('session');
    // Records written before refunds were kept have none.
    return record && { ...record, refunds: record.refunds ?? [] };
  }

  private save(record: SessionRecord): SessionRecord {
    const saved = { ...record, updatedAt: Date.now() };
    this.ctx.storage.kv.put('session', saved);
    return saved;
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

  private owned(kioskId: string): SessionRecord | Failure {
    const record = this.load();
    // Another kiosk's session looks exactly like a missing one: no existence leak.
    if (!record || record.kioskId !== kioskId) return failure(404, 'session_not_found', 'No such checkout session');
    return record;
  }

  private apply(record: SessionRecord, event: SessionEvent): SessionRecord {
    const result = transition(record.state, event);
    if (!result.ok || !result.changed) return record;
    console.log('session status', { sessionId: record.sessionId, from: record.state.status, to: result.state.status });
    return this.save({ ...record, state: result.state });
  }

  private scheduleExpiry(): void {
    void this.ctx.storage.setAlarm(Date.now() + sessionTimeoutMs(this.env));
  }

  private scheduleCleanup(): void {
    void this.ctx.storage.setAlarm(Date.now() + CLEANUP_RETRY_MS);
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
      this.scheduleExpiry();
    }
    const closed = this.closedForPayment(record);
    if (closed) return closed;
    if (!record.paymentIntentId) {
      try {
        await this.ensurePaymentIntent();
      } catch (err) {
        console.error('payment intent creation failed', { sessionId: input.sessionId, error: String(err) });
        return stripeFailure(err) ?? failure(502, 'stripe_error', 'Could not create the payment. Please try again.');
      }
      record = this.load()!;
      // A cancel may have come in while Stripe was creating it.
      const cancelled = this.closedForPayment(record);
      if (cancelled) return cancelled;
    }
    return { ok: true, session: viewOf(record), created };
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

  get(kioskId: string): Ok<{ session: SessionView }> | Failure {
    const record = this.owned(kioskId);
    return 'ok' in record ? record : { ok: true, session: viewOf(record) };
  }

  /** For operators: the session whichever kiosk it belongs to. */
  inspect(): { kioskId: string; session: SessionView } | null {
    const record = this.load();
    return record ? { kioskId: record.kioskId, session: viewOf(record) } : null;
  }

  /** Progress the kiosk reports while driving the reader: a hint for operators, and proof of life. */
  progress(kioskId: string, status: ProgressRequest['status']): Ok<{ session: SessionView }> | Failure {
    const record = this.owned(kioskId);
    if ('ok' in record) return record;
    const result = transition(record.state, PROGRESS_EVENTS[status]);
    if (!result.ok) return failure(409, 'invalid_transition', result.error);
    const next = this.save({ ...record, state: result.state, lastProgressAt: Date.now() });
    this.scheduleExpiry();
    return { ok: true, session: viewOf(next) };
  }

  /** Query-driven verification: the kiosk says it is done; Stripe says whether it is paid. */
  async complete(kioskId: string, paymentIntentId: string): Promise<Ok<{ result: CompleteResponse }> | Failure> {
    const record = this.owned(kioskId);
    if ('ok' in record) return record;
    if (!record.paymentIntentId || paymentIntentId !== record.paymentIntentId) {
      return failure(400, 'payment_intent_mismatch', "That PaymentIntent is not this session's");
    }
    if (!isFinal(record.state.status)) {
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
        next = { ...next, state: result.state };
        const log = result.state.status === 'requires_attention' ? console.error : console.log;
        log(result.state.status === 'requires_attention' ? 'ALERT session needs an operator' : 'session status', {
          sessionId: record.sessionId,
          paymentIntent: pi.id,
          from: record.state.status,
          to: result.state.status,
          ...(result.state.attentionReason ? { reason: result.state.attentionReason } : {}),
        });
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
        const view: RefundView = {
          id: refund.id,
          amount: refund.amount,
          status: (refund.status ?? 'pending') as RefundView['status'],
          reason: refund.reason ?? null,
        };
        this.save({ ...latest, refunds: [...latest.refunds.filter((r) => r.id !== refund.id), view] });
        console.error('ALERT payment refunded automatically', { sessionId: record.sessionId, paymentIntent: pi.id, refund: refund.id });
      } catch (err) {
        console.error('automatic refund failed; the alarm tries again', { sessionId: record.sessionId, error: String(err) });
        this.scheduleCleanup();
      }
    });
  }

  /**
   * Cancels the session and its PaymentIntent. A creation still in flight is waited for, so nothing it makes is
   * left behind; a PaymentIntent that was paid meanwhile makes the session a success (409 `already_paid`).
   */
  async cancel(kioskId: string | null, reason: CancellationReason = 'customer'): Promise<Ok<{ session: SessionView }> | Failure> {
    const owned = kioskId === null ? this.load() : this.owned(kioskId);
    if (!owned) return failure(404, 'session_not_found', 'No such checkout session');
    if ('ok' in owned) return owned;
    if (isFinal(owned.state.status)) return this.cancelResult(owned);
    // Remembered first: a creation finishing meanwhile, or a replayed create, must not hand the PaymentIntent out.
    this.save({ ...owned, cancelRequested: owned.cancelRequested ?? reason });
    await this.inFlight.get('create-payment-intent')?.catch(() => undefined);
    try {
      await this.once('cancel', () => this.closePaymentIntent());
    } catch (err) {
      const latest = this.load()!;
      if (isFinal(latest.state.status)) return this.cancelResult(latest);
      if (!latest.paymentIntentId) {
        // Stripe cannot be reached, and no PaymentIntent was ever handed out: the customer is told at once, and the
        // alarm finds and cancels whatever Stripe may have created under the session's key.
        this.scheduleCleanup();
        return this.cancelResult(this.apply(latest, { type: 'cancelled', reason: latest.cancelRequested ?? reason }));
      }
      return stripeFailure(err) ?? failure(502, 'stripe_error', 'Could not cancel the payment. Please try again.');
    }
    const latest = this.load()!;
    if (!isFinal(latest.state.status)) {
      return failure(409, 'payment_in_progress', 'The card is being processed and cannot be cancelled now. Please wait.');
    }
    return this.cancelResult(latest);
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
    const stripeReason = reason === 'expired' ? 'abandoned' : 'requested_by_customer';
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
      console.error('ALERT webhook names this session for a PaymentIntent that is not its own', {
        sessionId: record.sessionId,
        paymentIntent: event.objectId,
        event: event.id,
      });
      return { known: true, duplicate: false };
    }
    const outcome = OUTCOME_OF_EVENT[event.type];
    // Creation, refunds and the like cannot change whether this session is paid: acknowledged, nothing to read.
    if (!outcome) return { known: true, duplicate: false };
    const changeKey = `${event.objectId}:${outcome}:${event.chargeId ?? ''}`;
    const inserted = this.ctx.storage.sql.exec(
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
      this.ctx.storage.sql.exec('DELETE FROM stripe_events WHERE event_id = ?', event.id);
      throw err;
    }
    return { known: true, duplicate: false };
  }

  /**
   * The lifecycle timer, safe to fire twice. An open session without progress is settled by asking Stripe; a
   * session that ended unpaid keeps at Stripe until its PaymentIntent is closed and no money is kept.
   */
  override async alarm(): Promise<void> {
    const record = this.load();
    if (!record) return;
    if (isFinal(record.state.status)) return this.enforceUnpaidEnding(record);
    const due = record.lastProgressAt + sessionTimeoutMs(this.env);
    if (Date.now() < due) {
      await this.ctx.storage.setAlarm(due);
      return;
    }
    try {
      // Every answer to the creation may have been lost: the same key hands the PaymentIntent back to be read.
      await this.ensurePaymentIntent();
      await this.verifyWithStripe();
    } catch (err) {
      console.error('expiry could not reach Stripe; trying again later', { sessionId: record.sessionId, error: String(err) });
      this.scheduleCleanup();
      return;
    }
    const latest = this.load()!;
    if (isFinal(latest.state.status)) return this.enforceUnpaidEnding(latest);
    const result = await this.cancel(null, 'expired');
    // Stripe failing past its retries, or a card in the middle of processing: try again later.
    if (!result.ok && result.code !== 'already_paid' && result.code !== 'requires_attention') this.scheduleCleanup();
  }

  /** A final session that is not a success: its PaymentIntent must be closed at Stripe, and any money refunded. */
  private async enforceUnpaidEnding(record: SessionRecord): Promise<void> {
    const { status } = record.state;
    const closeNeeded = status === 'cancelled' && !record.paymentIntentClosed;
    const refundNeeded = status === 'requires_attention' && record.refunds.length === 0 && record.paymentIntentId !== null;
    if (!closeNeeded && !refundNeeded) return;
    try {
      if (closeNeeded) await this.once('cancel', () => this.closePaymentIntent());
      else await this.verifyWithStripe();
    } catch (err) {
      console.error('cleanup at Stripe failed; trying again later', { sessionId: record.sessionId, error: String(err) });
      this.scheduleCleanup();
    }
  }
}
