import type { MessageKey } from './i18n.ts';

/** Stripe decline codes the customer gets a specific explanation for. */
const DECLINE_MESSAGES: Readonly<Record<string, MessageKey>> = {
  card_declined: 'decline.card_declined',
  generic_decline: 'decline.generic_decline',
  do_not_honor: 'decline.generic_decline',
  insufficient_funds: 'decline.insufficient_funds',
  lost_card: 'decline.lost_card',
  stolen_card: 'decline.stolen_card',
  pickup_card: 'decline.lost_card',
  expired_card: 'decline.expired_card',
  processing_error: 'decline.processing_error',
  incorrect_pin: 'decline.incorrect_pin',
  invalid_pin: 'decline.incorrect_pin',
  offline_pin_required: 'decline.incorrect_pin',
  online_or_offline_pin_required: 'decline.incorrect_pin',
  pin_try_exceeded: 'decline.pin_try_exceeded',
  call_issuer: 'decline.call_issuer',
  withdrawal_count_limit_exceeded: 'decline.withdrawal_count_limit_exceeded',
  card_velocity_exceeded: 'decline.withdrawal_count_limit_exceeded',
  card_not_supported: 'decline.card_not_supported',
  currency_not_supported: 'decline.card_not_supported',
};

/** The customer-facing reason for a decline code; unknown codes get the plain "declined, try another card". */
export const declineMessageKey = (declineCode: string | null | undefined): MessageKey =>
  (declineCode && DECLINE_MESSAGES[declineCode]) || 'decline.generic_decline';
