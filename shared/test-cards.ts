/**
 * Every test card of Stripe's Terminal testing page (docs.stripe.com/terminal/references/testing), and what each
 * one does on a simulated reader.
 */
export interface TestCard {
  number: string;
  brand: 'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb' | 'unionpay' | 'interac' | 'eftpos_au';
  funding: 'credit' | 'debit' | 'prepaid';
  label: string;
  /** Stripe's decline code, for a card that is declined. */
  declineCode?: string;
  /** The card verification method recorded for PIN test cards. */
  verification?: 'offline_pin' | 'online_pin';
  /** Pays, but a refund of the payment fails some time later (`charge.refund.updated`). */
  refundFails?: boolean;
  /** One of the ten cards of the design's table (five successes, five declines). */
  inDesign?: boolean;
}

export const TEST_CARDS: readonly TestCard[] = [
  { number: '4242424242424242', brand: 'visa', funding: 'credit', label: 'Visa', inDesign: true },
  { number: '4000056655665556', brand: 'visa', funding: 'debit', label: 'Visa debit', inDesign: true },
  { number: '4000058400000048', brand: 'visa', funding: 'debit', label: 'Visa US Common Debit' },
  { number: '5555555555554444', brand: 'mastercard', funding: 'credit', label: 'Mastercard', inDesign: true },
  { number: '5200828282828210', brand: 'mastercard', funding: 'debit', label: 'Mastercard debit', inDesign: true },
  { number: '378282246310005', brand: 'amex', funding: 'credit', label: 'American Express', inDesign: true },
  { number: '5105105105105100', brand: 'mastercard', funding: 'prepaid', label: 'Mastercard prepaid' },
  { number: '371449635398431', brand: 'amex', funding: 'credit', label: 'American Express (2)' },
  { number: '6011111111111117', brand: 'discover', funding: 'credit', label: 'Discover' },
  { number: '6011000990139424', brand: 'discover', funding: 'credit', label: 'Discover (2)' },
  { number: '3056930009020004', brand: 'diners', funding: 'credit', label: 'Diners Club' },
  { number: '36227206271667', brand: 'diners', funding: 'credit', label: 'Diners Club (14 digits)' },
  { number: '3566002020360505', brand: 'jcb', funding: 'credit', label: 'JCB' },
  { number: '6200000000000005', brand: 'unionpay', funding: 'credit', label: 'UnionPay' },
  { number: '4506445006931933', brand: 'interac', funding: 'debit', label: 'Interac' },
  { number: '6280000360000978', brand: 'eftpos_au', funding: 'debit', label: 'eftpos Australia' },
  { number: '4000050360000001', brand: 'visa', funding: 'debit', label: 'eftpos Australia / Visa debit' },
  { number: '5555050360000080', brand: 'mastercard', funding: 'debit', label: 'eftpos Australia / Mastercard debit' },
  { number: '4001007020000002', brand: 'visa', funding: 'credit', label: 'Visa, offline PIN', verification: 'offline_pin' },
  { number: '4000008260000075', brand: 'visa', funding: 'credit', label: 'Visa, offline PIN after an SCA retry', verification: 'offline_pin' },
  { number: '4001000360000005', brand: 'visa', funding: 'credit', label: 'Visa, online PIN', verification: 'online_pin' },
  { number: '4000002760000008', brand: 'visa', funding: 'credit', label: 'Visa, online PIN after an SCA retry', verification: 'online_pin' },
  { number: '4000000000005126', brand: 'visa', funding: 'credit', label: 'Visa, refund fails', refundFails: true },
  { number: '4000000000000002', brand: 'visa', funding: 'credit', label: 'Declined', declineCode: 'generic_decline', inDesign: true },
  { number: '4000000000009995', brand: 'visa', funding: 'credit', label: 'Insufficient funds', declineCode: 'insufficient_funds', inDesign: true },
  { number: '4000000000009987', brand: 'visa', funding: 'credit', label: 'Lost card', declineCode: 'lost_card', inDesign: true },
  { number: '4000000000009979', brand: 'visa', funding: 'credit', label: 'Stolen card', declineCode: 'stolen_card' },
  { number: '4000000000000069', brand: 'visa', funding: 'credit', label: 'Expired card', declineCode: 'expired_card', inDesign: true },
  { number: '4000000000000119', brand: 'visa', funding: 'credit', label: 'Processing error', declineCode: 'processing_error', inDesign: true },
];

export const DESIGN_TEST_CARDS = TEST_CARDS.filter((card) => card.inDesign);

export const findTestCard = (number: string): TestCard | undefined => TEST_CARDS.find((card) => card.number === number);

/** Amount endings (in cents) that Stripe's test mode declines, whatever the card. */
export const AMOUNT_ENDING_DECLINES: Readonly<Record<number, string>> = {
  1: 'call_issuer',
  5: 'generic_decline',
  55: 'incorrect_pin',
  65: 'withdrawal_count_limit_exceeded',
  75: 'pin_try_exceeded',
};
