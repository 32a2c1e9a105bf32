import { DurableObject } from 'cloudflare:workers';
import Stripe from 'stripe';
import type { CatalogItem, CompleteResponse, ProgressRequest, Receipt, SessionView } from '../../shared/api.ts';
import { isFinal, type CancellationReason } from '../../shared/session-status.ts';
import { transition, type SessionEvent, type SessionState } from '../../shared/transition.ts';
import { sessionTimeoutMs } from '../config.ts';
import { failure, stripeFailure, type Failure } from '../errors.ts';
import { stripeClient, idempotencyKey } from '../stripe-client.ts';

export interface OpenSessionInput {
  sessionId: string;
  kioskId: string;
  items: Array<CatalogItem & { quantity: number }>;
  amount: number;
  currency: string;
}

interface SessionRecord extends OpenSessionInput {
  paymentIntentId: string | null;
  clientSecret: string | null;
  state: SessionState;
  receipt?: Receipt;
  /** The charge of the last decline already recorded, so a late event for it does not fail a new attempt. */
  lastDeclinedCharge?: string;
  /** Why we last asked Stripe to cancel: a PaymentIntent seen canceled later (response lost, webhook first) keeps it. */
  cancelRequested?: CancellationReason;
  createdAt: number;
  updatedAt: number;
  lastProgressAt: number;
}

type Ok<T> = { ok: true } & T;

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

const cartFingerprint = (items: OpenSessionInput['items']) =>
  JSON.stringify(items.map((i) => [i.id, i.quantity]).sort());

function receiptOf(pi: Stripe.PaymentIntent): Receipt | undefined {
  const charge = pi.latest_charge;
  if (!charge || typeof charge === 'string') return undefined;
  const card = charge.payment_method_details?.card_present;
  return { brand: card?.brand ?? 'card', last4: card?.last4 ?? '????', receiptUrl: charge.receipt_url ?? null };
}

const chargeId = (pi: Stripe.PaymentIntent) =>
  typeof pi.latest_charge === 'string' ? pi.latest_charge : (pi.latest_charge?.id ?? undefined);

/**
 * One kiosk checkout session: the single source of truth for its payment. Its state only changes through the pure
 * `transition` of shared/, and only after asking Stripe (the kiosk's and the webhooks' word are hints).
 * Every `await` on Stripe lets other calls in, so state is re-read from storage after each one.
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
    return this.ctx.storage.kv.get<SessionRecord>('session');
  }

  private save(record: SessionRecord): void {
    this.ctx.storage.kv.put('session', { ...record, updatedAt: Date.now() });
  }

  private once<T>(key: string, run: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key) as Promise<T> | undefined;
    if (running) return running;
    const started = run().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }

  private view(record: SessionRecord): SessionView {
    const { state } = record;
    return {
      sessionId: record.sessionId,
      paymentIntentId: record.paymentIntentId ?? '',
      clientSecret: record.clientSecret ?? '',
      amount: record.amount,
      currency: record.currency,
      status: state.status,
      items: record.items,
      ...(state.declineCode ? { declineCode: state.declineCode } : {}),
      ...(state.cancellationReason ? { cancellationReason: state.cancellationReason } : {}),
      ...(state.attentionReason ? { attentionReason: state.attentionReason } : {}),
      ...(record.receipt ? { receipt: record.receipt } : {}),
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    };
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
    const next = { ...record, state: result.state };
    this.save(next);
    console.log('session status', { sessionId: record.sessionId, from: record.state.status, to: result.state.status });
    return next;
  }

  private scheduleExpiry(): void {
    void this.ctx.storage.setAlarm(Date.now() + sessionTimeoutMs(this.env));
  }

  /** Creates the session and its PaymentIntent; called again with the same cart, returns the same session. */
  async open(input: OpenSessionInput): Promise<Ok<{ session: SessionView; created: boolean }> | Failure> {
    let record = this.load();
    if (record && (record.kioskId !== input.kioskId || cartFingerprint(record.items) !== cartFingerprint(input.items))) {
      return failure(409, 'idempotency_conflict', 'This Idempotency-Key was already used for a different cart');
    }
    const created = !record;
    if (!record) {
      const now = Date.now();
      record = { ...input, paymentIntentId: null, clientSecret: null, state: { status: 'idle' }, createdAt: now, updatedAt: now, lastProgressAt: now };
      this.save(record);
      this.scheduleExpiry();
    }
    if (!record.paymentIntentId) {
      try {
        await this.once('create-payment-intent', () => this.createPaymentIntent(input));
      } catch (err) {
        console.error('payment intent creation failed', { sessionId: input.sessionId, error: String(err) });
        return stripeFailure(err) ?? failure(502, 'stripe_error', 'Could not create the payment. Please try again.');
      }
      record = this.load()!;
    }
    return { ok: true, session: this.view(record), created };
  }

  private async createPaymentIntent(input: OpenSessionInput): Promise<void> {
    const stripe = stripeClient(this.env);
    const pi = await stripe.paymentIntents.create(
      {
        amount: input.amount,
        currency: input.currency,
        allowed_payment_method_types: ['card_present'],
        capture_method: 'automatic',
        description: input.items.map((i) => `${i.quantity} x ${i.name}`).join(', ').slice(0, 1000),
        metadata: { sessionId: input.sessionId, kioskId: input.kioskId },
      },
      // The same key on every retry, ours or the SDK's: Stripe creates at most one PaymentIntent per session.
      { idempotencyKey: idempotencyKey(input.sessionId, 'create-payment-intent') },
    );
    const record = this.load()!;
    if (!record.paymentIntentId) {
      this.save({ ...record, paymentIntentId: pi.id, clientSecret: pi.client_secret });
    }
  }

  get(kioskId: string): Ok<{ session: SessionView }> | Failure {
    const record = this.owned(kioskId);
    return 'ok' in record ? record : { ok: true, session: this.view(record) };
  }

  /** For operators: the session whichever kiosk it belongs to. */
  inspect(): { kioskId: string; session: SessionView } | null {
    const record = this.load();
    return record ? { kioskId: record.kioskId, session: this.view(record) } : null;
  }

  /** Progress the kiosk reports while driving the reader: a hint for operators, and proof of life. */
  progress(kioskId: string, status: ProgressRequest['status']): Ok<{ session: SessionView }> | Failure {
    const record = this.owned(kioskId);
    if ('ok' in record) return record;
    const result = transition(record.state, PROGRESS_EVENTS[status]);
    if (!result.ok) return failure(409, 'invalid_transition', result.error);
    const next = { ...record, state: result.state, lastProgressAt: Date.now() };
    this.save(next);
    this.scheduleExpiry();
    return { ok: true, session: this.view(this.load()!) };
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
      this.applyPaymentIntent(pi);
    });
  }

  /** Maps Stripe's PaymentIntent status onto the session, checking that the PaymentIntent really is this session's. */
  private applyPaymentIntent(pi: Stripe.PaymentIntent): void {
    const record = this.load();
    if (!record || isFinal(record.state.status)) return;
    switch (pi.status) {
      case 'succeeded': {
        const mismatch = this.mismatch(record, pi);
        if (mismatch) {
          console.error('ALERT payment does not match its session', { sessionId: record.sessionId, paymentIntent: pi.id, mismatch });
          this.apply(record, { type: 'mismatch_detected', reason: mismatch });
          return;
        }
        const receipt = receiptOf(pi);
        const next = this.apply(record, { type: 'payment_succeeded' });
        if (receipt) this.save({ ...next, receipt });
        return;
      }
      case 'requires_payment_method': {
        const charge = chargeId(pi);
        if (!pi.last_payment_error || !charge || charge === record.lastDeclinedCharge) return;
        const declineCode = pi.last_payment_error.decline_code ?? pi.last_payment_error.code ?? 'card_declined';
        const next = this.apply(record, { type: 'payment_declined', declineCode });
        this.save({ ...next, lastDeclinedCharge: charge });
        return;
      }
      case 'canceled':
        this.apply(record, { type: 'cancelled', reason: record.cancelRequested ?? 'payment_intent_canceled' });
        return;
      case 'requires_capture':
      case 'requires_confirmation':
      case 'requires_action':
      case 'processing':
        // Not finished yet: the kiosk, a webhook or the alarm will ask again.
        return;
      default:
        console.warn('unknown PaymentIntent status', { paymentIntent: pi.id, status: pi.status });
    }
  }

  private mismatch(record: SessionRecord, pi: Stripe.PaymentIntent): string | null {
    if (pi.amount !== record.amount) return `amount ${pi.amount} != ${record.amount}`;
    if (pi.currency !== record.currency) return `currency ${pi.currency} != ${record.currency}`;
    if (pi.metadata.sessionId !== record.sessionId) return 'sessionId in metadata does not match';
    if (pi.metadata.kioskId !== record.kioskId) return 'kioskId in metadata does not match';
    return null;
  }

  /** Cancels the session and its PaymentIntent; a PaymentIntent that was paid meanwhile makes the session a success. */
  async cancel(kioskId: string | null, reason: CancellationReason = 'customer'): Promise<Ok<{ session: SessionView }> | Failure> {
    const owned = kioskId === null ? this.load() : this.owned(kioskId);
    if (!owned) return failure(404, 'session_not_found', 'No such checkout session');
    if ('ok' in owned) return owned;
    const done = (record: SessionRecord): Ok<{ session: SessionView }> | Failure =>
      record.state.status === 'success'
        ? failure(409, 'already_paid', 'This session was already paid')
        : record.state.status === 'requires_attention'
          ? failure(409, 'requires_attention', 'This session needs an operator')
          : { ok: true, session: this.view(record) };
    if (isFinal(owned.state.status)) return done(owned);
    if (owned.paymentIntentId) {
      try {
        await this.once('cancel', () => this.cancelPaymentIntent(this.load()!, reason));
      } catch (err) {
        // Already succeeded or already canceled at Stripe: find out which, and record that instead.
        if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'payment_intent_unexpected_state') {
          // If Stripe cannot be read either, the cancel's own failure below is what the caller needs to hear.
          await this.verifyWithStripe().catch(() => undefined);
          const latest = this.load()!;
          if (isFinal(latest.state.status)) return done(latest);
        }
        return stripeFailure(err) ?? failure(502, 'stripe_error', 'Could not cancel the payment. Please try again.');
      }
    }
    const latest = this.load()!;
    return done(this.apply(latest, { type: 'cancelled', reason: latest.cancelRequested ?? reason }));
  }

  /** Asks Stripe to cancel, remembering why first: the answer may be lost, or overtaken by Stripe's webhook. */
  private cancelPaymentIntent(record: SessionRecord, reason: CancellationReason): Promise<Stripe.PaymentIntent> {
    this.save({ ...record, cancelRequested: reason });
    const stripeReason = reason === 'expired' ? 'abandoned' : 'requested_by_customer';
    return stripeClient(this.env).paymentIntents.cancel(
      record.paymentIntentId!,
      { cancellation_reason: stripeReason },
      // One key per reason: the same key with other parameters would be an idempotency_error at Stripe.
      { idempotencyKey: idempotencyKey(record.sessionId, `cancel-payment-intent-${stripeReason}`) },
    );
  }

  /**
   * A verified Stripe webhook event about this session's PaymentIntent. Recorded once by event id and once per
   * change (Stripe may send one change under two event ids); then, as a hint, it triggers a fresh read from Stripe.
   */
  async applyStripeEvent(event: { id: string; type: string; objectId: string; chargeId: string | null }): Promise<{ known: boolean; duplicate: boolean }> {
    const record = this.load();
    if (!record) return { known: false, duplicate: false };
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
    // A late event cannot change a finished session: recorded, and nothing to ask Stripe.
    if (isFinal(record.state.status)) return { known: true, duplicate: false };
    try {
      // A read already in flight may predate the change this event announces: wait for it, then read again.
      await this.inFlight.get('verify')?.catch(() => undefined);
      await this.verifyWithStripe();
    } catch (err) {
      // Not safely processed: forget the event so Stripe's redelivery is not mistaken for a duplicate.
      this.ctx.storage.sql.exec('DELETE FROM stripe_events WHERE event_id = ?', event.id);
      throw err;
    }
    return { known: true, duplicate: false };
  }

  /** The lifecycle timer: a session without progress is settled by asking Stripe. Safe to fire twice. */
  override async alarm(): Promise<void> {
    const record = this.load();
    if (!record || isFinal(record.state.status)) return;
    const due = record.lastProgressAt + sessionTimeoutMs(this.env);
    if (Date.now() < due) {
      await this.ctx.storage.setAlarm(due);
      return;
    }
    if (!record.paymentIntentId) {
      // Every answer to the creation may have been lost after Stripe made the PaymentIntent: the same idempotency
      // key hands it back, so it is cancelled with the session instead of being left behind at Stripe.
      await this.once('create-payment-intent', () => this.createPaymentIntent(record));
    }
    await this.verifyWithStripe();
    const latest = this.load()!;
    if (isFinal(latest.state.status)) return;
    const result = await this.cancel(null, 'expired');
    // Stripe failing past its retries: try again later rather than leave the session open forever.
    if (!result.ok && result.status >= 500) await this.ctx.storage.setAlarm(Date.now() + 30_000);
  }
}
