import type { ChangeCause, SessionView } from '../../shared/api.ts';
import { isFinal, type CancellationReason } from '../../shared/session-status.ts';
import { failure, stripeFailure, type Failure } from '../errors.ts';
import type { CheckoutStripe } from './checkout-stripe.ts';
import type { Flights } from './flights.ts';
import { resetReader } from './reader-reset.ts';
import { cancelResult, notFound } from './session-answers.ts';
import type { SessionPaymentIntent } from './session-payment-intent.ts';
import type { SessionStore } from './session-store.ts';

/**
 * Ending a checkout unpaid, whoever asks (the customer, an operator, the next order, the alarm, the reader): the
 * money rule is that nothing chargeable is left behind. The cancel is remembered before any await, waits for work that
 * could hand the PaymentIntent out, and the session is only called cancelled once Stripe agrees (or never had one).
 */
export class SessionCancellation {
  constructor(
    private readonly store: SessionStore,
    private readonly stripe: CheckoutStripe,
    private readonly flights: Flights,
    private readonly payment: SessionPaymentIntent,
  ) {}

  /**
   * Ends the session unpaid. A creation still in flight is waited for, so nothing it makes is left behind; in
   * server-driven mode the reader gives the payment back first.
   */
  async cancelSession(reason: CancellationReason, cause: ChangeCause): Promise<({ ok: true } & { session: SessionView }) | Failure> {
    const record = this.store.load();
    if (!record) return notFound();
    if (isFinal(record.state.status)) return cancelResult(record);
    // Remembered first: a creation finishing meanwhile, or a replayed create, must not hand the PaymentIntent out.
    this.store.saveQuietly({ ...record, cancelRequested: record.cancelRequested ?? reason });
    await this.flights.finished('create-payment-intent');
    await this.flights.finished('hand-to-reader');
    await resetReader(this.store, this.stripe);
    try {
      await this.flights.once('cancel', () => this.payment.closePaymentIntent(cause));
    } catch (err) {
      const latest = this.store.load()!;
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
    const latest = this.store.load()!;
    if (!isFinal(latest.state.status)) {
      return failure(409, 'payment_in_progress', 'The card is being processed and cannot be cancelled now. Please wait.');
    }
    return cancelResult(latest);
  }
}
