import type Stripe from 'stripe';
import { idOf } from '../stripe-id.ts';

/** Which of our objects a verified Stripe event is about, read from the object Stripe sent (pure). */
export type EventSubject =
  /**
   * A payment's PaymentIntent or charge, tagged with its checkout at creation. `onlyAuthorized`: a charge whose card
   * was authorized but not captured (a PaymentIntent switched to manual capture at Stripe), so not paid yet.
   */
  | { kind: 'payment'; sessionId: string; paymentIntentId: string; chargeId: string | null; onlyAuthorized?: true }
  /** A reader's action, tagged with its kiosk at registration. */
  | { kind: 'reader'; kioskId: string; readerId: string; paymentIntentId: string | null }
  /**
   * A refund made elsewhere (the Dashboard) carries no session: its PaymentIntent, read from Stripe, names it. Only
   * events about the refund itself say it failed later.
   */
  | { kind: 'untagged_refund'; paymentIntentId: string; chargeId: string | null }
  | { kind: 'none' };

export function subjectOf(event: Stripe.Event): EventSubject {
  const object = event.data.object as unknown as Record<string, unknown>;
  const metadata = (object.metadata ?? {}) as Record<string, string>;
  if (object.object === 'payment_intent' && metadata.sessionId) {
    return { kind: 'payment', sessionId: metadata.sessionId, paymentIntentId: String(object.id), chargeId: idOf(object.latest_charge) };
  }
  if (object.object === 'charge' && metadata.sessionId && typeof object.payment_intent === 'string') {
    const charge = { kind: 'payment', sessionId: metadata.sessionId, paymentIntentId: object.payment_intent, chargeId: String(object.id) } as const;
    return object.captured === false ? { ...charge, onlyAuthorized: true } : charge;
  }
  // Refunds the worker makes carry the session; a refund made elsewhere (the Dashboard) reaches it by charge.refunded,
  // and by its own events through its PaymentIntent.
  if (object.object === 'refund' && typeof object.payment_intent === 'string') {
    const chargeId = idOf(object.charge);
    if (!metadata.sessionId) return { kind: 'untagged_refund', paymentIntentId: object.payment_intent, chargeId };
    return { kind: 'payment', sessionId: metadata.sessionId, paymentIntentId: object.payment_intent, chargeId };
  }
  // An in-person refund's reader action carries the refund's metadata, so any reader of the store reaches its session.
  const readerRefund = inPersonRefundOf(object);
  if (readerRefund) return readerRefund;
  if (object.object === 'terminal.reader' && metadata.kioskId) {
    const action = object.action as { type?: string; process_payment_intent?: { payment_intent?: unknown } } | null;
    const paymentIntentId = action?.type === 'process_payment_intent' ? idOf(action.process_payment_intent?.payment_intent) : null;
    return { kind: 'reader', kioskId: metadata.kioskId, readerId: String(object.id), paymentIntentId };
  }
  return { kind: 'none' };
}

/** A reader's `refund_payment` action that the worker started for a session (its metadata names it). */
function inPersonRefundOf(object: Record<string, unknown>): EventSubject | null {
  if (object.object !== 'terminal.reader') return null;
  const action = object.action as { type?: string; refund_payment?: { payment_intent?: unknown; charge?: unknown; metadata?: Record<string, string> } } | null;
  const detail = action?.type === 'refund_payment' ? action.refund_payment : undefined;
  const paymentIntentId = idOf(detail?.payment_intent);
  const sessionId = detail?.metadata?.sessionId;
  if (!sessionId || !paymentIntentId) return null;
  return { kind: 'payment', sessionId, paymentIntentId, chargeId: idOf(detail.charge) };
}
