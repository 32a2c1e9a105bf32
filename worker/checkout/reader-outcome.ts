import Stripe from 'stripe';
import { lineDescription, type SessionRecord } from './session-record.ts';

/** The reader a server-driven checkout hands its payment to, and whether the customer may tip on it. */
export interface CheckoutReader {
  id: string;
  tipping: boolean;
}

/** Why a reader cannot take a payment now, in the kiosk API's codes (`no_reader`: Stripe no longer has it). */
export type ReaderProblem = 'reader_offline' | 'reader_busy' | 'no_reader';

/** Stripe's refusal of a reader action, as the kiosk API names it (null for any other failure). */
export function readerProblemOf(err: unknown): Exclude<ReaderProblem, 'no_reader'> | null {
  if (!(err instanceof Stripe.errors.StripeInvalidRequestError)) return null;
  if (err.code === 'terminal_reader_offline') return 'reader_offline';
  if (err.code === 'terminal_reader_busy') return 'reader_busy';
  return null;
}

/**
 * Stripe sent the action but the reader did not acknowledge it in time ("temporary networking issues"): Stripe's
 * server-driven guide says to retry the request. The reader may have received it all the same, so it is read first.
 */
export const isReaderTimeout = (err: unknown): boolean =>
  err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'terminal_reader_timeout';

/**
 * Stripe refused to hand the reader a PaymentIntent that can no longer be paid (canceled or paid elsewhere, its webhook
 * not here yet): the PaymentIntent says how the payment ended.
 */
export const isIntentInvalidState = (err: unknown): boolean =>
  err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'intent_invalid_state';

/**
 * The cart the reader shows while it waits for the card: each line with the item's price (Stripe: a line item's
 * `amount` is "The price of the item", shown beside its `quantity`), and the total the customer will pay.
 */
export function readerCart(record: SessionRecord): Stripe.Terminal.ReaderSetReaderDisplayParams.Cart {
  return {
    currency: record.currency,
    line_items: record.items.map((item) => ({
      description: lineDescription(item).slice(0, 100),
      amount: item.price,
      quantity: item.quantity,
    })),
    total: record.amount,
  };
}

/**
 * The reader shows this checkout's cart (`set_reader_display`): pure. The cart is matched line by line, as the reader
 * action names no checkout; a cart that is only shown takes no money, so a lookalike cleared by mistake costs nothing.
 */
export function showsCartOf(record: SessionRecord, reader: Stripe.Terminal.Reader): boolean {
  const shown = reader.action?.type === 'set_reader_display' ? reader.action.set_reader_display?.cart : null;
  if (!shown) return false;
  const cart = readerCart(record);
  const lineOf = (line: { description: string; amount: number; quantity: number }) => [line.description, line.amount, line.quantity].join('\u0000');
  return (
    shown.currency === cart.currency &&
    shown.total === cart.total &&
    shown.line_items.length === cart.line_items.length &&
    shown.line_items.every((line, i) => lineOf(line) === lineOf(cart.line_items[i]!))
  );
}

/** What the reader says about this checkout's payment. */
export type ReaderOutcome =
  /** Still waiting for the card (or taking it). */
  | { kind: 'waiting' }
  /** The action ended (paid, or declined): Stripe's PaymentIntent says which. */
  | { kind: 'finished'; failureCode: string | null }
  /** The customer pressed cancel on the reader. */
  | { kind: 'cancelled_on_reader' }
  /** The reader is no longer working on this payment (reset, or busy with something else). */
  | { kind: 'gone' };

const CUSTOMER_CANCELED = 'customer_canceled';

/** Reads the reader's action against the checkout's payment: pure, so it is table-tested. */
export function readerOutcomeOf(record: SessionRecord, reader: Stripe.Terminal.Reader): ReaderOutcome {
  const action = reader.action;
  const piOf = (value: string | Stripe.PaymentIntent | undefined | null) => (typeof value === 'string' ? value : value?.id);
  if (!action || action.type !== 'process_payment_intent' || piOf(action.process_payment_intent?.payment_intent) !== record.paymentIntentId) {
    return { kind: 'gone' };
  }
  if (action.status === 'in_progress') return { kind: 'waiting' };
  if (action.status === 'failed' && action.failure_code === CUSTOMER_CANCELED) return { kind: 'cancelled_on_reader' };
  return { kind: 'finished', failureCode: action.status === 'failed' ? (action.failure_code ?? 'reader_error') : null };
}
