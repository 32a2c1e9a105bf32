import { allowOnly, optionalBoolean, optionalEnum, optionalHash, prefixedKeys, type Params } from '../http/params.ts';
import { invalidParam } from '../http/stripe-error.ts';

/** A PaymentIntent's in-person options, as Stripe shows them (`payment_method_options.card_present`). */
export interface CardPresentOptions {
  capture_method?: 'manual' | 'manual_preferred';
  request_extended_authorization: boolean | null;
  request_incremental_authorization_support: boolean | null;
  routing?: { requested_priority: 'domestic' | 'international' | null };
}

const DEFAULT_CARD_PRESENT: CardPresentOptions = { request_extended_authorization: false, request_incremental_authorization_support: false };

/**
 * `payment_method_options` on create or update: the `card_present` options a Terminal payment takes (extended or
 * incremental authorization, manual capture for in-person payments only, routing), over what the PaymentIntent had.
 * Options of other payment method types are refused: the simulator takes no payment with them.
 */
export function paymentMethodOptionsFrom(
  params: Params,
  current: Record<string, unknown>,
  inPerson: boolean,
): Record<string, unknown> {
  const given = optionalHash(params, 'payment_method_options');
  const base = inPerson && !current.card_present ? { ...current, card_present: DEFAULT_CARD_PRESENT } : current;
  if (!given) return base;
  for (const type of Object.keys(given)) {
    if (type !== 'card_present') {
      throw invalidParam(`payment_method_options[${type}]`, `The simulator takes in-person card payments only: payment_method_options[${type}] is not supported.`);
    }
  }
  const raw = optionalHash(given, 'card_present');
  if (!raw) return base;
  const name = (field: string) => `payment_method_options[card_present][${field}]`;
  const options = prefixedKeys(raw, 'payment_method_options[card_present]');
  allowOnly(options, ['capture_method', 'request_extended_authorization', 'request_incremental_authorization_support', 'routing'].map(name));
  const routingHash = optionalHash(options, name('routing'));
  const routing = routingHash ? prefixedKeys(routingHash, name('routing')) : undefined;
  if (routing) allowOnly(routing, [`${name('routing')}[requested_priority]`]);
  const previous = (base.card_present as CardPresentOptions | undefined) ?? DEFAULT_CARD_PRESENT;
  const captureMethod = optionalEnum(options, name('capture_method'), ['manual', 'manual_preferred'] as const);
  const priority = routing ? optionalEnum(routing, `${name('routing')}[requested_priority]`, ['domestic', 'international'] as const) : undefined;
  const next: CardPresentOptions = {
    ...previous,
    ...(captureMethod ? { capture_method: captureMethod } : {}),
    request_extended_authorization: optionalBoolean(options, name('request_extended_authorization')) ?? previous.request_extended_authorization,
    request_incremental_authorization_support:
      optionalBoolean(options, name('request_incremental_authorization_support')) ?? previous.request_incremental_authorization_support,
    ...(routing ? { routing: { requested_priority: priority ?? null } } : {}),
  };
  return { ...base, card_present: next };
}
