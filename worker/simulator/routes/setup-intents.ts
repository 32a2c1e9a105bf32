import { Hono } from 'hono';
import { fieldFilters, listPage } from '../http/list-params.ts';
import { allowOnly, optionalEnum, optionalMetadata, optionalString, optionalStringArray } from '../http/params.ts';
import { invalidParam, unexpectedState } from '../http/stripe-error.ts';
import { LIST_PARAMS, sendList, sendObject, type SimEnv } from '../http/wire.ts';
import { createdMetadata } from '../models/metadata.ts';
import { findSetupIntent, type SetupIntent } from '../models/setup-intent.ts';
import { randomId } from '../stores/object-store.ts';

/** SetupIntents for saving a card presented on a reader (`process_setup_intent`). */
export const setupIntentRoutes = new Hono<SimEnv>()
  .post('/', (c) => {
    const params = c.env.params;
    allowOnly(params, ['allowed_payment_method_types', 'customer', 'description', 'metadata', 'usage', 'on_behalf_of']);
    const types = optionalStringArray(params, 'allowed_payment_method_types') ?? ['card'];
    if (!types.every((t) => t === 'card_present' || t === 'card')) {
      throw invalidParam('allowed_payment_method_types', 'The simulator sets up card_present and card payment methods only.');
    }
    const id = randomId('seti');
    const si: SetupIntent = {
      id,
      object: 'setup_intent',
      allowed_payment_method_types: types,
      application: null,
      automatic_payment_methods: null,
      cancellation_reason: null,
      client_secret: `${id}_secret_${randomId('x').slice(2)}`,
      created: c.env.sim.now(),
      customer: optionalString(params, 'customer') ?? null,
      description: optionalString(params, 'description') ?? null,
      excluded_payment_method_types: null,
      last_setup_error: null,
      latest_attempt: null,
      livemode: false,
      mandate: null,
      metadata: createdMetadata(optionalMetadata(params)),
      next_action: null,
      on_behalf_of: null,
      payment_method: null,
      payment_method_configuration_details: null,
      payment_method_options: {},
      payment_method_types: types,
      single_use_mandate: null,
      status: 'requires_payment_method',
      usage: optionalEnum(params, 'usage', ['off_session', 'on_session'] as const) ?? 'off_session',
    };
    c.env.sim.store.put(si);
    c.env.sim.emit('setup_intent.created', si);
    return sendObject(c, si);
  })
  .get('/', (c) => {
    allowOnly(c.env.params, [...LIST_PARAMS, 'customer', 'payment_method']);
    return sendList(c, listPage(c, 'setup_intent', '/v1/setup_intents', fieldFilters(c.env.params, ['customer', 'payment_method'])));
  })
  .get('/:id', (c) => {
    allowOnly(c.env.params, ['client_secret']);
    return sendObject(c, findSetupIntent(c.env.sim, c.req.param('id')));
  })
  .post('/:id/cancel', (c) => {
    allowOnly(c.env.params, ['cancellation_reason']);
    const si = findSetupIntent(c.env.sim, c.req.param('id'));
    if (si.status === 'succeeded' || si.status === 'canceled') {
      throw unexpectedState(
        `You cannot cancel this SetupIntent because it has a status of ${si.status}.`,
        'setup_intent_unexpected_state',
      );
    }
    const canceled: SetupIntent = {
      ...si,
      status: 'canceled',
      cancellation_reason: optionalEnum(c.env.params, 'cancellation_reason', ['abandoned', 'duplicate', 'requested_by_customer'] as const) ?? null,
    };
    c.env.sim.store.put(canceled);
    c.env.sim.emit('setup_intent.canceled', canceled);
    return sendObject(c, canceled);
  });
