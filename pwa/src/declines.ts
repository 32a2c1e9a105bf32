import type { MessageKey } from './i18n.ts';

/** Why a card was declined, as the kiosk tells the customer and the console tells the operator. */
export type DeclineReason =
  | 'card_declined'
  | 'generic_decline'
  | 'insufficient_funds'
  | 'lost_card'
  | 'stolen_card'
  | 'expired_card'
  | 'processing_error'
  | 'incorrect_pin'
  | 'pin_try_exceeded'
  | 'call_issuer'
  | 'withdrawal_count_limit_exceeded'
  | 'card_not_supported'
  /** Not a decline: the reader gave up before any card was read (it timed out, or was reset), nothing was charged. */
  | 'reader_stopped'
  /** Not a decline: the reader's action failed for the reader's or Stripe's own reason, nothing was charged. */
  | 'reader_failed';

/** Stripe decline codes with a specific explanation. */
const DECLINE_REASONS: Readonly<Record<string, DeclineReason>> = {
  card_declined: 'card_declined',
  generic_decline: 'generic_decline',
  do_not_honor: 'generic_decline',
  insufficient_funds: 'insufficient_funds',
  lost_card: 'lost_card',
  stolen_card: 'stolen_card',
  pickup_card: 'lost_card',
  expired_card: 'expired_card',
  processing_error: 'processing_error',
  incorrect_pin: 'incorrect_pin',
  invalid_pin: 'incorrect_pin',
  offline_pin_required: 'incorrect_pin',
  online_or_offline_pin_required: 'incorrect_pin',
  pin_try_exceeded: 'pin_try_exceeded',
  call_issuer: 'call_issuer',
  withdrawal_count_limit_exceeded: 'withdrawal_count_limit_exceeded',
  card_velocity_exceeded: 'withdrawal_count_limit_exceeded',
  card_not_supported: 'card_not_supported',
  currency_not_supported: 'card_not_supported',
  // The worker's words for a reader that ended its action without a card decision (server-driven).
  reader_reset: 'reader_stopped',
  reader_error: 'reader_stopped',
};

/**
 * A server-driven reader action's failure codes (Stripe's error codes) that are no card decision: the reader could
 * not finish (`terminal_reader_timeout`, `_hardware_fault`, `_offline`, `_busy`...), or the payment was not in a state
 * to be processed.
 */
const readerFailure = (code: string): boolean =>
  code.startsWith('terminal_reader_') || code === 'intent_invalid_state' || code === 'payment_intent_unexpected_state';

/** Why a decline code declined; unknown codes are a plain decline. */
export const declineReason = (declineCode: string | null | undefined): DeclineReason =>
  (declineCode && (DECLINE_REASONS[declineCode] ?? (readerFailure(declineCode) ? 'reader_failed' : undefined))) || 'generic_decline';

/** A reason that is no card decision: the customer is told the payment was not taken, and may try the same card again. */
export const notACardDecline = (reason: MessageKey | undefined): boolean => reason === 'decline.reader_stopped' || reason === 'decline.reader_failed';

/** The customer-facing reason for a decline code; unknown codes get the plain "declined, try another card". */
export const declineMessageKey = (declineCode: string | null | undefined): MessageKey => `decline.${declineReason(declineCode)}`;
