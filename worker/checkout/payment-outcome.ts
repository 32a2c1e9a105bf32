import type Stripe from 'stripe';
import type { Receipt } from '../../shared/api.ts';
import { amountMismatch, currencyMismatch, receivedMismatch } from '../../shared/attention-reason.ts';
import { isFinal } from '../../shared/session-status.ts';
import type { SessionEvent } from '../../shared/transition.ts';
import { log } from '../log.ts';
import { paymentMethodTypeOf, refundsInPersonOnly } from './payment-methods.ts';
import { unkeptMoneyLeft } from './refunds.ts';
import type { SessionRecord } from './session-record.ts';

/** What Stripe's word about the PaymentIntent means for the session; the session object saves it. */
export interface PaymentOutcome {
  event: SessionEvent | null;
  /** Facts to keep alongside the event. */
  patch: Partial<
    Pick<SessionRecord, 'receipt' | 'chargeId' | 'tip' | 'paidAt' | 'lastDeclinedCharge' | 'paymentIntentClosed' | 'unkeptCharge' | 'paidWith'>
  >;
  /** The customer paid, but the session is not a success: the money must go back (online, by the worker). */
  refund: boolean;
  /** The money must go back, but only in person (Interac): the card at a reader, which an operator arranges. */
  refundInPerson?: boolean;
}

const NOTHING: PaymentOutcome = { event: null, patch: {}, refund: false };

export function receiptOf(pi: Stripe.PaymentIntent): Receipt | undefined {
  const charge = pi.latest_charge;
  if (!charge || typeof charge === 'string') return undefined;
  // An Interac debit card's brand and last4 are in its own details (Canada).
  const details = charge.payment_method_details;
  const card = details?.card_present ?? details?.interac_present;
  return { brand: card?.brand ?? 'card', last4: card?.last4 ?? '????', receiptUrl: charge.receipt_url ?? null };
}

export const chargeIdOf = (pi: Stripe.PaymentIntent): string | undefined =>
  typeof pi.latest_charge === 'string' ? pi.latest_charge : (pi.latest_charge?.id ?? undefined);

/**
 * When the card was charged, as Stripe recorded it: the sales day and the order number's day are the day the customer
 * paid, not the day the worker heard of it (a payment at 23:59:40 confirmed at 00:00:05). `now` when the charge is
 * not expanded.
 */
export const chargedAtOf = (pi: Stripe.PaymentIntent, now: number): number =>
  pi.latest_charge && typeof pi.latest_charge !== 'string' ? pi.latest_charge.created * 1000 : now;

/** The tip a customer added on the reader, as Stripe records it on the PaymentIntent. */
export const tipOf = (pi: Stripe.PaymentIntent): number => pi.amount_details?.tip?.amount ?? 0;

/**
 * Why a paid PaymentIntent is not this session's payment (a tampered or misrouted one), or null if it is. The amount
 * is the order's total, plus a tip only where the session's reader offered tipping, and all of it was received.
 */
export function mismatchOf(record: SessionRecord, pi: Stripe.PaymentIntent): string | null {
  const tip = record.reader?.tipping ? tipOf(pi) : 0;
  if (pi.amount !== record.amount + tip) return amountMismatch(pi.amount, record.amount, tip);
  // Captured for less than its amount (switched to manual capture at Stripe, then partly captured): not the order paid.
  if (pi.amount_received !== pi.amount) return receivedMismatch(pi.amount_received, pi.amount);
  if (pi.currency !== record.currency) return currencyMismatch(pi.currency, record.currency);
  if (pi.metadata.sessionId !== record.sessionId) return 'sessionId in metadata does not match';
  if (pi.metadata.kioskId !== record.kioskId) return 'kioskId in metadata does not match';
  return null;
}

/** What the card was charged with, kept once Stripe's answer shows it. */
function paidWithOf(record: SessionRecord, pi: Stripe.PaymentIntent): PaymentOutcome['patch'] {
  const paidWith = paymentMethodTypeOf(pi);
  return paidWith && paidWith !== record.paidWith ? { paidWith } : {};
}

/** Money taken that the session must not keep, as it keeps it (once): the ledger counts it as taken, and its refund. */
function unkept(record: SessionRecord, pi: Stripe.PaymentIntent, now: number): PaymentOutcome['patch'] {
  const paidWith = paidWithOf(record, pi);
  if (record.unkeptCharge) return paidWith;
  const chargeId = chargeIdOf(pi);
  return { unkeptCharge: { amount: pi.amount_received, at: chargedAtOf(pi, now) }, ...(chargeId ? { chargeId } : {}), ...paidWith };
}

/**
 * Money the session must not keep goes back online, by the worker, unless it can only go back in person (Interac):
 * then the session waits for an operator, and nothing is sent to Stripe (it would refuse, on every retry).
 */
function giveBack(record: SessionRecord, pi: Stripe.PaymentIntent, now: number, event: SessionEvent | null, owed: boolean): PaymentOutcome {
  const patch = unkept(record, pi, now);
  if (!refundsInPersonOnly(paymentMethodTypeOf(pi) ?? record.paidWith)) return { event, patch, refund: owed };
  return { event, patch, refund: false, refundInPerson: owed };
}

/**
 * Maps Stripe's PaymentIntent onto the session, exhaustively (as Medusa's Stripe provider does). Only `succeeded` with
 * matching amount, currency and ids is a success; a session that must not keep money (cancelled, mismatched) asks
 * for a refund instead of ignoring it.
 */
export function outcomeOf(record: SessionRecord, pi: Stripe.PaymentIntent, now = Date.now()): PaymentOutcome {
  const status = record.state.status;
  if (status === 'success') return NOTHING;
  switch (pi.status) {
    case 'succeeded': {
      if (status === 'cancelled') return giveBack(record, pi, now, { type: 'paid_after_cancellation' }, true);
      if (status === 'requires_attention') return giveBack(record, pi, now, null, unkeptMoneyLeft({ ...record, ...unkept(record, pi, now) }));
      const mismatch = mismatchOf(record, pi);
      if (mismatch) return giveBack(record, pi, now, { type: 'mismatch_detected', reason: mismatch }, true);
      const receipt = receiptOf(pi);
      const chargeId = chargeIdOf(pi);
      const tip = tipOf(pi);
      return {
        event: { type: 'payment_succeeded' },
        patch: {
          ...(receipt ? { receipt } : {}),
          ...(chargeId ? { chargeId } : {}),
          ...(tip ? { tip } : {}),
          ...paidWithOf(record, pi),
          paidAt: chargedAtOf(pi, now),
        },
        refund: false,
      };
    }
    case 'requires_payment_method': {
      const charge = chargeIdOf(pi);
      if (isFinal(status) || !pi.last_payment_error || !charge || charge === record.lastDeclinedCharge) return NOTHING;
      const declineCode = pi.last_payment_error.decline_code ?? pi.last_payment_error.code ?? 'card_declined';
      return { event: { type: 'payment_declined', declineCode }, patch: { lastDeclinedCharge: charge }, refund: false };
    }
    case 'canceled':
      return {
        event: isFinal(status) ? null : { type: 'cancelled', reason: record.cancelRequested ?? 'payment_intent_canceled' },
        patch: { paymentIntentClosed: true },
        refund: false,
      };
    case 'processing':
      // The card was read and Stripe is authorizing it: the customer waits, and must not tap again.
      return status === 'waiting_card' ? { ...NOTHING, event: { type: 'card_presented' } } : NOTHING;
    case 'requires_capture':
    case 'requires_confirmation':
    case 'requires_action':
      // Not finished yet: the kiosk, a webhook or the alarm will ask again.
      return NOTHING;
    default:
      // A status newer than this code: leave the session as it is rather than guess.
      log.warn('unknown_payment_intent_status', { sessionId: record.sessionId, kioskId: record.kioskId, paymentIntent: pi.id, status: pi.status });
      return NOTHING;
  }
}
