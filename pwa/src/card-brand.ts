/** A card network's name as a customer knows it, from Stripe's brand code (`amex`, `eftpos_au`...). */
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
