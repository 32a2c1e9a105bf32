import { Hono } from 'hono';
import { terminalPaymentProblem } from '../../../shared/terminal-regions.ts';
import { listPage } from '../http/list-params.ts';
import {
  allowOnly,
  arrayOf,
  optionalBoolean,
  optionalEnum,
  optionalHash,
  optionalInteger,
  optionalMetadata,
  optionalString,
  prefixedKeys,
  requiredInteger,
  requiredString,
  type Params,
} from '../http/params.ts';
import { invalidParam, invalidParams, invalidRequest, missingParam } from '../http/stripe-error.ts';
import { PAGINATION_PARAMS, sendJson, sendList, sendObject, type SimContext, type SimEnv } from '../http/wire.ts';
import { accountSettings } from '../models/account.ts';
import { isSupportedCurrency, unsupportedCurrencyMessage } from '../models/currencies.ts';
import { deletedObject, deleteKeepingTombstone } from '../models/deleted.ts';
import { readInputs } from '../models/collect-inputs.ts';
import { findLocation } from '../models/location.ts';
import { createdMetadata, mergeMetadata } from '../models/metadata.ts';
import { confirmPayment, findPaymentIntent, type PaymentIntent } from '../models/payment-intent.ts';
import {
  assertReaderReady,
  failureOf,
  findReader,
  finishAction,
  intentInvalidState,
  READER_DEVICE_TYPES,
  startAction,
  type Reader,
} from '../models/reader.ts';
import { findSetupIntent } from '../models/setup-intent.ts';
import { randomId, type StripeObject } from '../stores/object-store.ts';

/** Registration codes Stripe accepts in test mode for simulated readers. */
const SIMULATED_DEVICES: Record<string, string> = {
  'simulated-wpe': 'simulated_wisepos_e',
  'simulated-s700': 'simulated_stripe_s700',
};

/** The PaymentIntent an action names, which must be waiting for a payment method to be collected. */
function collectablePaymentIntent(c: SimContext): PaymentIntent {
  const pi = findPaymentIntent(c.env.sim, requiredString(c.env.params, 'payment_intent'), 'payment_intent');
  if (pi.status !== 'requires_payment_method') {
    throw intentInvalidState(
      `PaymentIntent ${pi.id} has a status of ${pi.status}. It must be in the requires_payment_method state to be processed by a reader.`,
    );
  }
  return pi;
}

/**
 * Stripe's regional rule: the account and the reader's Location in the same country, in its currency. The code is
 * Stripe's (`terminal_reader_invalid_location_for_payment`); the message is the simulator's own.
 */
function assertPaymentAllowedHere(c: SimContext, reader: Reader, pi: PaymentIntent): void {
  if (!reader.location) return;
  const account = accountSettings(c.env.sim);
  const locationCountry = findLocation(c.env.sim, reader.location).address.country;
  const problem = terminalPaymentProblem(account.country, locationCountry, pi.currency);
  if (problem === 'location_in_another_country' || problem === 'country_unsupported') {
    throw invalidRequest(
      'terminal_reader_invalid_location_for_payment',
      `This reader is registered to a Location in ${locationCountry}, but the account is in ${account.country}. Terminal payments need the account and the reader's Location in the same country.`,
    );
  }
}

/**
 * Reads `process_config` / `collect_config`, keeping only what was sent, as Stripe echoes it on the action (without
 * `allow_redisplay`, which the action does not show). Only `process_config` has a `return_url`.
 */
function readPaymentConfig(params: Params, name: 'process_config' | 'collect_config') {
  const raw = optionalHash(params, name);
  if (!raw) return {};
  const config = prefixedKeys(raw, name);
  const field = (key: string) => `${name}[${key}]`;
  const fields = ['allow_redisplay', 'enable_customer_cancellation', 'skip_tipping', 'tipping'];
  allowOnly(config, (name === 'process_config' ? [...fields, 'return_url'] : fields).map(field));
  optionalEnum(config, field('allow_redisplay'), ['always', 'limited', 'unspecified'] as const);
  const tippingHash = optionalHash(config, field('tipping'));
  const tipping = tippingHash ? prefixedKeys(tippingHash, field('tipping')) : undefined;
  if (tipping) allowOnly(tipping, [`${field('tipping')}[amount_eligible]`]);
  // "Must be a positive integer" (the SDK's ProcessConfig.Tipping.amount_eligible).
  const eligible = tipping ? optionalInteger(tipping, `${field('tipping')}[amount_eligible]`, 1) : undefined;
  const cancellation = optionalBoolean(config, field('enable_customer_cancellation'));
  const skipTipping = optionalBoolean(config, field('skip_tipping'));
  const returnUrl = optionalString(config, field('return_url'));
  return {
    [name]: {
      ...(cancellation !== undefined ? { enable_customer_cancellation: cancellation } : {}),
      ...(returnUrl !== undefined ? { return_url: returnUrl } : {}),
      ...(skipTipping !== undefined ? { skip_tipping: skipTipping } : {}),
      ...(tipping ? { tipping: eligible !== undefined ? { amount_eligible: eligible } : {} } : {}),
    },
  };
}

/** `confirm_config` of `confirm_payment_intent`: only `return_url`, echoed on the action as Stripe shows it. */
function readConfirmConfig(params: Params) {
  const raw = optionalHash(params, 'confirm_config');
  if (!raw) return {};
  const config = prefixedKeys(raw, 'confirm_config');
  allowOnly(config, ['confirm_config[return_url]']);
  const returnUrl = optionalString(config, 'confirm_config[return_url]');
  return { confirm_config: returnUrl !== undefined ? { return_url: returnUrl } : {} };
}

/** The cart of `set_reader_display`, validated as Stripe types it: a supported currency, integer amounts, quantities and total. */
function readCart(params: Params) {
  const cart = optionalHash(params, 'cart');
  if (!cart) throw missingParam('cart');
  allowOnly(cart, ['currency', 'line_items', 'tax', 'total'], 'cart');
  const items = cart.line_items;
  if (items === undefined) throw missingParam('cart[line_items]');
  const list = arrayOf(items);
  if (!list) throw invalidParam('cart[line_items]', 'Invalid array');
  for (const field of ['currency', 'total']) if (cart[field] === undefined) throw missingParam(`cart[${field}]`);
  const currency = requiredString(cart, 'currency').toLowerCase();
  if (!isSupportedCurrency(currency)) throw invalidParam('cart[currency]', unsupportedCurrencyMessage(currency));
  return {
    currency,
    line_items: list.map((item, i) => {
      const line = optionalHash({ item }, 'item') ?? {};
      allowOnly(line, ['amount', 'description', 'quantity'], `cart[line_items][${i}]`);
      const named = (field: string) => `cart[line_items][${i}][${field}]`;
      const read = <T>(field: string, f: () => T) => {
        try {
          return f();
        } catch {
          throw field === 'description'
            ? invalidParam(named(field), `Invalid string: ${named(field)}`)
            : invalidParam(named(field), `Invalid integer: ${named(field)}`, 'parameter_invalid_integer');
        }
      };
      return {
        amount: read('amount', () => requiredInteger(line, 'amount')),
        description: read('description', () => requiredString(line, 'description')),
        quantity: read('quantity', () => requiredInteger(line, 'quantity', 1)),
      };
    }),
    tax: optionalInteger(cart, 'tax') ?? null,
    total: requiredInteger(cart, 'total'),
  };
}

export const readerRoutes = new Hono<SimEnv>()
  .post('/', (c) => {
    const params = c.env.params;
    allowOnly(params, ['registration_code', 'location', 'label', 'metadata']);
    const code = requiredString(params, 'registration_code');
    const deviceType = SIMULATED_DEVICES[code];
    if (!deviceType) {
      throw invalidParam('registration_code', `The registration code ${code} is invalid or has expired.`, 'resource_missing');
    }
    const location = optionalString(params, 'location');
    if (location) findLocation(c.env.sim, location);
    const id = randomId('tmr');
    const reader: Reader = {
      id,
      object: 'terminal.reader',
      _created: c.env.sim.now(),
      action: null,
      device_sw_version: '2.37.2.0',
      device_type: deviceType,
      ip_address: '0.0.0.0',
      // The SDK's ReaderCreateParams.label: "If no label is specified, the registration code will be used."
      label: optionalString(params, 'label') ?? code,
      last_seen_at: c.env.sim.nowMs(),
      livemode: false,
      location: location ?? null,
      metadata: createdMetadata(optionalMetadata(params)),
      serial_number: `${code}-${id.slice(-8)}`,
      status: 'online',
    };
    c.env.sim.store.put(reader);
    return sendObject(c, reader);
  })
  .get('/', (c) => {
    const params = c.env.params;
    allowOnly(params, [...PAGINATION_PARAMS, 'location', 'status', 'device_type', 'serial_number']);
    const location = optionalString(params, 'location');
    const status = optionalEnum(params, 'status', ['online', 'offline'] as const);
    const deviceType = optionalEnum(params, 'device_type', READER_DEVICE_TYPES);
    const serial = optionalString(params, 'serial_number');
    const page = listPage<Reader>(
      c,
      'terminal.reader',
      '/v1/terminal/readers',
      (r) =>
        (!location || r.location === location) &&
        (!status || r.status === status) &&
        (!deviceType || r.device_type === deviceType) &&
        (!serial || r.serial_number === serial),
    );
    return sendList(c, { ...page, data: page.data.map((r) => findReader(c.env.sim, r.id)) });
  })
  .get('/:id', (c) => {
    allowOnly(c.env.params, []);
    const deleted = deletedObject(c.env.sim, 'terminal.reader', c.req.param('id'));
    return deleted ? sendJson(deleted) : sendObject(c, findReader(c.env.sim, c.req.param('id')));
  })
  .post('/:id', (c) => {
    const params = c.env.params;
    allowOnly(params, ['label', 'metadata']);
    const reader = findReader(c.env.sim, c.req.param('id'));
    const updated: Reader = {
      ...reader,
      label: optionalString(params, 'label') ?? reader.label,
      metadata: mergeMetadata(reader.metadata as Record<string, string>, optionalMetadata(params)),
    };
    c.env.sim.store.put(updated);
    return sendObject(c, updated);
  })
  .delete('/:id', (c) => {
    allowOnly(c.env.params, []);
    const reader = findReader(c.env.sim, c.req.param('id'));
    return sendJson(deleteKeepingTombstone(c.env.sim, reader, { device_type: reader.device_type, serial_number: reader.serial_number }));
  })
  .post('/:id/process_payment_intent', (c) => {
    allowOnly(c.env.params, ['payment_intent', 'process_config']);
    const config = readPaymentConfig(c.env.params, 'process_config');
    const reader = findReader(c.env.sim, c.req.param('id'));
    assertReaderReady(reader);
    const pi = collectablePaymentIntent(c);
    assertPaymentAllowedHere(c, reader, pi);
    return sendObject(
      c,
      startAction(c.env.sim, reader, { type: 'process_payment_intent', process_payment_intent: { payment_intent: pi.id, ...config } }),
    );
  })
  .post('/:id/collect_payment_method', (c) => {
    allowOnly(c.env.params, ['payment_intent', 'collect_config']);
    const config = readPaymentConfig(c.env.params, 'collect_config');
    const reader = findReader(c.env.sim, c.req.param('id'));
    assertReaderReady(reader);
    const pi = collectablePaymentIntent(c);
    assertPaymentAllowedHere(c, reader, pi);
    return sendObject(
      c,
      startAction(c.env.sim, reader, { type: 'collect_payment_method', collect_payment_method: { payment_intent: pi.id, ...config } }),
    );
  })
  .post('/:id/confirm_payment_intent', (c) => {
    allowOnly(c.env.params, ['payment_intent', 'confirm_config']);
    const config = readConfirmConfig(c.env.params);
    const reader = findReader(c.env.sim, c.req.param('id'));
    assertReaderReady(reader);
    const pi = findPaymentIntent(c.env.sim, requiredString(c.env.params, 'payment_intent'), 'payment_intent');
    // Checked before the action starts, so a refused (or retried) confirmation never leaves the reader busy.
    if (pi.status !== 'requires_confirmation') {
      throw intentInvalidState(
        `PaymentIntent ${pi.id} has a status of ${pi.status}. It must be in the requires_confirmation state to be confirmed by a reader.`,
      );
    }
    const started = startAction(c.env.sim, reader, {
      type: 'confirm_payment_intent',
      confirm_payment_intent: { payment_intent: pi.id, ...config },
    });
    const { error } = confirmPayment(c.env.sim, pi);
    return sendObject(c, finishAction(c.env.sim, started, error ? failureOf(c.env.sim, error) : null));
  })
  .post('/:id/process_setup_intent', (c) => {
    const params = c.env.params;
    allowOnly(params, ['setup_intent', 'allow_redisplay', 'process_config']);
    const reader = findReader(c.env.sim, c.req.param('id'));
    assertReaderReady(reader);
    const si = findSetupIntent(c.env.sim, requiredString(params, 'setup_intent'), 'setup_intent');
    if (optionalEnum(params, 'allow_redisplay', ['always', 'limited', 'unspecified'] as const) === undefined) {
      throw missingParam('allow_redisplay');
    }
    if (si.status !== 'requires_payment_method') {
      throw intentInvalidState(
        `SetupIntent ${si.id} has a status of ${si.status}. It must be in the requires_payment_method state to be processed by a reader.`,
      );
    }
    const config = optionalHash(params, 'process_config');
    if (config) allowOnly(config, ['enable_customer_cancellation'], 'process_config');
    const cancellation = config ? optionalBoolean(config, 'enable_customer_cancellation') : undefined;
    return sendObject(
      c,
      startAction(c.env.sim, reader, {
        type: 'process_setup_intent',
        process_setup_intent: {
          setup_intent: si.id,
          ...(cancellation !== undefined ? { process_config: { enable_customer_cancellation: cancellation } } : {}),
        },
      }),
    );
  })
  .post('/:id/refund_payment', (c) => {
    const params = c.env.params;
    allowOnly(params, ['amount', 'charge', 'payment_intent', 'metadata', 'refund_application_fee', 'refund_payment_config', 'reverse_transfer']);
    // Echoed on the action as Stripe shows them; the simulated account has no application fees or transfers to undo.
    const flags = {
      refund_application_fee: optionalBoolean(params, 'refund_application_fee'),
      reverse_transfer: optionalBoolean(params, 'reverse_transfer'),
    };
    const reader = findReader(c.env.sim, c.req.param('id'));
    assertReaderReady(reader);
    const chargeId = optionalString(params, 'charge');
    const paymentIntentId = optionalString(params, 'payment_intent');
    if (!chargeId === !paymentIntentId) {
      throw invalidParams('parameter_missing', 'Exactly one of charge or payment_intent must be provided.', 'charge');
    }
    let charge: StripeObject | null;
    if (chargeId) {
      charge = c.env.sim.store.get('charge', chargeId);
      if (!charge) throw invalidRequest('resource_missing', `No such charge: '${chargeId}'`, 'charge');
    } else {
      const pi = findPaymentIntent(c.env.sim, paymentIntentId!, 'payment_intent');
      if (pi.status !== 'succeeded') {
        throw intentInvalidState(`PaymentIntent ${pi.id} has a status of ${pi.status}. Only a succeeded payment can be refunded.`);
      }
      charge = c.env.sim.store.get('charge', pi.latest_charge!);
    }
    // Stripe: "In-person refunds are only available on Interac" (docs.stripe.com/terminal/features/refunds). It
    // publishes no error code for this, so the refusal has none.
    const paidWith = (charge?.payment_method_details as { type?: string } | undefined)?.type;
    if (paidWith !== 'interac_present') {
      throw invalidRequest(
        undefined,
        `In-person refunds are only available for Interac payments; refund this ${paidWith} payment online (POST /v1/refunds) instead.`,
        chargeId ? 'charge' : 'payment_intent',
      );
    }
    const amount = optionalInteger(params, 'amount', 1);
    const metadata = optionalMetadata(params);
    const config = optionalHash(params, 'refund_payment_config');
    if (config) allowOnly(config, ['enable_customer_cancellation'], 'refund_payment_config');
    const cancellation = config ? optionalBoolean(config, 'enable_customer_cancellation') : undefined;
    return sendObject(
      c,
      startAction(c.env.sim, reader, {
        type: 'refund_payment',
        refund_payment: {
          ...(amount !== undefined ? { amount } : {}),
          ...(chargeId ? { charge: chargeId } : { payment_intent: paymentIntentId }),
          ...(metadata ? { metadata } : {}),
          ...(cancellation !== undefined ? { refund_payment_config: { enable_customer_cancellation: cancellation } } : {}),
          ...Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined)),
        },
      }),
    );
  })
  .post('/:id/collect_inputs', (c) => {
    const params = c.env.params;
    allowOnly(params, ['inputs', 'metadata']);
    const inputs = readInputs(params);
    const reader = findReader(c.env.sim, c.req.param('id'));
    assertReaderReady(reader);
    return sendObject(
      c,
      startAction(c.env.sim, reader, { type: 'collect_inputs', collect_inputs: { inputs, metadata: optionalMetadata(params) ?? null } }),
    );
  })
  .post('/:id/cancel_action', (c) => {
    allowOnly(c.env.params, []);
    const reader = findReader(c.env.sim, c.req.param('id'));
    if (reader.status === 'offline') assertReaderReady(reader);
    // As Stripe documents it: the reader is reset (`action: null`) and no webhook is sent; this response is the outcome.
    const updated: Reader = { ...reader, action: null };
    c.env.sim.store.put(updated);
    return sendObject(c, updated);
  })
  .post('/:id/set_reader_display', (c) => {
    const params = c.env.params;
    allowOnly(params, ['type', 'cart']);
    const reader = findReader(c.env.sim, c.req.param('id'));
    assertReaderReady(reader);
    if (optionalEnum(params, 'type', ['cart'] as const) === undefined) throw missingParam('type');
    // Stripe answers with the action in progress; the reader shows the cart a moment later (the next read).
    return sendObject(c, startAction(c.env.sim, reader, { type: 'set_reader_display', set_reader_display: { type: 'cart', cart: readCart(params) } }));
  });
