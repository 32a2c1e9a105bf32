import Stripe from 'stripe';
import type { ChangeCause } from '../../shared/api.ts';
import { failure, stripeFailure, type Failure } from '../errors.ts';
import { log } from '../log.ts';
import type { CheckoutStripe } from './checkout-stripe.ts';
import type { Flights } from './flights.ts';
import { outcomeOf } from './payment-outcome.ts';
import { resetReader } from './reader-reset.ts';
import { replayedFromItsKey } from './refunds.ts';
import { awaitsOrderNumber } from './session-record.ts';
import type { SessionRefunds } from './session-refunds.ts';
import type { SessionStore } from './session-store.ts';

const isUnexpectedState = (err: unknown) =>
  err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'payment_intent_unexpected_state';

/**
 * A checkout's PaymentIntent at Stripe: created once, read, canceled, and what each of Stripe's answers means for the
 * session (decided by the pure `outcomeOf`, saved here). Concurrent callers share one Stripe call of a kind (see
 * `Flights`), and every answer is applied to the record as it is after the await, not as it was before.
 */
export class SessionPaymentIntent {
  constructor(
    private readonly store: SessionStore,
    private readonly stripe: CheckoutStripe,
    private readonly flights: Flights,
    private readonly refunds: SessionRefunds,
  ) {}

  /**
   * Makes sure the session's PaymentIntent exists and is known. The same idempotency key on every try (ours, the
   * SDK's, the alarm's): Stripe creates at most one per session, and a try after a lost answer gets it back. Only a
   * failure Stripe replays from the key (a 500 it began: replayed to every try for a day) moves the next try to a new
   * key: that key holds the failure, so no PaymentIntent the session could have been given. Should Stripe have made
   * one before that 500, it stays in `requires_payment_method`, unknown to the session: its client secret never
   * reaches a kiosk, nor it a reader, so nobody can pay it.
   */
  ensurePaymentIntent(): Promise<void> {
    return this.flights.once('create-payment-intent', async () => {
      const record = this.store.load()!;
      if (record.paymentIntentId) return;
      let pi: Stripe.PaymentIntent;
      try {
        pi = await this.stripe.createPaymentIntent(record);
      } catch (err) {
        if (replayedFromItsKey(err)) {
          const latest = this.store.load()!;
          this.store.saveQuietly({ ...latest, paymentIntentCreateFailures: (latest.paymentIntentCreateFailures ?? 0) + 1 });
        }
        throw err;
      }
      const latest = this.store.load()!;
      if (!latest.paymentIntentId) this.store.save({ ...latest, paymentIntentId: pi.id, clientSecret: pi.client_secret });
    });
  }

  /** Stripe could not create the PaymentIntent: nothing is chargeable, and a retried create tries again. */
  paymentIntentFailure(err: unknown): Failure {
    const record = this.store.load()!;
    log.error('payment_intent_creation_failed', { sessionId: record.sessionId, kioskId: record.kioskId, error: String(err) });
    return stripeFailure(err) ?? failure(502, 'stripe_error', 'Could not create the payment. Please try again.');
  }

  /** Reads the PaymentIntent from Stripe and moves the session to what it says (one read for all concurrent callers). */
  verifyWithStripe(cause: ChangeCause): Promise<void> {
    return this.flights.once('verify', () => this.readPaymentIntent(cause));
  }

  /** A read of Stripe that starts after now: a read already in flight may predate the change we know of. */
  freshVerify(cause: ChangeCause): Promise<void> {
    return this.flights.fresh('verify', () => this.readPaymentIntent(cause));
  }

  /**
   * Brings Stripe in line with a session that is ending unpaid: finds the PaymentIntent (a creation whose answer was
   * lost is replayed under its key), cancels it, and settles the session with Stripe's answer. Throws when Stripe
   * cannot be reached; leaves the session open when the card is being processed right now.
   */
  async closePaymentIntent(cause: ChangeCause): Promise<void> {
    await this.ensurePaymentIntent();
    const record = this.store.load()!;
    const reason = record.cancelRequested ?? record.state.cancellationReason ?? 'customer';
    const attempt = (record.cancelAttempts ?? 0) + 1;
    this.store.saveQuietly({ ...record, cancelAttempts: attempt });
    try {
      await this.settleWith(await this.stripe.cancelPaymentIntent(record, reason, attempt), cause);
    } catch (err) {
      // Already canceled, paid or being processed at Stripe: read which, and record that instead.
      if (!isUnexpectedState(err)) throw err;
      await this.freshVerify(cause);
    }
    if (this.store.load()!.paymentIntentClosed) this.store.cleanupDone();
  }

  private async readPaymentIntent(cause: ChangeCause): Promise<void> {
    const id = this.store.load()?.paymentIntentId;
    if (!id) return;
    await this.settleWith(await this.stripe.readPaymentIntent(id), cause);
  }

  /** Saves what Stripe's PaymentIntent means for the session (decided by the pure `outcomeOf`), then acts on it. */
  private async settleWith(pi: Stripe.PaymentIntent, cause: ChangeCause): Promise<void> {
    const record = this.store.load();
    if (!record) return;
    const outcome = outcomeOf(record, pi);
    // Paid: an order number is owed (null) until the store gives one.
    const paid = outcome.event?.type === 'payment_succeeded' ? { orderNumber: null } : {};
    // The kiosk hears the payment with its number, unless the store cannot give one at once (the number follows).
    await this.store.oneLiveMessage(async () => {
      const changed = outcome.event ? this.store.change(record, outcome.event, cause, { ...outcome.patch, ...paid }) : record;
      if (changed === record && Object.keys(outcome.patch).length > 0) this.store.save({ ...record, ...outcome.patch });
      if (awaitsOrderNumber(this.store.load()!)) await this.giveOrderNumber();
    });
    if (outcome.refund) await this.refunds.refundUnkeptPayment(pi);
    if (outcome.refundInPerson) this.refunds.inPersonRefundNeeded(pi);
    // Canceled elsewhere (the Dashboard): the reader would go on asking for the card of an order that has ended.
    if (outcome.event?.type === 'cancelled' && !record.cancelRequested) await resetReader(this.store, this.stripe);
  }

  /**
   * Asks the store for a paid session's order number at once, so the customer sees it with the success; if the store
   * cannot be reached, the session says null for now and its alarm asks again (the live channel stays open for it).
   */
  private async giveOrderNumber(): Promise<void> {
    try {
      await this.store.assignOrderNumber();
    } catch (err) {
      log.warn('order_number_delayed', { sessionId: this.store.load()!.sessionId, kioskId: this.store.load()!.kioskId, error: String(err) });
    }
  }
}
