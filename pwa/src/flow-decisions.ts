/** The payment flow's decisions that depend only on data: kept pure so they can be tested without a browser. */
import type { CartLine, CatalogItem, CompleteResponse, KioskCatalogItem, SessionView } from '../../shared/api.ts';
import { isFinal } from '../../shared/session-status.ts';
import type { ReaderProblem } from './kiosk-screen.ts';
import type { ReaderDisplayRequest } from './terminal/adapter.ts';
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
  /** Finished otherwise (cancelled, expired, needs staff) or unknown to the server: forget it. */
  | 'clear';

/** What to do on start-up with the checkout found in storage and the server's view of it (null when it answered 404). */
export function recoveryFor(stored: StoredCheckout | null, session: SessionView | null): Recovery {
  if (!stored) return 'none';
  if (!stored.sessionId) return stored.cancelRequested ? 'clear' : 'recreate';
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

/** The server's verdict in a session it settled itself (server-driven mode), as `/complete` would give it. */
export const verdictOf = (view: SessionView): CompleteResponse => ({
  success: view.status === 'success',
  status: view.status,
  ...(view.declineCode ? { declineCode: view.declineCode } : {}),
  ...(view.receipt ? { receipt: view.receipt } : {}),
});

export function cartTotal(cart: readonly CartLine[], items: readonly CatalogItem[]): number {
  return cart.reduce((sum, line) => sum + (items.find((item) => item.id === line.id)?.price ?? 0) * line.quantity, 0);
}

export function addToCart(cart: readonly CartLine[], id: string): CartLine[] {
  return cart.some((line) => line.id === id)
    ? cart.map((line) => (line.id === id ? { ...line, quantity: line.quantity + 1 } : line))
    : [...cart, { id, quantity: 1 }];
}

/** The order without what can no longer be ordered: off the menu, or sold out. */
export function orderableLines(cart: readonly CartLine[], items: readonly KioskCatalogItem[]): CartLine[] {
  return cart.filter((line) => items.some((item) => item.id === line.id && item.available));
}

export function removeFromCart(cart: readonly CartLine[], id: string): CartLine[] {
  return cart.flatMap((line) => (line.id !== id ? [line] : line.quantity > 1 ? [{ ...line, quantity: line.quantity - 1 }] : []));
}

/** The cart shown on the reader's screen, priced by the server (the session), not by the kiosk. */
export function readerDisplayFor(session: SessionView): ReaderDisplayRequest {
  return {
    type: 'cart',
    cart: {
      line_items: session.items.map((item) => ({ description: item.name, amount: item.price * item.quantity, quantity: item.quantity })),
      tax: 0,
      total: session.amount,
      currency: session.currency,
    },
  };
}

const BRAND_NAMES: Readonly<Record<string, string>> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  american_express: 'American Express',
  discover: 'Discover',
  jcb: 'JCB',
  unionpay: 'UnionPay',
  interac: 'Interac',
  diners: 'Diners Club',
  eftpos_au: 'eftpos',
};

export const brandName = (brand: string): string => BRAND_NAMES[brand.toLowerCase()] ?? brand;
