import type Stripe from 'stripe';
import type { CancellationReason } from '../../shared/session-status.ts';
import { sha256Hex } from '../auth/kiosk-token.ts';
import { idempotencyKey, STRIPE_MAX_KEY_LENGTH, stripeClient } from '../stripe-client.ts';
import { inPersonRefundMetadata } from './in-person-refunds.ts';
import { allowedPaymentMethodTypes } from './payment-methods.ts';
import { readerCart } from './reader-outcome.ts';
import { lineDescription, type InPersonRefundAttempt, type SessionRecord } from './session-record.ts';

/**
 * Every Stripe request a checkout makes, built from its record: what is sent, and under which idempotency key. The
 * checkout's object decides when to call and what the answers mean; this module only says how each call is made.
 * Mutating calls carry keys stable across retries (the SDK's, the alarm's, a kiosk's retried request), so Stripe does
 * each thing once per session and try.
 */
export class CheckoutStripe {
  private readonly stripe: Stripe;

  constructor(env: Env) {
    this.stripe = stripeClient(env);
  }

  /**
   * The session's one PaymentIntent, priced from the record (never from a request): in-person cards (and Interac in
   * CAD), captured at once. One key per session, so every try whose answer was lost lands on the same PaymentIntent,
   * and a new one only after a failure Stripe replays from the key (it would for a day).
   */
  createPaymentIntent(record: SessionRecord): Promise<Stripe.PaymentIntent> {
    const failures = record.paymentIntentCreateFailures ?? 0;
    return this.stripe.paymentIntents.create(
      {
        amount: record.amount,
        currency: record.currency,
        allowed_payment_method_types: allowedPaymentMethodTypes(record.currency),
        capture_method: 'automatic',
        description: itemsDescription(record).slice(0, 1000),
        metadata: { sessionId: record.sessionId, kioskId: record.kioskId },
      },
      { idempotencyKey: idempotencyKey(record.sessionId, failures === 0 ? 'create-payment-intent' : `create-payment-intent-${failures + 1}`) },
    );
  }

  /**
   * The paid order's number where Stripe's receipt shows it: the PaymentIntent's description ("Order 42 · 1 x Café
   * Latte"), and its metadata, for finding it in the Dashboard.
   */
  numberReceipt(record: SessionRecord): Promise<Stripe.PaymentIntent> {
    return this.stripe.paymentIntents.update(
      record.paymentIntentId!,
      { description: `Order ${record.orderNumber} · ${itemsDescription(record)}`.slice(0, 1000), metadata: { orderNumber: String(record.orderNumber) } },
      // A key of its own for each try: Stripe replays a failure it kept (a 500) to every request under its key for a
      // day, and the same description and metadata written twice change nothing.
      { idempotencyKey: idempotencyKey(record.sessionId, `number-receipt-${record.cleanupFailures ?? 0}`) },
    );
  }

  /** The PaymentIntent with its latest charge: what verification reads (status, card, charge id, tip). */
  readPaymentIntent(id: string): Promise<Stripe.PaymentIntent> {
    return this.stripe.paymentIntents.retrieve(id, { expand: ['latest_charge'] });
  }

  /**
   * Cancels the PaymentIntent, under a key of its own for each try (the SDK's retries within a try share it): Stripe
   * replays a refused try's answer to every request under its key for a day, so a later try needs a new one. A try
   * after one whose answer was lost finds the PaymentIntent canceled already (`payment_intent_unexpected_state`).
   * The reason is in the key too, as the same key with other parameters is an error at Stripe.
   */
  cancelPaymentIntent(record: SessionRecord, reason: CancellationReason, attempt: number): Promise<Stripe.PaymentIntent> {
    const stripeReason = reason === 'customer' ? 'requested_by_customer' : 'abandoned';
    return this.stripe.paymentIntents.cancel(
      record.paymentIntentId!,
      { cancellation_reason: stripeReason },
      { idempotencyKey: idempotencyKey(record.sessionId, `cancel-payment-intent-${stripeReason}-${attempt}`) },
    );
  }

  /**
   * Server-driven: the cart on the session's reader, for the given try at handing it the payment; `again` once the
   * reader was freed of an abandoned payment (Stripe keeps the refusal under the first key).
   */
  showCart(record: SessionRecord, attempt: number, again = false): Promise<Stripe.Terminal.Reader> {
    return this.stripe.terminal.readers.setReaderDisplay(
      record.reader!.id,
      { type: 'cart', cart: readerCart(record) },
      { idempotencyKey: idempotencyKey(record.sessionId, `reader-display-${attempt}${again ? '-again' : ''}`) },
    );
  }

  /** Server-driven: the PaymentIntent to the reader, the customer able to cancel there and to tip where the kiosk offers it. */
  processOnReader(record: SessionRecord, attempt: number): Promise<Stripe.Terminal.Reader> {
    const reader = record.reader!;
    return this.stripe.terminal.readers.processPaymentIntent(
      reader.id,
      {
        payment_intent: record.paymentIntentId!,
        process_config: { enable_customer_cancellation: true, skip_tipping: !reader.tipping },
      },
      { idempotencyKey: idempotencyKey(record.sessionId, `reader-process-${attempt}`) },
    );
  }

  readReader(readerId: string): Promise<Stripe.Terminal.Reader | Stripe.Terminal.DeletedReader> {
    return this.stripe.terminal.readers.retrieve(readerId);
  }

  /** The reader with the PaymentIntent its payment action works on, in one read. */
  readReaderAndPayment(readerId: string): Promise<Stripe.Terminal.Reader | Stripe.Terminal.DeletedReader> {
    return this.stripe.terminal.readers.retrieve(readerId, { expand: ['action.process_payment_intent.payment_intent'] });
  }

  cancelReaderAction(readerId: string): Promise<Stripe.Terminal.Reader | Stripe.Terminal.DeletedReader> {
    return this.stripe.terminal.readers.cancelAction(readerId);
  }

  /**
   * Gives back a payment the session must not keep: one key per session, so every path lands on the same refund, and a
   * new one only after a failure Stripe keeps under the key (it would replay it for a day).
   */
  refundUnkeptPayment(record: SessionRecord, paymentIntentId: string): Promise<Stripe.Refund> {
    const failures = record.automaticRefundFailures ?? 0;
    return this.stripe.refunds.create(
      {
        payment_intent: paymentIntentId,
        reason: 'requested_by_customer',
        metadata: { sessionId: record.sessionId, kioskId: record.kioskId, cause: record.state.attentionReason ?? 'unkept' },
      },
      { idempotencyKey: idempotencyKey(record.sessionId, failures === 0 ? 'refund-unkept-payment' : `refund-unkept-payment-${failures + 1}`) },
    );
  }

  /** An operator's refund, under the operator's own Idempotency-Key (see `operatorKey`). */
  async refundForOperator(record: SessionRecord, refund: { amount: number; reason?: Stripe.RefundCreateParams.Reason; key: string }): Promise<Stripe.Refund> {
    return this.stripe.refunds.create(
      {
        payment_intent: record.paymentIntentId!,
        amount: refund.amount,
        ...(refund.reason ? { reason: refund.reason } : {}),
        metadata: { sessionId: record.sessionId, kioskId: record.kioskId, cause: 'operator' },
      },
      { idempotencyKey: await operatorKey(record, 'refund', refund.key) },
    );
  }

  /**
   * An operator's in-person refund: the reader asks the customer for the card the session was paid with (Interac), who
   * may cancel there. The refund Stripe makes carries the session, so its events reach it; the reader's too. Both
   * carry the attempt, so that each is told by its own. Built from the saved attempt only: a retry of its key sends
   * the same request, under the same key until Stripe refuses a try (then the next try has a key of its own).
   */
  async refundOnReader(record: SessionRecord, attempt: InPersonRefundAttempt, key: string): Promise<Stripe.Terminal.Reader> {
    return this.stripe.terminal.readers.refundPayment(
      attempt.view.readerId,
      {
        payment_intent: record.paymentIntentId!,
        amount: attempt.view.amount,
        metadata: inPersonRefundMetadata(record, attempt),
        refund_payment_config: { enable_customer_cancellation: true },
      },
      { idempotencyKey: await operatorKey(record, attempt.refusals ? `reader-refund-try-${attempt.refusals + 1}` : 'reader-refund', key) },
    );
  }

  /** The payment's refunds as Stripe has them (a session has a handful at most). */
  async refundsOf(paymentIntentId: string): Promise<Stripe.Refund[]> {
    return (await this.stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 })).data;
  }
}

/**
 * An operator's Idempotency-Key, scoped to the session. Stripe takes keys of up to 255 characters: one too long to fit
 * beside the session's prefix goes as its SHA-256.
 */
async function operatorKey(record: SessionRecord, action: string, key: string): Promise<string> {
  const plain = idempotencyKey(record.sessionId, `${action}-${key}`);
  return plain.length <= STRIPE_MAX_KEY_LENGTH ? plain : idempotencyKey(record.sessionId, `${action}-sha256-${await sha256Hex(key)}`);
}

/** What the customer bought, as Stripe's Dashboard and receipt show it: "2 x Café Latte (Large), 1 x Bagel". */
const itemsDescription = (record: SessionRecord): string => record.items.map((i) => `${i.quantity} x ${lineDescription(i)}`).join(', ');
