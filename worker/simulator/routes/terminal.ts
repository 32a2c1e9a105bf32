import { Hono } from 'hono';
import { cardOutcome, DEFAULT_CARD_NUMBER } from '../card-outcomes.ts';
import { listOptions } from '../list-params.ts';
import { mergeMetadata } from '../metadata.ts';
import {
  allowOnly,
  optionalEnum,
  optionalHash,
  optionalInteger,
  optionalMetadata,
  optionalString,
  requiredString,
  type Params,
} from '../params.ts';
import {
  attachPaymentMethod,
  confirmPayment,
  createCardPresentPaymentMethod,
  type PaymentIntent,
} from '../payments.ts';
import { randomId, type StripeObject } from '../store.ts';
import { invalidParam, missingParam, resourceMissing, StripeApiError } from '../stripe-error.ts';
import { LIST_PARAMS, sendList, sendObject, type SimContext, type SimEnv } from '../wire.ts';
import { findPaymentIntent } from './payment-intents.ts';

interface ReaderAction {
  type: 'process_payment_intent' | 'collect_payment_method' | 'confirm_payment_intent' | 'set_reader_display';
  status: 'in_progress' | 'succeeded' | 'failed';
  failure_code: string | null;
  failure_message: string | null;
  /** The API error behind a failure (e.g. a decline); null when the reader itself failed or nothing failed. */
  api_error: Record<string, unknown> | null;
  [detail: string]: unknown;
}

type ActionFailure = Pick<ReaderAction, 'failure_code' | 'failure_message' | 'api_error'>;

/** A failed confirmation as a reader action reports it: the error's code and message, and the error itself. */
function failureOf(error: StripeApiError): ActionFailure {
  const { payment_intent: _pi, payment_method: _pm, ...apiError } = error.body;
  return { failure_code: error.body.code ?? null, failure_message: error.message, api_error: { ...apiError, message: error.message } };
}

interface Reader extends StripeObject {
  object: 'terminal.reader';
  action: ReaderAction | null;
  device_type: string;
  location: string | null;
  status: 'online' | 'offline';
}

/** Registration codes Stripe accepts in test mode for simulated readers. */
const SIMULATED_DEVICES: Record<string, string> = {
  'simulated-wpe': 'simulated_wisepos_e',
  'simulated-s700': 'simulated_stripe_s700',
};

function findLocation(c: SimContext, id: string, param = 'location'): StripeObject {
  const location = c.env.sim.store.get('terminal.location', id);
  if (!location) throw resourceMissing(param, 'terminal.location', id);
  return location;
}

function findReader(c: SimContext, id: string): Reader {
  const reader = c.env.sim.store.get<Reader>('terminal.reader', id);
  if (!reader) throw resourceMissing('reader', 'terminal.reader', id);
  return reader;
}

function readAddress(params: Params, required: boolean): Record<string, string | null> | undefined {
  const address = optionalHash(params, 'address');
  if (!address) {
    if (required) throw missingParam('address');
    return undefined;
  }
  allowOnly(address, ['line1', 'line2', 'city', 'state', 'country', 'postal_code']);
  const field = (name: string) => optionalString(address, name) ?? null;
  if (required && !field('country')) throw missingParam('address[country]');
  return {
    city: field('city'),
    country: field('country'),
    line1: field('line1'),
    line2: field('line2'),
    postal_code: field('postal_code'),
    state: field('state'),
  };
}

/** A reader can take a new action only when it is online and idle or its last action finished. */
function assertReaderIdle(reader: Reader): void {
  if (reader.status === 'offline') {
    throw new StripeApiError(
      400,
      { type: 'invalid_request_error', code: 'terminal_reader_offline' },
      'Reader is currently offline, please ensure the reader is powered on and connected to the internet before retrying your request.',
    );
  }
  if (reader.action?.status === 'in_progress') {
    throw new StripeApiError(
      400,
      { type: 'invalid_request_error', code: 'terminal_reader_busy' },
      'Reader is currently busy processing another request. Please reference the integration guide for more details: https://docs.stripe.com/terminal/payments/collect-card-payment',
    );
  }
}

function startAction(c: SimContext, reader: Reader, action: Omit<ReaderAction, keyof ActionFailure>): Reader {
  const updated: Reader = {
    ...reader,
    action: { ...action, failure_code: null, failure_message: null, api_error: null } as ReaderAction,
  };
  c.env.sim.store.put(updated);
  return updated;
}

/** Finishes the reader's action and tells the webhook endpoint, as Stripe's server-driven integration does. */
function finishAction(c: SimContext, reader: Reader, failure: ActionFailure | null) {
  const action: ReaderAction = failure
    ? { ...reader.action!, status: 'failed', ...failure }
    : { ...reader.action!, status: 'succeeded' };
  const updated: Reader = { ...reader, action };
  c.env.sim.store.put(updated);
  c.env.sim.emit(failure ? 'terminal.reader.action_failed' : 'terminal.reader.action_succeeded', updated);
  return updated;
}

function paymentIntentForAction(c: SimContext): PaymentIntent {
  const id = requiredString(c.env.params, 'payment_intent');
  const pi = findPaymentIntent(c, id, 'payment_intent');
  return pi;
}

function requirePaymentMethodNeeded(pi: PaymentIntent): void {
  if (pi.status !== 'requires_payment_method') {
    throw new StripeApiError(
      400,
      { type: 'invalid_request_error', code: 'intent_invalid_state' },
      'Payment intent must be in the requires_payment_method state to be processed by a reader.',
    );
  }
}

export const connectionTokenRoutes = new Hono<SimEnv>().post('/', (c) => {
  allowOnly(c.env.params, ['location']);
  const location = optionalString(c.env.params, 'location');
  if (location) findLocation(c, location);
  const body = {
    object: 'terminal.connection_token',
    ...(location ? { location } : {}),
    secret: `pst_test_${randomId('x', 40).slice(2)}`,
  };
  return c.json(body);
});

export const locationRoutes = new Hono<SimEnv>()
  .post('/', (c) => {
    const params = c.env.params;
    allowOnly(params, ['display_name', 'address', 'metadata', 'configuration_overrides']);
    const location: StripeObject = {
      id: randomId('tml'),
      object: 'terminal.location',
      _created: c.env.sim.now(),
      address: readAddress(params, true),
      configuration_overrides: optionalString(params, 'configuration_overrides'),
      display_name: requiredString(params, 'display_name'),
      livemode: false,
      metadata: optionalMetadata(params) ?? {},
    };
    c.env.sim.store.put(location);
    return sendObject(c, location);
  })
  .get('/', (c) => {
    allowOnly(c.env.params, [...LIST_PARAMS]);
    return sendList(c, c.env.sim.store.list('terminal.location', '/v1/terminal/locations', listOptions(c.env.params)));
  })
  .get('/:id', (c) => sendObject(c, findLocation(c, c.req.param('id'))))
  .post('/:id', (c) => {
    const params = c.env.params;
    allowOnly(params, ['display_name', 'address', 'metadata', 'configuration_overrides']);
    const location = findLocation(c, c.req.param('id'));
    const address = readAddress(params, false);
    const updated: StripeObject = {
      ...location,
      ...(address ? { address } : {}),
      display_name: optionalString(params, 'display_name') ?? location.display_name,
      metadata: mergeMetadata(location.metadata as Record<string, string>, optionalMetadata(params)),
    };
    c.env.sim.store.put(updated);
    return sendObject(c, updated);
  })
  .delete('/:id', (c) => {
    const location = findLocation(c, c.req.param('id'));
    c.env.sim.store.delete(location.id);
    return c.json({ id: location.id, object: 'terminal.location', deleted: true });
  });

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
    if (location) findLocation(c, location);
    const id = randomId('tmr');
    const reader: Reader = {
      id,
      object: 'terminal.reader',
      _created: c.env.sim.now(),
      action: null,
      device_sw_version: '2.37.2.0',
      device_type: deviceType,
      ip_address: '0.0.0.0',
      label: optionalString(params, 'label') ?? (deviceType === 'simulated_wisepos_e' ? 'Simulated WisePOS E' : 'Simulated S700'),
      last_seen_at: c.env.sim.now() * 1000,
      livemode: false,
      location: location ?? null,
      metadata: optionalMetadata(params) ?? {},
      serial_number: `${code}-${id.slice(-8)}`,
      status: 'online',
    };
    c.env.sim.store.put(reader);
    return sendObject(c, reader);
  })
  .get('/', (c) => {
    const params = c.env.params;
    allowOnly(params, [...LIST_PARAMS, 'location', 'status', 'device_type', 'serial_number']);
    const location = optionalString(params, 'location');
    const status = optionalEnum(params, 'status', ['online', 'offline'] as const);
    const deviceType = optionalString(params, 'device_type');
    const serial = optionalString(params, 'serial_number');
    const page = c.env.sim.store.list<Reader>('terminal.reader', '/v1/terminal/readers', {
      ...listOptions(params),
      where: (obj) => {
        const r = obj as Reader;
        return (
          (!location || r.location === location) &&
          (!status || r.status === status) &&
          (!deviceType || r.device_type === deviceType) &&
          (!serial || r.serial_number === serial)
        );
      },
    });
    return sendList(c, page);
  })
  .get('/:id', (c) => sendObject(c, findReader(c, c.req.param('id'))))
  .post('/:id', (c) => {
    const params = c.env.params;
    allowOnly(params, ['label', 'metadata']);
    const reader = findReader(c, c.req.param('id'));
    const updated: Reader = {
      ...reader,
      label: optionalString(params, 'label') ?? reader.label,
      metadata: mergeMetadata(reader.metadata as Record<string, string>, optionalMetadata(params)),
    };
    c.env.sim.store.put(updated);
    return sendObject(c, updated);
  })
  .delete('/:id', (c) => {
    const reader = findReader(c, c.req.param('id'));
    c.env.sim.store.delete(reader.id);
    return c.json({ id: reader.id, object: 'terminal.reader', deleted: true });
  })
  .post('/:id/process_payment_intent', (c) => {
    allowOnly(c.env.params, ['payment_intent', 'process_config']);
    const reader = findReader(c, c.req.param('id'));
    assertReaderIdle(reader);
    const pi = paymentIntentForAction(c);
    requirePaymentMethodNeeded(pi);
    const updated = startAction(c, reader, {
      type: 'process_payment_intent',
      status: 'in_progress',
      process_payment_intent: { payment_intent: pi.id },
    });
    return sendObject(c, updated);
  })
  .post('/:id/collect_payment_method', (c) => {
    allowOnly(c.env.params, ['payment_intent', 'collect_config']);
    const reader = findReader(c, c.req.param('id'));
    assertReaderIdle(reader);
    const pi = paymentIntentForAction(c);
    requirePaymentMethodNeeded(pi);
    const updated = startAction(c, reader, {
      type: 'collect_payment_method',
      status: 'in_progress',
      collect_payment_method: { payment_intent: pi.id },
    });
    return sendObject(c, updated);
  })
  .post('/:id/confirm_payment_intent', (c) => {
    allowOnly(c.env.params, ['payment_intent', 'confirm_config']);
    const reader = findReader(c, c.req.param('id'));
    assertReaderIdle(reader);
    const pi = paymentIntentForAction(c);
    const started = startAction(c, reader, {
      type: 'confirm_payment_intent',
      status: 'in_progress',
      confirm_payment_intent: { payment_intent: pi.id },
    });
    const { error } = confirmPayment(c.env.sim, pi);
    const finished = finishAction(
      c,
      started,
      error ? failureOf(error) : null,
    );
    return sendObject(c, finished);
  })
  .post('/:id/cancel_action', (c) => {
    allowOnly(c.env.params, []);
    const reader = findReader(c, c.req.param('id'));
    if (reader.action?.status !== 'in_progress') {
      throw new StripeApiError(
        400,
        { type: 'invalid_request_error', code: 'terminal_reader_no_action' },
        'This reader has no action in progress to cancel.',
      );
    }
    // As Stripe documents it: the reader is reset (`action: null`) and no webhook is sent; this response is the outcome.
    const updated: Reader = { ...reader, action: null };
    c.env.sim.store.put(updated);
    return sendObject(c, updated);
  })
  .post('/:id/set_reader_display', (c) => {
    const params = c.env.params;
    allowOnly(params, ['type', 'cart']);
    const reader = findReader(c, c.req.param('id'));
    assertReaderIdle(reader);
    if (optionalEnum(params, 'type', ['cart'] as const) === undefined) throw missingParam('type');
    const cart = optionalHash(params, 'cart');
    if (!cart) throw missingParam('cart');
    const lineItems = Object.values((cart.line_items as Params | undefined) ?? {}).map((item) => ({
      amount: optionalInteger(item as Params, 'amount') ?? 0,
      description: optionalString(item as Params, 'description') ?? '',
      quantity: optionalInteger(item as Params, 'quantity', 1) ?? 1,
    }));
    const updated = startAction(c, reader, {
      type: 'set_reader_display',
      status: 'succeeded',
      set_reader_display: {
        type: 'cart',
        cart: {
          currency: requiredString(cart, 'currency'),
          line_items: lineItems,
          tax: optionalInteger(cart, 'tax') ?? null,
          total: optionalInteger(cart, 'total') ?? 0,
        },
      },
    });
    return sendObject(c, updated);
  });

/** Test helpers: what a customer does at a simulated reader. */
export const terminalTestHelperRoutes = new Hono<SimEnv>().post('/readers/:id/present_payment_method', (c) => {
  const params = c.env.params;
  allowOnly(params, ['card_present', 'amount_tip', 'type', 'interac_present']);
  const reader = findReader(c, c.req.param('id'));
  const action = reader.action;
  if (action?.status !== 'in_progress' || (action.type !== 'process_payment_intent' && action.type !== 'collect_payment_method')) {
    throw new StripeApiError(
      400,
      { type: 'invalid_request_error', code: 'terminal_reader_no_action' },
      'This reader has no collect or process action in progress to present a payment method to.',
    );
  }
  const cardPresent = optionalHash(params, 'card_present') ?? {};
  const number = optionalString(cardPresent, 'number') ?? DEFAULT_CARD_NUMBER;
  const tip = optionalInteger(params, 'amount_tip') ?? 0;
  const detail = action[action.type] as { payment_intent: string };
  let pi = findPaymentIntent(c, detail.payment_intent, 'payment_intent');
  // An on-reader tip raises the amount to authorize, and the amount ending test outcomes look at that total.
  if (tip > 0) pi = { ...pi, amount: pi.amount + tip, amount_details: { tip: { amount: tip } } };
  const outcome = cardOutcome(number, pi.amount, pi.currency);
  if (!outcome) throw invalidParam('card_present[number]', `${number} is not one of Stripe's test card numbers.`);
  const pm = createCardPresentPaymentMethod(c.env.sim, outcome);
  pi = attachPaymentMethod(c.env.sim, pi, pm);
  if (action.type === 'collect_payment_method') {
    const collected: Reader = {
      ...reader,
      action: { ...action, collect_payment_method: { ...detail, payment_method: pm } },
    };
    return sendObject(c, finishAction(c, collected, null));
  }
  const { error } = confirmPayment(c.env.sim, pi);
  return sendObject(c, finishAction(c, reader, error ? failureOf(error) : null));
});
