import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { eventually, latestEvent, newPaymentIntent, newReader, payOnReader, rawStripe, stripe, stripeError } from './simulator-client.ts';

const keyed = (key: string) => ({ idempotencyKey: key });

describe('simulator: PaymentIntent payment method types (API 2026-10-28.endive)', () => {
  it('without allowed_payment_method_types a PaymentIntent gets automatic payment methods, which exclude card_present', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    expect(pi).toMatchObject({ automatic_payment_methods: { enabled: true }, payment_method_types: ['card'] });
    const reader = await newReader();
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    const done = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
    expect(done.action).toMatchObject({ status: 'failed', failure_code: 'payment_intent_incompatible_payment_method' });
  });

  it('payment_method_types is no create parameter in this API version; allowed_payment_method_types is', async () => {
    expect(await rawStripe('POST', '/v1/payment_intents', 'amount=1000&currency=usd&payment_method_types[]=card_present')).toMatchObject({
      status: 400,
      body: { error: { code: 'parameter_unknown', param: 'payment_method_types' } },
    });
    expect(await newPaymentIntent()).toMatchObject({ automatic_payment_methods: null, payment_method_types: ['card_present'] });
  });

  // PaymentIntentCreateParams.AutomaticPaymentMethods: `enabled: boolean` (required) and `allow_redirects?: 'always' | 'never'`.
  it('automatic_payment_methods is read as the SDK types it: allow_redirects kept, enabled required, nothing else taken', async () => {
    const never = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', automatic_payment_methods: { enabled: true, allow_redirects: 'never' } });
    expect(never.automatic_payment_methods).toEqual({ allow_redirects: 'never', enabled: true });
    for (const [form, param, code] of [
      ['automatic_payment_methods[colour]=red&automatic_payment_methods[enabled]=true', 'automatic_payment_methods[colour]', 'parameter_unknown'],
      ['automatic_payment_methods[allow_redirects]=never', 'automatic_payment_methods[enabled]', 'parameter_missing'],
      ['automatic_payment_methods[enabled]=yes', 'automatic_payment_methods[enabled]', undefined],
      ['automatic_payment_methods[enabled]=true&automatic_payment_methods[allow_redirects]=sometimes', 'automatic_payment_methods[allow_redirects]', undefined],
      ['automatic_payment_methods=true', 'automatic_payment_methods', undefined],
    ]) {
      const res = await rawStripe('POST', '/v1/payment_intents', `amount=1000&currency=usd&${form}`);
      expect({ form, status: res.status, param: res.body.error?.param, code: res.body.error?.code }).toEqual({ form, status: 400, param, code });
    }
  });
});

describe('simulator: expand and list cursors as Stripe answers them', () => {
  it('expands nested paths: a charge\'s balance transaction, a reader\'s Location and its action\'s PaymentIntent', async () => {
    const { paymentIntent, reader } = await payOnReader((await newPaymentIntent()).id, '4242424242424242');
    const expanded = await stripe.paymentIntents.retrieve(paymentIntent.id, { expand: ['latest_charge.balance_transaction'] });
    const charge = expanded.latest_charge as Stripe.Charge;
    expect(charge.balance_transaction).toMatchObject({ object: 'balance_transaction', amount: 1000, currency: 'usd', type: 'charge', source: charge.id });
    const readerExpanded = await stripe.terminal.readers.retrieve(reader.id, {
      expand: ['location', 'action.process_payment_intent.payment_intent'],
    });
    expect(readerExpanded).toMatchObject({
      location: { object: 'terminal.location', id: reader.location },
      action: { process_payment_intent: { payment_intent: { object: 'payment_intent', id: paymentIntent.id, status: 'succeeded' } } },
    });
    const listed = await stripe.charges.list({ payment_intent: paymentIntent.id, expand: ['data.payment_intent'] });
    expect(listed.data[0]?.payment_intent).toMatchObject({ id: paymentIntent.id });
  });

  // Charges.d.ts types `refunds?: ApiList<Refund> | null`; since API 2022-11-15 a Charge "no longer auto-expands
  // refunds", but they can still be expanded (docs.stripe.com/changelog/2022-11-15/deprecates-charges-auto-expand).
  it('a charge\'s refunds are left out unless expanded, then listed (also as latest_charge.refunds)', async () => {
    const { charge, paymentIntent } = await payOnReader((await newPaymentIntent({ amount: 1000 })).id, '4242424242424242');
    const refund = await stripe.refunds.create({ charge: charge!.id, amount: 300 });
    expect(await stripe.charges.retrieve(charge!.id)).not.toHaveProperty('refunds');
    const expanded = await stripe.charges.retrieve(charge!.id, { expand: ['refunds'] });
    expect(expanded.refunds).toEqual({
      object: 'list',
      data: [expect.objectContaining({ id: refund.id, amount: 300 })],
      has_more: false,
      url: `/v1/charges/${charge!.id}/refunds`,
    });
    const nested = await stripe.paymentIntents.retrieve(paymentIntent.id, { expand: ['latest_charge.refunds.data.balance_transaction'] });
    expect((nested.latest_charge as Stripe.Charge).refunds?.data[0]).toMatchObject({ id: refund.id, balance_transaction: { object: 'balance_transaction' } });
  });

  // Stripe's OpenAPI spec: GET /v1/charges/{charge}/refunds ("List all refunds", GetChargesChargeRefunds, with limit and
  // the cursors) and GET /v1/charges/{charge}/refunds/{refund}: the `url` an expanded charge's refunds name answers.
  it('the url of a charge\'s refunds lists them newest first, pages with the cursors, expands data. paths and retrieves one', async () => {
    const { charge } = await payOnReader((await newPaymentIntent({ amount: 1000 })).id, '4242424242424242');
    const older = await stripe.refunds.create({ charge: charge!.id, amount: 100 });
    const newer = await stripe.refunds.create({ charge: charge!.id, amount: 200 });
    const { url } = (await stripe.charges.retrieve(charge!.id, { expand: ['refunds'] })).refunds!;
    const page = await rawStripe('GET', url, 'limit=1&expand[]=data.balance_transaction');
    expect(page).toMatchObject({
      status: 200,
      body: { object: 'list', url, has_more: true, data: [{ id: newer.id, balance_transaction: { object: 'balance_transaction' } }] },
    });
    expect(page.body.data).toHaveLength(1);
    const next = await rawStripe('GET', url, `limit=1&starting_after=${newer.id}`);
    expect(next.body).toMatchObject({ has_more: false, data: [{ id: older.id }] });
    expect(await rawStripe('GET', `${url}/${older.id}`)).toMatchObject({ status: 200, body: { id: older.id, object: 'refund', charge: charge!.id } });
    expect(await rawStripe('GET', '/v1/charges/ch_missing/refunds')).toMatchObject({ status: 404, body: { error: { code: 'resource_missing' } } });
    expect(await rawStripe('GET', url, 'colour=red')).toMatchObject({ status: 400, body: { error: { code: 'parameter_unknown', param: 'colour' } } });
  });

  it('an unexpandable path is a 400 naming it; a list path without data. gets Stripe\'s hint', async () => {
    const pi = await newPaymentIntent();
    const err = await stripeError(stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge.nonsense'] }));
    expect(err).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError' });
    expect((await stripeError(stripe.paymentIntents.retrieve(pi.id, { expand: ['amount'] }))).message).toBe('This property cannot be expanded (amount).');
    expect((await stripeError(stripe.paymentIntents.list({ expand: ['latest_charge'] }))).message).toBe(
      "This property cannot be expanded (latest_charge). You may want to try expanding 'data.latest_charge' instead.",
    );
  });

  // docs.stripe.com/api/expanding_objects: "Expansions have a maximum depth of four levels (for example, the deepest
  // expansion allowed when listing charges is data.payment_intent.customer.default_source)": `data.` counts as a level.
  it('expands up to four levels and refuses a fifth, on an object and on a list, before doing anything', async () => {
    const { paymentIntent, reader } = await payOnReader((await newPaymentIntent()).id, '4242424242424242');
    const four = await stripe.terminal.readers.retrieve(reader.id, { expand: ['action.process_payment_intent.payment_intent.latest_charge'] });
    expect(four).toMatchObject({ action: { process_payment_intent: { payment_intent: { latest_charge: { object: 'charge' } } } } });
    const deepest = 'action.process_payment_intent.payment_intent.latest_charge.balance_transaction';
    expect(await stripeError(stripe.terminal.readers.retrieve(reader.id, { expand: [deepest] }))).toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      message: `You cannot expand more than 4 levels of a property. Property: ${deepest}`,
    });
    const listPath = 'data.latest_charge.refunds.data.balance_transaction';
    expect(await stripeError(stripe.paymentIntents.list({ expand: [listPath] }))).toMatchObject({
      statusCode: 400,
      message: `You cannot expand more than 4 levels of a property. Property: ${listPath}`,
    });
    const description = `deep-${crypto.randomUUID()}`;
    await stripeError(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', description, expand: ['latest_charge.refunds.data.balance_transaction.source'] }));
    expect((await stripe.paymentIntents.list({ limit: 100 })).data.filter((pi) => pi.description === description)).toEqual([]);
    expect(paymentIntent.status).toBe('succeeded');
  });

  it('a create or a reader action with a path that cannot be expanded is refused before it does anything', async () => {
    const description = `expand-${crypto.randomUUID()}`;
    const refused = await stripeError(
      stripe.paymentIntents.create({ amount: 1000, currency: 'usd', description, expand: ['customer.nonsense', 'amount'] }, keyed(description)),
    );
    expect(refused).toMatchObject({ statusCode: 400, message: 'This property cannot be expanded (amount).' });
    const created = await stripe.paymentIntents.list({ limit: 100 });
    expect(created.data.filter((pi) => pi.description === description)).toEqual([]);
    // Refused before it ran, so the key was not spent: the same key with a valid request creates the PaymentIntent.
    expect(await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', description }, keyed(description))).toMatchObject({ description });

    const reader = await newReader();
    const pi = await newPaymentIntent();
    const action = await stripeError(stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id, expand: ['action.payment_intent'] }));
    expect(action.message).toBe('This property cannot be expanded (action.payment_intent).');
    expect(await stripe.terminal.readers.retrieve(reader.id)).toMatchObject({ action: null });
    const listed = await stripeError(stripe.terminal.readers.list({ expand: ['data.location.nonsense', 'location'] }));
    expect(listed.message).toContain("You may want to try expanding 'data.location' instead.");
  });

  it('starting_after or ending_before naming no object is a 400 naming the param', async () => {
    for (const param of ['starting_after', 'ending_before'] as const) {
      expect(await stripeError(stripe.paymentIntents.list({ [param]: 'pi_unknown' }))).toMatchObject({
        statusCode: 400,
        code: 'resource_missing',
        param,
      });
    }
  });

  // Stripe's answer to both cursors at once, as quoted from the live API in stripe-dotnet#1848.
  it('starting_after and ending_before together are refused, rather than one of them silently ignored', async () => {
    const older = await newPaymentIntent();
    const newer = await newPaymentIntent();
    const both = await rawStripe('GET', '/v1/payment_intents', `starting_after=${newer.id}&ending_before=${older.id}`);
    expect(both.status).toBe(400);
    expect(both.body.error).toMatchObject({
      type: 'invalid_request_error',
      message: 'Received both starting_after and ending_before parameters. Please pass in only one.',
    });
  });
});

describe('simulator: idempotency as Stripe documents it', () => {
  it('a request that failed validation is not saved: the key can then be used for a valid request', async () => {
    const key = crypto.randomUUID();
    expect(await stripeError(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', colour: 'red' } as never, keyed(key)))).toMatchObject({
      code: 'parameter_unknown',
    });
    const created = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' }, keyed(key));
    expect(created.id).toMatch(/^pi_/);
  });

  it('the same parameters in another order are the same request', async () => {
    const key = crypto.randomUUID();
    const first = await rawStripe('POST', '/v1/payment_intents', 'amount=1000&currency=usd&metadata[a]=1&metadata[b]=2', { 'Idempotency-Key': key });
    const second = await rawStripe('POST', '/v1/payment_intents', 'metadata[b]=2&currency=usd&metadata[a]=1&amount=1000', { 'Idempotency-Key': key });
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
  });

  it('another endpoint under the same key gets Stripe\'s idempotency_error naming both', async () => {
    const key = crypto.randomUUID();
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' }, keyed(key));
    const err = await stripeError(stripe.paymentIntents.cancel(pi.id, {}, keyed(key)));
    expect(err).toMatchObject({ statusCode: 400, rawType: 'idempotency_error' });
    expect(err.message).toBe(
      `Keys for idempotent requests can only be used for the same endpoint they were first used for ('/v1/payment_intents' vs '/v1/payment_intents/${pi.id}/cancel'). Try using a key other than '${key}' if you meant to execute a different request.`,
    );
  });
});

describe('simulator: events and errors carry what Stripe puts in them', () => {
  it('an API-triggered event names its request and idempotency key; only *.updated events carry previous_attributes', async () => {
    const key = crypto.randomUUID();
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' }, keyed(key));
    const requestId = (pi.lastResponse as unknown as Response).headers.get('request-id');
    const created = await eventually(() => latestEvent('payment_intent.created', pi.id));
    expect(created.request).toEqual({ id: requestId, idempotency_key: key });
    expect(created.data).not.toHaveProperty('previous_attributes');
    await stripe.paymentIntents.cancel(pi.id);
    expect((await eventually(() => latestEvent('payment_intent.canceled', pi.id))).data).not.toHaveProperty('previous_attributes');
    const { charge } = await payOnReader((await newPaymentIntent()).id, '4242424242424242');
    const refund = await stripe.refunds.create({ charge: charge!.id });
    await stripe.refunds.update(refund.id, { metadata: { reason: 'broken cup' } });
    const updated = await eventually(() => latestEvent('refund.updated', refund.id));
    expect(updated.data.previous_attributes).toEqual({ metadata: {} });
  });

  it('error bodies carry doc_url for their code', async () => {
    const res = await rawStripe('GET', '/v1/payment_intents/pi_missing');
    expect(res.body.error).toMatchObject({ code: 'resource_missing', doc_url: 'https://stripe.com/docs/error-codes/resource-missing' });
  });

  const keyedRetry = { maxNetworkRetries: 0 };
  it('no invented error codes: every code the simulator answered with here is in the SDK\'s list', async () => {
    const reader = await newReader();
    const codes = [
      (await stripeError(stripe.terminal.readers.confirmPaymentIntent(reader.id, { payment_intent: (await newPaymentIntent()).id }, keyedRetry))).code,
      (await stripeError(stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id))).code,
    ];
    expect(codes[0]).toBe('intent_invalid_state');
    // Stripe's answer to presenting a card to an idle reader has no code the SDK lists: the simulator sends none.
    expect(codes[1]).toBeUndefined();
  });
});
