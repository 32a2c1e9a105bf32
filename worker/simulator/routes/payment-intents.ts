import { Hono } from 'hono';
import { isZeroDecimal, MAXIMUM_CHARGE, minimumCharge } from '../../../shared/money.ts';
import { listPage } from '../http/list-params.ts';
import {
  allowOnly,
  emptyable,
  optionalBoolean,
  optionalEnum,
  optionalHash,
  optionalInteger,
  optionalMetadata,
  optionalString,
  optionalStringArray,
  prefixedKeys,
  refuseNotSimulated,
  requiredInteger,
  requiredString,
  type Params,
} from '../http/params.ts';
import { invalidParam, invalidParams, invalidRequest, missingParam, notSimulated, resourceMissing, searchNotSimulated, unexpectedState } from '../http/stripe-error.ts';
import { LIST_PARAMS, sendList, sendObject, type SimEnv } from '../http/wire.ts';
import { accountSettings } from '../models/account.ts';
import { recordBalanceTransaction } from '../models/balance-transaction.ts';
import { isSupportedCurrency, unsupportedCurrencyMessage } from '../models/currencies.ts';
import { createdMetadata, mergeMetadata } from '../models/metadata.ts';
import { paymentMethodOptionsFrom } from '../models/payment-method-options.ts';
import { attachPaymentMethod, cancelPaymentIntent, confirmPayment, findPaymentIntent, type PaymentIntent } from '../models/payment-intent.ts';
import type { PaymentMethod } from '../models/payment-method.ts';
import type { SimulatorState } from '../simulator-state.ts';
import { randomId, type StripeObject } from '../stores/object-store.ts';

/** Stripe's OpenAPI spec: `description` `maxLength: 1000`; a statement descriptor and its suffix `maxLength: 22`. */
const DESCRIPTION_MAX_LENGTH = 1000;
const STATEMENT_DESCRIPTOR_MAX_LENGTH = 22;

const CAPTURE_METHODS = ['automatic', 'automatic_async', 'manual'] as const;
const CANCELLATION_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] as const;
const CANCELABLE: ReadonlySet<string> = new Set([
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
]);

/** The types the simulator can take payments with: in person, and a keyed-in card (`present_payment_method[type]=card`). */
const SUPPORTED_TYPES: ReadonlySet<string> = new Set(['card_present', 'interac_present', 'card']);

/**
 * Without `allowed_payment_method_types`, Stripe (since API 2023-08-16) turns on automatic payment methods: the
 * types enabled in the Dashboard. The simulated account's Dashboard enables cards, which never include card_present.
 */
const AUTOMATIC_TYPES = ['card'];

/** An amount as Stripe's amount errors show it: money with its symbol ($0.50, ¥50), not minor units. */
const money = (amount: number, currency: string) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase(), currencyDisplay: 'narrowSymbol' }).format(
    isZeroDecimal(currency) ? amount : amount / 100,
  );

function validAmount(amount: number, currency: string, param = 'amount'): number {
  if (amount < minimumCharge(currency)) {
    throw invalidParams('amount_too_small', `Amount must be at least ${money(minimumCharge(currency), currency)} ${currency}`, param);
  }
  if (amount > MAXIMUM_CHARGE) {
    throw invalidParams('amount_too_large', `Amount must be no more than ${money(MAXIMUM_CHARGE, currency)}`, param);
  }
  return amount;
}

/** A currency Stripe charges in, lowercased as Stripe shows it. */
function supportedCurrency(value: string): string {
  const currency = value.toLowerCase();
  if (!isSupportedCurrency(currency)) throw invalidParam('currency', unsupportedCurrencyMessage(currency));
  return currency;
}

/** Stripe's regional rule: in-person payments only in the account's own currency. */
function checkInPersonCurrency(sim: SimulatorState, types: readonly string[], currency: string): void {
  const account = accountSettings(sim);
  const inPerson = types.find((t) => t === 'card_present' || t === 'interac_present');
  if (inPerson && currency !== account.default_currency) {
    throw invalidRequest(
      'payment_intent_invalid_parameter',
      `The ${inPerson} source type with currency ${currency} is not supported in ${account.country}.`,
      'currency',
    );
  }
}

/**
 * The `statement_descriptor` given, refused where the PaymentIntent takes `card`: "Setting this value for a card charge
 * returns an error. For card charges, set the statement_descriptor_suffix instead" (the SDK), with Stripe's message.
 */
function statementDescriptor(params: Params, types: readonly string[]): string | undefined {
  const descriptor = optionalString(params, 'statement_descriptor', STATEMENT_DESCRIPTOR_MAX_LENGTH);
  if (descriptor !== undefined && types.includes('card')) {
    throw invalidRequest(
      undefined,
      'The statement_descriptor parameter is not supported for the payment_method_type `card`. To continue supporting payment_method_type `card`, please pass in `statement_descriptor_suffix` or remove the `statement_descriptor` parameter altogether. Please see https://support.stripe.com/questions/use-of-the-statement-descriptor-parameter-on-paymentintents-for-card-charges for additional details.',
      'statement_descriptor',
    );
  }
  return descriptor;
}

/** The statement descriptor and suffix an update or a capture sets, each kept as it was when left out. */
function statementDescriptors(params: Params, pi: PaymentIntent) {
  return {
    statement_descriptor: statementDescriptor(params, pi.payment_method_types) ?? (pi.statement_descriptor as string | null),
    statement_descriptor_suffix:
      optionalString(params, 'statement_descriptor_suffix', STATEMENT_DESCRIPTOR_MAX_LENGTH) ?? (pi.statement_descriptor_suffix as string | null),
  };
}

/**
 * `automatic_payment_methods` as the SDK types it (`enabled` required, `allow_redirects` optional); left out, Stripe
 * turns them on, allowing redirects.
 */
function automaticPaymentMethods(params: Params) {
  const hash = optionalHash(params, 'automatic_payment_methods');
  if (!hash) return { allow_redirects: 'always', enabled: true };
  const given = prefixedKeys(hash, 'automatic_payment_methods');
  allowOnly(given, ['automatic_payment_methods[allow_redirects]', 'automatic_payment_methods[enabled]']);
  const enabled = optionalBoolean(given, 'automatic_payment_methods[enabled]');
  if (enabled === undefined) throw missingParam('automatic_payment_methods[enabled]');
  if (!enabled) {
    throw notSimulated('automatic_payment_methods[enabled]', 'without allowed_payment_method_types the simulator takes automatic payment methods only.');
  }
  const allowRedirects = optionalEnum(given, 'automatic_payment_methods[allow_redirects]', ['always', 'never'] as const);
  return { allow_redirects: allowRedirects ?? 'always', enabled };
}

/**
 * Parameters Stripe takes that the simulator cannot honour (Connect, confirming at creation, saving the card, other
 * payment flows), per endpoint as the SDK's params types list them: refused as not simulated, rather than as unknown or
 * silently dropped.
 */
const NOT_SIMULATED = 'the simulator takes in-person payments without Connect, saved cards or other flows.';
const NOT_SIMULATED_ON_CREATE = [
  'amount_details', 'application_fee_amount', 'confirm', 'confirmation_token', 'customer_account',
  'error_on_requires_action', 'excluded_payment_method_types', 'hooks', 'mandate', 'mandate_data', 'off_session',
  'on_behalf_of', 'payment_details', 'payment_method', 'payment_method_configuration', 'payment_method_data',
  'radar_options', 'return_url', 'setup_future_usage', 'shipping', 'transfer_data', 'use_stripe_sdk',
];
const NOT_SIMULATED_ON_UPDATE = [
  'allowed_payment_method_types', 'amount_details', 'application_fee_amount', 'customer_account',
  'excluded_payment_method_types', 'hooks', 'payment_details', 'payment_method', 'payment_method_configuration',
  'payment_method_data', 'setup_future_usage', 'shipping', 'transfer_data',
];
const NOT_SIMULATED_ON_CONFIRM = [
  'allowed_payment_method_types', 'amount_details', 'amount_to_confirm', 'capture_method', 'confirmation_token',
  'error_on_requires_action', 'excluded_payment_method_types', 'hooks', 'mandate', 'mandate_data', 'off_session',
  'payment_details', 'payment_method_data', 'payment_method_options', 'radar_options', 'return_url',
  'setup_future_usage', 'shipping', 'use_stripe_sdk',
];
const NOT_SIMULATED_ON_CAPTURE = ['amount_details', 'application_fee_amount', 'hooks', 'payment_details', 'transfer_data'];
const NOT_SIMULATED_ON_LIST = ['customer_account'];

export const paymentIntentRoutes = new Hono<SimEnv>()
  .post('/', (c) => {
    const params = c.env.params;
    refuseNotSimulated(params, NOT_SIMULATED_ON_CREATE, NOT_SIMULATED);
    allowOnly(params, [
      'amount', 'currency', 'allowed_payment_method_types', 'automatic_payment_methods', 'capture_method', 'metadata',
      'description', 'statement_descriptor', 'statement_descriptor_suffix', 'receipt_email', 'confirmation_method',
      'payment_method_options', 'transfer_group', 'customer',
    ]);
    const amount = requiredInteger(params, 'amount');
    const currency = supportedCurrency(requiredString(params, 'currency'));
    validAmount(amount, currency);
    const allowed = optionalStringArray(params, 'allowed_payment_method_types');
    if (allowed && !allowed.every((t) => SUPPORTED_TYPES.has(t))) {
      throw invalidParam('allowed_payment_method_types', 'The simulator supports card_present, interac_present and card payments only.');
    }
    if (allowed && params.automatic_payment_methods !== undefined) {
      throw invalidParams(
        'parameters_exclusive',
        'You may only specify one of these parameters: allowed_payment_method_types, automatic_payment_methods.',
        'automatic_payment_methods',
      );
    }
    const automatic = allowed ? null : automaticPaymentMethods(params);
    const sim = c.env.sim;
    checkInPersonCurrency(sim, allowed ?? [], currency);
    const id = randomId('pi');
    const pi: PaymentIntent = {
      id,
      object: 'payment_intent',
      created: sim.now(),
      amount,
      amount_capturable: 0,
      amount_details: { tip: {} },
      amount_received: 0,
      allowed_payment_method_types: allowed ?? [],
      application: null,
      application_fee_amount: null,
      automatic_payment_methods: automatic,
      canceled_at: null,
      cancellation_reason: null,
      capture_method:
        optionalEnum(params, 'capture_method', CAPTURE_METHODS) ?? 'automatic_async',
      client_secret: `${id}_secret_${randomId('x').slice(2)}`,
      confirmation_method: optionalEnum(params, 'confirmation_method', ['automatic', 'manual'] as const) ?? 'automatic',
      currency,
      // An id kept as given, as on SetupIntents: the simulator has no Customer objects to check it against.
      customer: optionalString(params, 'customer') ?? null,
      customer_account: null,
      description: optionalString(params, 'description', DESCRIPTION_MAX_LENGTH) ?? null,
      excluded_payment_method_types: null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      managed_payments: null,
      metadata: createdMetadata(optionalMetadata(params)),
      next_action: null,
      on_behalf_of: null,
      payment_method: null,
      payment_method_configuration_details: null,
      payment_method_options: paymentMethodOptionsFrom(params, {}, allowed?.includes('card_present') ?? false),
      payment_method_types: allowed ?? AUTOMATIC_TYPES,
      payment_record: null,
      processing: null,
      receipt_email: optionalString(params, 'receipt_email') ?? null,
      review: null,
      setup_future_usage: null,
      shipping: null,
      source: null,
      statement_descriptor: statementDescriptor(params, allowed ?? AUTOMATIC_TYPES) ?? null,
      statement_descriptor_suffix: optionalString(params, 'statement_descriptor_suffix', STATEMENT_DESCRIPTOR_MAX_LENGTH) ?? null,
      status: 'requires_payment_method',
      transfer_data: null,
      // Kept and copied onto the charge, as Stripe does; the simulated account makes no transfers to group.
      transfer_group: optionalString(params, 'transfer_group') ?? null,
    };
    sim.store.put(pi);
    sim.emit('payment_intent.created', pi);
    return sendObject(c, pi);
  })
  .get('/', (c) => {
    refuseNotSimulated(c.env.params, NOT_SIMULATED_ON_LIST, NOT_SIMULATED);
    allowOnly(c.env.params, [...LIST_PARAMS, 'customer']);
    const customer = optionalString(c.env.params, 'customer');
    return sendList(c, listPage(c, 'payment_intent', '/v1/payment_intents', (pi) => customer === undefined || pi.customer === customer));
  })
  .get('/search', (c) => {
    throw searchNotSimulated(c.req.method, '/v1/payment_intents/search');
  })
  .get('/:id', (c) => {
    allowOnly(c.env.params, ['client_secret']);
    return sendObject(c, findPaymentIntent(c.env.sim, c.req.param('id')));
  })
  .post('/:id', (c) => {
    const params = c.env.params;
    refuseNotSimulated(params, NOT_SIMULATED_ON_UPDATE, NOT_SIMULATED);
    allowOnly(params, [
      'amount', 'currency', 'metadata', 'description', 'receipt_email', 'statement_descriptor', 'statement_descriptor_suffix',
      'capture_method', 'payment_method_options', 'transfer_group', 'customer',
    ]);
    const pi = findPaymentIntent(c.env.sim, c.req.param('id'));
    // Stripe: after it's canceled, "any operations on the PaymentIntent fail with an error" (a paid one keeps its metadata open).
    if (pi.status === 'canceled') {
      throw unexpectedState('You cannot update this PaymentIntent because it has a status of canceled.');
    }
    const amount = optionalInteger(params, 'amount');
    const newCurrency = optionalString(params, 'currency');
    // What will be charged is fixed once a payment method is attached: the amount and its currency alike.
    const unpaid = ['requires_payment_method', 'requires_confirmation'].includes(pi.status);
    if (amount !== undefined && !unpaid) {
      throw unexpectedState(`You cannot update the amount of a PaymentIntent with a status of ${pi.status}.`);
    }
    if (newCurrency !== undefined && !unpaid) {
      throw unexpectedState(`You cannot update the currency of a PaymentIntent with a status of ${pi.status}.`);
    }
    const currency = newCurrency === undefined ? pi.currency : supportedCurrency(newCurrency);
    if (newCurrency !== undefined) checkInPersonCurrency(c.env.sim, pi.payment_method_types, currency);
    const updated: PaymentIntent = {
      ...pi,
      currency,
      amount: amount === undefined && newCurrency === undefined ? pi.amount : validAmount(amount ?? pi.amount, currency),
      metadata: mergeMetadata(pi.metadata, optionalMetadata(params)),
      description: optionalString(params, 'description', DESCRIPTION_MAX_LENGTH) ?? (pi.description as string | null),
      receipt_email: emptyable(params, 'receipt_email', pi.receipt_email as string | null),
      ...statementDescriptors(params, pi),
      capture_method: optionalEnum(params, 'capture_method', CAPTURE_METHODS) ?? pi.capture_method,
      transfer_group: optionalString(params, 'transfer_group') ?? (pi.transfer_group as string | null),
      customer: optionalString(params, 'customer') ?? (pi.customer as string | null),
      payment_method_options: paymentMethodOptionsFrom(params, pi.payment_method_options as Record<string, unknown>, false),
    };
    c.env.sim.store.put(updated);
    return sendObject(c, updated);
  })
  .post('/:id/cancel', (c) => {
    allowOnly(c.env.params, ['cancellation_reason']);
    const reason = optionalEnum(c.env.params, 'cancellation_reason', CANCELLATION_REASONS);
    const pi = findPaymentIntent(c.env.sim, c.req.param('id'));
    if (!CANCELABLE.has(pi.status)) {
      throw unexpectedState(
        `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${[...CANCELABLE].join(', ')}.`,
      );
    }
    return sendObject(c, cancelPaymentIntent(c.env.sim, pi, reason ?? null));
  })
  .post('/:id/confirm', (c) => {
    refuseNotSimulated(c.env.params, NOT_SIMULATED_ON_CONFIRM, NOT_SIMULATED);
    allowOnly(c.env.params, ['payment_method', 'receipt_email']);
    const sim = c.env.sim;
    let pi = findPaymentIntent(c.env.sim, c.req.param('id'));
    if (c.env.params.receipt_email !== undefined) pi = { ...pi, receipt_email: emptyable(c.env.params, 'receipt_email', null) };
    // A card_present PaymentMethod a reader produced can be confirmed directly, as the client-driven SDKs do.
    const pmId = optionalString(c.env.params, 'payment_method');
    if (pmId) {
      const pm = sim.store.get<PaymentMethod>('payment_method', pmId);
      if (!pm) throw resourceMissing('payment_method', 'payment_method', pmId);
      pi = attachPaymentMethod(sim, pi, pm);
    }
    const { pi: confirmed, error } = confirmPayment(sim, pi);
    if (error) throw error;
    return sendObject(c, confirmed);
  })
  .post('/:id/capture', (c) => {
    const params = c.env.params;
    refuseNotSimulated(params, NOT_SIMULATED_ON_CAPTURE, NOT_SIMULATED);
    allowOnly(params, ['amount_to_capture', 'metadata', 'statement_descriptor', 'statement_descriptor_suffix', 'final_capture']);
    if (optionalBoolean(params, 'final_capture') === false) {
      throw invalidParam('final_capture', 'Capturing in several parts (multicapture) is not available on the simulated account.');
    }
    const pi = findPaymentIntent(c.env.sim, c.req.param('id'));
    if (pi.status !== 'requires_capture') {
      throw unexpectedState(
        `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
      );
    }
    const toCapture = optionalInteger(params, 'amount_to_capture', 1) ?? pi.amount_capturable;
    if (toCapture > pi.amount_capturable) {
      throw invalidParam(
        'amount_to_capture',
        'The amount to capture must be less than or equal to the amount capturable.',
      );
    }
    // Read before anything is saved: metadata over Stripe's limit or an over-long descriptor refuses the capture.
    const metadata = mergeMetadata(pi.metadata, optionalMetadata(params));
    const descriptors = statementDescriptors(params, pi);
    const sim = c.env.sim;
    const charge = sim.store.get<StripeObject>('charge', pi.latest_charge!)!;
    // A partial capture releases the rest of the authorization, which Stripe reports as refunded.
    const capturedCharge: StripeObject = {
      ...charge,
      captured: true,
      amount_captured: toCapture,
      amount_refunded: pi.amount_capturable - toCapture,
      balance_transaction: recordBalanceTransaction(sim, { amount: toCapture, currency: pi.currency, source: charge.id, type: 'charge' }),
    };
    sim.store.put(capturedCharge);
    const updated: PaymentIntent = {
      ...pi,
      status: 'succeeded',
      amount_received: toCapture,
      amount_capturable: 0,
      metadata,
      ...descriptors,
    };
    sim.store.put(updated);
    sim.emit('charge.captured', capturedCharge);
    sim.emit('payment_intent.succeeded', updated);
    return sendObject(c, updated);
  });
