import type Stripe from 'stripe';

/**
 * Which payment methods a checkout's PaymentIntent takes. Stripe's Terminal docs for Canada: a PaymentIntent must also
 * allow `interac_present` for the reader to take Interac debit cards (Canada's debit network), which only exist in CAD.
 */
export const allowedPaymentMethodTypes = (currency: string): string[] =>
  currency.toLowerCase() === 'cad' ? ['card_present', 'interac_present'] : ['card_present'];

/** The type of payment method the PaymentIntent's latest charge was paid with, where Stripe's answer shows it. */
export function paymentMethodTypeOf(pi: Stripe.PaymentIntent): string | undefined {
  const charge = pi.latest_charge;
  return charge && typeof charge !== 'string' ? (charge.payment_method_details?.type ?? undefined) : undefined;
}

/**
 * Stripe: Interac payments "cannot be refunded via the dashboard or the API"; the cardholder presents the card at a
 * reader (an in-person refund). The worker never asks Stripe for an online refund of one.
 */
export const refundsInPersonOnly = (paidWith: string | undefined): boolean => paidWith === 'interac_present';
