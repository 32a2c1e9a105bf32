/** The design's payment statuses, plus `requires_attention` for a PaymentIntent that does not match its session. */
export const SESSION_STATUSES = [
  'idle',
  'connecting',
  'waiting_card',
  'processing',
  'success',
  'failed',
  'cancelled',
  'requires_attention',
] as const;

export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** Statuses a session never leaves. `failed` is not one: a declined card leaves the session open for another card. */
export const FINAL_STATUSES: ReadonlySet<SessionStatus> = new Set(['success', 'cancelled', 'requires_attention']);

export const isFinal = (status: SessionStatus): boolean => FINAL_STATUSES.has(status);

/**
 * Why a session was cancelled: by the customer (at the kiosk or on the reader), because nobody finished it in time,
 * because its PaymentIntent was canceled at Stripe, because its reader could not take it (offline or busy), by an
 * operator from the console, or because the kiosk started the next customer's order (its reader takes one at a time).
 */
export type CancellationReason = 'customer' | 'expired' | 'payment_intent_canceled' | 'reader_unavailable' | 'operator' | 'superseded';
