import { AMOUNT_ENDING_DECLINES, findTestCard, type TestCard } from '../../../shared/test-cards.ts';
import { isZeroDecimal } from '../../../shared/money.ts';

export interface PresentedCard {
  number: string;
  brand: TestCard['brand'];
  funding: TestCard['funding'];
  last4: string;
  verification?: TestCard['verification'];
  refundFails?: boolean;
}

export type CardOutcome =
  | { approved: true; card: PresentedCard }
  | { approved: false; card: PresentedCard; declineCode: string; code: string; message: string };

/** Stripe's messages for declines, as its API returns them in `error.message`. */
const DECLINE_MESSAGES: Record<string, string> = {
  card_declined: 'Your card was declined.',
  generic_decline: 'Your card was declined.',
  insufficient_funds: 'Your card has insufficient funds.',
  lost_card: 'Your card was declined.',
  stolen_card: 'Your card was declined.',
  expired_card: 'Your card has expired.',
  processing_error: 'An error occurred while processing your card. Try again in a little bit.',
  call_issuer: 'Your card was declined.',
  incorrect_pin: 'The PIN entered is incorrect.',
  withdrawal_count_limit_exceeded: 'Your card was declined.',
  pin_try_exceeded: 'The allowable number of PIN tries has been exceeded.',
};

/**
 * Decline codes Stripe reports with their own top-level error code rather than `card_declined`: only those that are
 * also card error codes. The PIN declines (`incorrect_pin`, `pin_try_exceeded`) are `card_declined` with a decline_code.
 */
const OWN_ERROR_CODE = new Set(['expired_card', 'processing_error']);

export const DEFAULT_CARD_NUMBER = '4242424242424242';

/** What Stripe's test mode does with this card at this amount: the card decides first, then the amount ending. */
export function cardOutcome(number: string, amount: number, currency: string): CardOutcome | null {
  const testCard = findTestCard(number);
  if (!testCard) return null;
  const card: PresentedCard = {
    number,
    brand: testCard.brand,
    funding: testCard.funding,
    last4: number.slice(-4),
    ...(testCard.verification ? { verification: testCard.verification } : {}),
    ...(testCard.refundFails ? { refundFails: true } : {}),
  };
  const declineCode =
    testCard.declineCode ?? (isZeroDecimal(currency) ? undefined : AMOUNT_ENDING_DECLINES[amount % 100]);
  if (!declineCode) return { approved: true, card };
  return {
    approved: false,
    card,
    declineCode,
    code: OWN_ERROR_CODE.has(declineCode) ? declineCode : 'card_declined',
    message: DECLINE_MESSAGES[declineCode] ?? 'Your card was declined.',
  };
}
