/** The payment flow's decisions that depend only on data: kept pure so they can be tested without a browser. */
import { MAX_QUANTITY, type CartLine, type CompleteResponse, type CreateSessionRequest, type KioskCatalogItem, type ProgressRequest, type SessionView } from '../../shared/api.ts';
import { MAXIMUM_CHARGE } from '../../shared/money.ts';
import { isFinal, type SessionStatus } from '../../shared/session-status.ts';
import type { ApiError } from './api-error.ts';
import type { MessageKey } from './i18n.ts';
import type { ReaderProblem } from './kiosk-screen.ts';
import { incompleteGroup, unitPrice } from './option-choices.ts';
import type { StoredCheckout } from './storage.ts';

export type Recovery =
  /** Nothing was in flight. */
  | 'none'
  /** The session request may have been lost: send it again with the same idempotency key. */
  | 'recreate'
  | 'show_success'
  /** The card may have been charged: ask the server (`/complete`) before anything else. */
  | 'verify'
  /** Open and never charged: continue collecting on the same PaymentIntent. */
  | 'resume'
  /** The customer asked to cancel but the server never heard it: cancel now. */
  | 'cancel'
  /** Cancel was pressed while the session was being created, and the answer was lost: bring it back by its key, and cancel it. */
  | 'recreate_and_cancel'
  /** Finished otherwise (cancelled, expired, needs staff) or unknown to the server: forget it. */
  | 'clear';

/** What to do on start-up with the checkout found in storage and the server's view of it (null when it answered 404). */
export function recoveryFor(stored: StoredCheckout | null, session: SessionView | null): Recovery {
  if (!stored) return 'none';
  if (!stored.sessionId) return stored.cancelRequested ? 'recreate_and_cancel' : 'recreate';
  if (!session) return 'clear';
  if (session.status === 'success') return 'show_success';
  if (isFinal(session.status)) return 'clear';
  const processing = session.status === 'processing';
  // A server-driven session is settled by the server itself: the kiosk follows it again.
  if (session.readerMode === 'server-driven') return stored.cancelRequested && !processing ? 'cancel' : 'resume';
  if (stored.processingStarted || processing) return 'verify';
  if (stored.cancelRequested) return 'cancel';
  return 'resume';
}

/** Recoveries that go on with the customer's checkout in front of them: their language and layout come back with it. */
export const keepsCustomer = (recovery: Recovery): boolean =>
  recovery === 'recreate' || recovery === 'show_success' || recovery === 'verify' || recovery === 'resume' || recovery === 'cancel';

export type PaymentInFlight = 'none' | 'kept' | 'checking';

/**
 * The payment as the tablet remembers it, for a screen shown while the server cannot be asked: `checking` once the
 * card may have been charged. Server-driven, that is as soon as the reader has the session: it takes the card on its
 * own connection. A paid checkout kept for its success screen has nothing in flight.
 */
export function paymentInFlight(stored: StoredCheckout | null, status: SessionStatus | null): PaymentInFlight {
  if (!stored || stored.paid) return 'none';
  if (stored.processingStarted || status === 'processing') return 'checking';
  return stored.sessionId && stored.readerMode === 'server-driven' ? 'checking' : 'kept';
}

/**
 * What "Are you still there?" answered Continue reports for the session, or null when it has nothing to keep alive:
 * while the reader is readied or waits, and after a decline (the session stays open for another card).
 */
export function progressToReport(status: SessionStatus): ProgressRequest['status'] | null {
  return status === 'connecting' || status === 'waiting_card' || status === 'failed' ? status : null;
}

export type Settlement = 'success' | 'declined' | 'cancelled' | 'attention' | 'open' | 'pending';

/** Reads the server's verdict: `/complete`'s answer, or a session the server settled itself (`verdictOf`). */
export function settlementFor(response: CompleteResponse): Settlement {
  if (response.success) return 'success';
  switch (response.status) {
    case 'success':
      // The server never says success without `success: true`; treat a mismatch as something for staff.
      return 'attention';
    case 'failed':
      return 'declined';
    case 'cancelled':
      return 'cancelled';
    case 'requires_attention':
      return 'attention';
    case 'processing':
      return 'pending';
    case 'idle':
    case 'connecting':
    case 'waiting_card':
      return 'open';
  }
}

/** The server's refusals that mean the reader cannot take the payment (server-driven mode). */
export const readerProblemOf = (code: string): ReaderProblem | null =>
  code === 'reader_offline' || code === 'reader_busy' || code === 'no_reader' ? code : null;

/**
 * The worker's answers that say "not this time" (Stripe busy or unreachable, too many requests from the kiosk), not
 * "no": nothing was done, and the same call is worth trying again after a pause. A reader that is offline is not one.
 */
export const passingFailure = (status: number, code: string): boolean => (status === 429 || status >= 500) && !readerProblemOf(code);

/**
 * What the customer reads while a call that failed in passing is tried again: a worker that said it is busy (too many
 * requests, Stripe's rate limit, or a Retry-After) is busy, not out of reach.
 */
export const passingNotice = ({ status, code, retryAfterSeconds }: Pick<ApiError, 'status' | 'code' | 'retryAfterSeconds'>): MessageKey =>
  status === 429 || code === 'stripe_busy' || retryAfterSeconds !== null ? 'error.busy' : 'error.connectionToken';

/** The worker's 5xx answers that are final: Stripe refused the request, or the deployment refuses service. */
const FINAL_SERVER_FAILURES: ReadonlySet<string> = new Set(['stripe_rejected', 'misconfigured', 'stripe_not_configured']);

/**
 * A create that failed in passing: the worker may have opened the session, so the same key asks again. Not when Stripe
 * or the deployment said no (asked again, they say no again), nor when the failure names the checkout it ended
 * (`endedSessionId`): that checkout is cancelled, and its reference is for staff.
 */
export const passingCreateFailure = (status: number, code: string, endedSessionId: string | null): boolean =>
  passingFailure(status, code) && !FINAL_SERVER_FAILURES.has(code) && !endedSessionId;

/** The server's verdict in a session it settled itself (server-driven mode), as `/complete` would give it. */
export const verdictOf = (view: SessionView): CompleteResponse => ({
  success: view.status === 'success',
  status: view.status,
  ...(view.declineCode ? { declineCode: view.declineCode } : {}),
  ...(view.receipt ? { receipt: view.receipt } : {}),
});

/** A cart line's identity: its item and its options (in the menu's order), so the same choices add up on one line. */
export const lineKey = (line: CartLine): string => JSON.stringify([line.id, line.options ?? []]);

export function cartTotal(cart: readonly CartLine[], items: readonly KioskCatalogItem[]): number {
  return cart.reduce((sum, line) => {
    const item = items.find((candidate) => candidate.id === line.id);
    return sum + (item ? unitPrice(item, line.options ?? []) * line.quantity : 0);
  }, 0);
}

/** One more of the line (or a new line for new choices), never beyond what one order may hold of it. */
export function addToCart(cart: readonly CartLine[], line: CartLine): CartLine[] {
  const key = lineKey(line);
  return cart.some((existing) => lineKey(existing) === key)
    ? cart.map((existing) => (lineKey(existing) === key ? { ...existing, quantity: Math.min(MAX_QUANTITY, existing.quantity + line.quantity) } : existing))
    : [...cart, line];
}

/** Whether the order already holds as many of this line (this item with these options) as one order may. */
export const lineIsFull = (cart: readonly CartLine[], line: CartLine): boolean =>
  cart.some((existing) => lineKey(existing) === lineKey(line) && existing.quantity >= MAX_QUANTITY);

/** One fewer of the line; the last one takes the line away. */
export function removeFromCart(cart: readonly CartLine[], key: string): CartLine[] {
  return cart.flatMap((line) => (lineKey(line) !== key ? [line] : line.quantity > 1 ? [{ ...line, quantity: line.quantity - 1 }] : []));
}

/**
 * The order without what can no longer be ordered: off the menu, sold out, with an option the item lost, or choices its
 * groups' rules no longer allow.
 */
export function orderableLines(cart: readonly CartLine[], items: readonly KioskCatalogItem[]): CartLine[] {
  return cart.filter((line) => {
    const item = items.find((candidate) => candidate.id === line.id);
    const options = line.options ?? [];
    return (
      item?.available &&
      options.every((id) => item.optionGroups.some((group) => group.options.some((option) => option.id === id))) &&
      !incompleteGroup(item, options)
    );
  });
}

/**
 * What a customer whose order the worker refused reads. A total Stripe does not take in the currency
 * (`amount_out_of_range`) is refused again however often they try: they change the order, or ask staff. Above Stripe's
 * largest charge, they take something out; below the currency's least charge (a table the start bundle does without),
 * the text says to change the order.
 */
export function orderRefusalNotice(code: string, total: number): MessageKey {
  if (code !== 'amount_out_of_range') return 'cart.orderFailed';
  return total > MAXIMUM_CHARGE ? 'cart.totalTooHigh' : 'cart.totalRefused';
}

/** The worker's refusals of an order for a kiosk setting the operator just changed ("eat here or take away?"). */
export const refusedBySettings = (code: string): boolean => code === 'service_mode_required' || code === 'service_mode_not_offered';

/** The worker's refusals of an order for what its menu no longer allows (sold out, gone, options changed). */
export const refusedByMenu = (code: string): boolean =>
  code === 'item_sold_out' || code === 'unknown_item' || code === 'unknown_option' || code === 'option_required' || code === 'too_many_options';

/**
 * The order as the kiosk sends it: every line names its options, none being none. The server gives a line that names
 * no options its item's defaults, which is not what the customer saw when they took a default off.
 */
export const sessionRequestOf = (stored: StoredCheckout): CreateSessionRequest => ({
  items: stored.items.map((line) => ({ ...line, options: line.options ?? [] })),
  ...(stored.serviceMode ? { serviceMode: stored.serviceMode } : {}),
});

/** The session's lines as the cart holds them: a cancelled payment returns to the same order. */
export const cartLinesOf = (session: SessionView): CartLine[] =>
  session.items.map((line) => ({ id: line.id, quantity: line.quantity, options: line.options.map((option) => option.id) }));
