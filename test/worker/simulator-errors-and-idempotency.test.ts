import { exports } from 'cloudflare:workers';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { control, newPaymentIntent, newReader, payOnReader, rawStripe, stripe, stripeError, US_ADDRESS } from './simulator-client.ts';

describe('simulator: errors as Stripe answers them', () => {
  it('a missing required param is 400 invalid_request_error parameter_missing naming it', async () => {
    const res = await rawStripe('POST', '/v1/payment_intents', 'currency=usd');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: {
        type: 'invalid_request_error',
        code: 'parameter_missing',
        param: 'amount',
        message: expect.any(String),
        doc_url: 'https://stripe.com/docs/error-codes/parameter-missing',
        request_log_url: expect.stringMatching(/^https:\/\/dashboard\.stripe\.com\/test\/logs\/req_/),
      },
    });
  });

  it('a malformed param is 400 naming it', async () => {
    const res = await rawStripe('POST', '/v1/payment_intents', 'amount=ten&currency=usd');
    expect(res).toMatchObject({ status: 400, body: { error: { type: 'invalid_request_error', code: 'parameter_invalid_integer', param: 'amount' } } });
    const bad = await rawStripe('POST', '/v1/payment_intents', 'amount=1000&currency=usd&metadata=x');
    expect(bad).toMatchObject({ status: 400, body: { error: { param: 'metadata' } } });
  });

  // Stripe's API takes form-encoded bodies only; anything else is refused, in its words as public reports quote them
  // (vapor-community/stripe#39, thephpleague/omnipay-stripe#197): a client that sends JSON or text/plain learns it here,
  // not first against api.stripe.com.
  it('a body that is not form-encoded is 400 "unsupported Content-Type", with a Request-Id; a charset on the form type is fine', async () => {
    for (const type of ['application/json', 'text/plain; charset=utf-8']) {
      const res = await rawStripe('POST', '/v1/payment_intents', 'amount=1000&currency=usd', { 'Content-Type': type });
      expect(res, type).toMatchObject({
        status: 400,
        body: {
          error: {
            type: 'invalid_request_error',
            message: `Invalid request: unsupported Content-Type ${type}. If error persists and you need assistance, please contact support@stripe.com.`,
          },
        },
      });
      expect(res.headers.get('request-id'), type).toMatch(/^req_/);
    }
    const withCharset = await rawStripe('POST', '/v1/payment_intents', 'amount=1000&currency=usd', {
      'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
    });
    expect(withCharset).toMatchObject({ status: 200, body: { object: 'payment_intent', amount: 1000 } });
    // An action that takes no parameters may be posted with no body and no Content-Type at all (`curl -X POST`).
    const bare = await exports.default.fetch(
      new Request(`http://sim.test/v1/payment_intents/${withCharset.body.id}/cancel`, { method: 'POST', headers: { Authorization: 'Bearer sk_test_conformance' } }),
    );
    expect(bare.status).toBe(200);
    expect(await bare.json()).toMatchObject({ status: 'canceled' });
  });

  // docs.stripe.com/api/metadata: "You can specify up to 50 keys, with key names up to 40 characters long and values up
  // to 500 characters long."
  it('metadata with more than 50 keys is refused, on create and once an update is merged in, saving nothing', async () => {
    const keys = (prefix: string, n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, 'v']));
    const err = await stripeError(newPaymentIntent({ metadata: keys('key', 51) }));
    expect(err).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', param: 'metadata' });
    // 30 keys, then 30 more merged in, is 60 keys.
    const pi = await newPaymentIntent({ metadata: keys('a', 30) });
    expect(await stripeError(stripe.paymentIntents.update(pi.id, { metadata: keys('b', 30) }))).toMatchObject({ statusCode: 400, param: 'metadata' });
    expect(Object.keys((await stripe.paymentIntents.retrieve(pi.id)).metadata)).toHaveLength(30);
  });

  // Error.d.ts: `request_log_url?: string`, "A URL to the request log entry in your dashboard" (stripe-node reads it
  // off every error body since Stripe added it to its errors, CHANGELOG "Add support for request_log_url").
  it('an error names the Dashboard log of its request, the one its Request-Id header names', async () => {
    for (const res of [
      await rawStripe('GET', '/v1/payment_intents/pi_missing'),
      await rawStripe('POST', '/v1/payment_intents', 'currency=usd'),
    ]) {
      const requestId = res.headers.get('request-id');
      expect(requestId).toMatch(/^req_/);
      expect(res.body.error.request_log_url).toMatch(new RegExp(`^https://dashboard\\.stripe\\.com/test/logs/${requestId}\\?t=\\d+$`));
    }
    expect((await stripeError(stripe.paymentIntents.retrieve('pi_missing'))).request_log_url).toMatch(/^https:\/\/dashboard\.stripe\.com\/test\/logs\/req_/);
  });

  // docs.stripe.com/api/metadata: keys "can contain any characters with one exception: you can't use square brackets
  // ([ and ]) in keys."
  it('a retrieve or a delete with an unknown parameter is refused with parameter_unknown, deleting nothing', async () => {
    const { charge } = await payOnReader((await newPaymentIntent()).id, '4242424242424242');
    const refund = await stripe.refunds.create({ charge: charge!.id, amount: 100 });
    const reader = await newReader();
    const endpoint = await stripe.webhookEndpoints.create({ url: 'https://example.com/hooks', enabled_events: ['*'] });
    const configuration = await stripe.terminal.configurations.create({});
    const event = (await stripe.events.list({ limit: 1 })).data[0]!;
    const unknown = { colour: 'red' } as never;
    for (const call of [
      () => stripe.charges.retrieve(charge!.id, unknown),
      () => stripe.refunds.retrieve(refund.id, unknown),
      () => stripe.events.retrieve(event.id, unknown),
      () => stripe.webhookEndpoints.retrieve(endpoint.id, unknown),
      () => stripe.webhookEndpoints.del(endpoint.id, unknown),
      () => stripe.terminal.readers.retrieve(reader.id, unknown),
      () => stripe.terminal.readers.del(reader.id, unknown),
      () => stripe.terminal.locations.retrieve(reader.location as string, unknown),
      () => stripe.terminal.locations.del(reader.location as string, unknown),
      () => stripe.terminal.configurations.retrieve(configuration.id, unknown),
      () => stripe.terminal.configurations.del(configuration.id, unknown),
    ]) {
      expect(await stripeError(call())).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'colour' });
    }
    expect(await stripe.webhookEndpoints.retrieve(endpoint.id)).toMatchObject({ id: endpoint.id });
    expect(await stripe.terminal.readers.retrieve(reader.id)).not.toHaveProperty('deleted');
    expect(await stripe.terminal.configurations.retrieve(configuration.id)).not.toHaveProperty('deleted');
  });

  // docs.stripe.com/api/metadata: "Individual keys can be unset by posting an empty value to them": an empty value
  // sets no key, on a create as on an update.
  it('a metadata key posted empty on create is not set', async () => {
    expect((await newPaymentIntent({ metadata: { kiosk: 'k1', note: '' } })).metadata).toEqual({ kiosk: 'k1' });
    const location = await stripe.terminal.locations.create({ display_name: 'x', address: US_ADDRESS, metadata: { store: '7', floor: '' } });
    expect(location.metadata).toEqual({ store: '7' });
  });

  it('a metadata key with square brackets is refused naming metadata, creating nothing', async () => {
    const description = `brackets-${crypto.randomUUID()}`;
    const err = await stripeError(newPaymentIntent({ description, metadata: { 'order[id]': '42' } }));
    expect(err).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', param: 'metadata' });
    expect((await stripe.paymentIntents.list({ limit: 100 })).data.filter((pi) => pi.description === description)).toEqual([]);
  });

  // Stripe takes an array as `name[]=a` or `name[0]=a` (stripe/stripe-php#684: "all arrays are encoded as
  // integer-indexed maps"); a single value (`expand=x`, stripe/stripe-cli#47) or a hash with named keys
  // (stripe/stripe-ruby#576) is refused with `{ message: 'Invalid array', param, type: 'invalid_request_error' }`.
  it('an array parameter sent as a single value or as a hash with named keys is 400 "Invalid array" naming it, creating nothing', async () => {
    const description = `arrays-${crypto.randomUUID()}`;
    const create = `amount=1000&currency=usd&description=${description}`;
    for (const [method, path, form, param] of [
      ['GET', '/v1/payment_intents', 'expand=data.latest_charge', 'expand'],
      ['POST', '/v1/payment_intents', `${create}&allowed_payment_method_types=card_present`, 'allowed_payment_method_types'],
      ['POST', '/v1/payment_intents', `${create}&allowed_payment_method_types[type]=card_present`, 'allowed_payment_method_types'],
      ['GET', '/v1/events', 'types=payment_intent.created', 'types'],
      ['POST', '/v1/webhook_endpoints', 'url=https://example.com/hooks&enabled_events=*', 'enabled_events'],
    ]) {
      const res = await rawStripe(method!, path!, form);
      expect({ form, status: res.status, error: res.body.error }).toEqual({
        form,
        status: 400,
        error: { type: 'invalid_request_error', param, message: 'Invalid array', request_log_url: expect.any(String) },
      });
    }
    expect((await stripe.paymentIntents.list({ limit: 100 })).data.filter((pi) => pi.description === description)).toEqual([]);
    const indexed = await rawStripe('POST', '/v1/payment_intents', `${create}&allowed_payment_method_types[0]=card_present&expand[0]=latest_charge`);
    expect(indexed).toMatchObject({ status: 200, body: { description, allowed_payment_method_types: ['card_present'] } });
  });

  it('an unknown parameter is rejected with parameter_unknown', async () => {
    const err = await stripeError(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', colour: 'red' } as never));
    expect(err).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', code: 'parameter_unknown', param: 'colour' });
  });

  it('a list that takes no created filter (readers, locations, configurations, webhook endpoints) refuses one as unknown', async () => {
    // The SDK's ReaderListParams, LocationListParams, ConfigurationListParams and WebhookEndpointListParams have no
    // `created`; the lists of PaymentIntents, charges, refunds and events do.
    for (const path of ['/v1/terminal/readers', '/v1/terminal/locations', '/v1/terminal/configurations', '/v1/webhook_endpoints']) {
      const res = await rawStripe('GET', path, 'created[gte]=0');
      expect({ path, status: res.status, error: res.body.error }).toMatchObject({
        path,
        status: 400,
        error: { type: 'invalid_request_error', code: 'parameter_unknown', param: 'created' },
      });
    }
    for (const path of ['/v1/payment_intents', '/v1/charges', '/v1/refunds', '/v1/events']) {
      expect((await rawStripe('GET', path, 'created[gte]=0')).status).toBe(200);
    }
  });

  it('an amount below the minimum or above the maximum is refused', async () => {
    expect(await stripeError(newPaymentIntent({ amount: 10 }))).toMatchObject({ statusCode: 400, code: 'amount_too_small', param: 'amount' });
    expect(await stripeError(newPaymentIntent({ amount: 100_000_000 }))).toMatchObject({ statusCode: 400, code: 'amount_too_large' });
  });

  // Stripe's messages show money, not minor units, as public reports quote them ("Amount must be at least $0.50 usd",
  // "Amount must be no more than $999,999.99"): "at least 50 usd" reads as fifty dollars.
  it('an amount out of range is refused in money, as Stripe words it', async () => {
    expect((await stripeError(newPaymentIntent({ amount: 10 }))).message).toBe('Amount must be at least $0.50 usd');
    expect((await stripeError(newPaymentIntent({ amount: 100_000_000 }))).message).toBe('Amount must be no more than $999,999.99');
  });

  // Stripe's answer to a currency it does not take, as quoted in lukec/stripe-perl#156: "Invalid currency: zzz. Stripe
  // currently supports these currencies: usd, aed, ... On parameter: currency".
  it('a currency Stripe does not support is refused naming currency, creating nothing; one in capitals is taken', async () => {
    const res = await rawStripe('POST', '/v1/payment_intents', 'amount=1000&currency=zzz');
    expect(res).toMatchObject({ status: 400, body: { error: { type: 'invalid_request_error', param: 'currency' } } });
    expect(res.body.error.message).toMatch(/^Invalid currency: zzz\. Stripe currently supports these currencies: usd, /);
    expect((await stripe.paymentIntents.list({ limit: 100 })).data.filter((pi) => pi.currency === 'zzz')).toEqual([]);
    expect(await newPaymentIntent({ currency: 'USD' })).toMatchObject({ currency: 'usd' });
  });

  it('unknown ids are 404 resource_missing', async () => {
    for (const call of [
      () => stripe.paymentIntents.retrieve('pi_missing'),
      () => stripe.paymentIntents.cancel('pi_missing'),
      () => stripe.charges.retrieve('ch_missing'),
      () => stripe.events.retrieve('evt_missing'),
      () => stripe.terminal.locations.retrieve('tml_missing'),
    ]) {
      const err = await stripeError(call());
      expect(err).toMatchObject({ statusCode: 404, type: 'StripeInvalidRequestError', code: 'resource_missing' });
      expect(err.message).toMatch(/^No such /);
    }
  });

  // Stripe's message, as quoted from live responses in stripe-php#968 and stripe-dotnet#118.
  it('an unknown route is 404 with Stripe\'s message (a trailing slash gets its hint); a missing or live key is 401', async () => {
    expect(await rawStripe('GET', '/v1/widgets')).toMatchObject({
      status: 404,
      body: {
        error: {
          type: 'invalid_request_error',
          message: 'Unrecognized request URL (GET: /v1/widgets). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.',
        },
      },
    });
    const empty = await rawStripe('GET', '/v1/payment_intents/');
    expect(empty.status).toBe(404);
    expect(empty.body.error.message).toBe(
      'Unrecognized request URL (GET: /v1/payment_intents/). If you are trying to list objects, remove the trailing slash. If you are trying to retrieve an object, make sure you passed a valid (non-empty) identifier in your code. Please see https://stripe.com/docs or we can help at https://support.stripe.com/.',
    );
    const noKey = await rawStripe('GET', '/v1/payment_intents', '', { Authorization: '' });
    expect(noKey).toMatchObject({ status: 401, body: { error: { type: 'invalid_request_error' } } });
    const live = await rawStripe('GET', '/v1/payment_intents', '', { Authorization: 'Bearer sk_live_nope' });
    expect(live.status).toBe(401);
    await expect(new Stripe('sk_live_nope', { httpClient: (stripe as any)._api.httpClient }).paymentIntents.list()).rejects.toMatchObject({
      type: 'StripeAuthenticationError',
    });
  });
});

describe('simulator: an API key missing or of the wrong kind', () => {
  // Stripe's messages, as public reports of its 401s quote them (e.g. mohammedhammoud/django-rest-framework-stripe#3).
  it('no key is told to provide one, and a publishable key is told to use a secret key (401 each)', async () => {
    for (const headers of [{ Authorization: '' }, { Authorization: 'Bearer ' }]) {
      const missing = await rawStripe('GET', '/v1/payment_intents', '', headers);
      expect(missing).toMatchObject({ status: 401, body: { error: { type: 'invalid_request_error' } } });
      expect(missing.body.error.message).toMatch(/^You did not provide an API key\. You need to provide your API key in the Authorization header/);
    }
    const publishable = await rawStripe('GET', '/v1/payment_intents', '', { Authorization: 'Bearer pk_test_kiosk' });
    expect(publishable).toMatchObject({
      status: 401,
      body: {
        error: {
          type: 'invalid_request_error',
          message:
            'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.',
        },
      },
    });
    await expect(new Stripe('pk_test_kiosk', { httpClient: (stripe as any)._api.httpClient }).paymentIntents.list()).rejects.toMatchObject({
      type: 'StripeAuthenticationError',
      message: expect.stringContaining('publishable API key'),
    });
  });

  // RFC 9110 §11.1: the authentication scheme is case-insensitive, for Stripe's bearer key and its basic auth alike.
  it('reads the key whatever the case of the Authorization scheme (bearer, BEARER, basic)', async () => {
    for (const Authorization of ['bearer sk_test_conformance', 'BEARER sk_test_conformance', `basic ${btoa('sk_test_conformance:')}`]) {
      const res = await rawStripe('GET', '/v1/payment_intents', '', { Authorization });
      expect(res, Authorization).toMatchObject({ status: 200, body: { object: 'list' } });
    }
  });

  // docs.stripe.com/api/request_ids: "Each API request has an associated request identifier. You can find this value in
  // the response headers, under Request-Id."
  it('a refused key is answered with a Request-Id too, as every Stripe answer is', async () => {
    for (const res of [
      await rawStripe('GET', '/v1/payment_intents', '', { Authorization: '' }),
      await rawStripe('GET', '/v1/payment_intents', '', { Authorization: 'Bearer pk_test_kiosk' }),
      await rawStripe('POST', '/v1/payment_intents', 'amount=1000&currency=usd', { Authorization: 'Bearer sk_live_nope' }),
    ]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('request-id')).toMatch(/^req_/);
    }
  });

  // Stripe answers every API request with `Cache-Control: no-cache, no-store` (as recorded responses of api.stripe.com
  // show): its answers carry connection token secrets and client secrets that no browser or proxy may keep.
  it('answers carrying a connection token secret or a client secret, and its errors, say Cache-Control: no-store', async () => {
    for (const res of [
      await rawStripe('POST', '/v1/terminal/connection_tokens'),
      await rawStripe('POST', '/v1/payment_intents', 'amount=1000&currency=usd&payment_method_types[]=card_present'),
      await rawStripe('GET', '/v1/payment_intents'),
      await rawStripe('GET', '/v1/payment_intents/pi_missing'),
      await rawStripe('GET', '/v1/payment_intents', '', { Authorization: '' }),
    ]) {
      expect(res.headers.get('cache-control')).toBe('no-cache, no-store');
    }
  });
});

describe('simulator: the Stripe-Version header', () => {
  // Stripe's answer to a version it never released, as public reports quote it (stripe-java#682, stripity-stripe#613).
  it('refuses a version Stripe never released with 400 "Invalid Stripe API version", and answers a real one', async () => {
    const pi = await newPaymentIntent();
    const res = await rawStripe('GET', `/v1/payment_intents/${pi.id}`, '', { 'Stripe-Version': '1999-01-01' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', message: 'Invalid Stripe API version: 1999-01-01' });
    const real = await rawStripe('GET', `/v1/payment_intents/${pi.id}`, '', { 'Stripe-Version': Stripe.API_VERSION });
    expect(real).toMatchObject({ status: 200, body: { id: pi.id } });
  });
});

describe('simulator: idempotency as Stripe keeps it', () => {
  it('the same key with the same params replays the first response (Idempotent-Replayed: true), creating nothing', async () => {
    const key = crypto.randomUUID();
    const params = { amount: 1500, currency: 'usd', allowed_payment_method_types: ['card_present'] };
    const first = await stripe.paymentIntents.create(params, { idempotencyKey: key });
    const second = await stripe.paymentIntents.create(params, { idempotencyKey: key });
    expect(second.id).toBe(first.id);
    // With the fetch HTTP client, lastResponse is the fetch Response itself.
    const replayed = (response: { lastResponse: unknown }) =>
      (response.lastResponse as Response).headers.get('idempotent-replayed');
    expect(replayed(second)).toBe('true');
    expect(replayed(first)).toBeNull();
    const matching = (await stripe.paymentIntents.list({ limit: 100 })).data.filter((p) => p.id === first.id);
    expect(matching).toHaveLength(1);
  });

  it('errors are replayed too', async () => {
    const key = crypto.randomUUID();
    const first = await stripeError(stripe.paymentIntents.cancel('pi_missing', {}, { idempotencyKey: key }));
    const second = await stripeError(stripe.paymentIntents.cancel('pi_missing', {}, { idempotencyKey: key }));
    expect(second).toMatchObject({ statusCode: 404, code: 'resource_missing' });
    expect(second.headers?.['idempotent-replayed']).toBe('true');
    expect(first.headers?.['idempotent-replayed']).toBeUndefined();
  });

  it('a request that failed validation is not saved: corrected, the same key runs', async () => {
    const key = crypto.randomUUID();
    expect(await stripeError(stripe.paymentIntents.create({ amount: 10, currency: 'usd' }, { idempotencyKey: key }))).toMatchObject({ code: 'amount_too_small' });
    const corrected = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' }, { idempotencyKey: key });
    expect(corrected).toMatchObject({ object: 'payment_intent', amount: 1000 });
  });

  it('the same key with different params is 400 idempotency_error', async () => {
    const key = crypto.randomUUID();
    await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' }, { idempotencyKey: key });
    const err = await stripeError(stripe.paymentIntents.create({ amount: 2000, currency: 'usd' }, { idempotencyKey: key }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err).toMatchObject({ statusCode: 400, rawType: 'idempotency_error' });
  });

  // Stripe reflects the key in every answer to a request that sent one (stripe/stripe-mock server.go: "reflect it back
  // into response headers like the Stripe API does"), refusals of the key included, each with its Request-Id.
  it('the Idempotency-Key is echoed on the answers that refuse it, as on the others', async () => {
    const key = crypto.randomUUID();
    await rawStripe('POST', '/v1/payment_intents', 'amount=1000&currency=usd', { 'Idempotency-Key': key });
    const mismatch = await rawStripe('POST', '/v1/payment_intents', 'amount=2000&currency=usd', { 'Idempotency-Key': key });
    expect(mismatch.status).toBe(400);
    expect(mismatch.headers.get('idempotency-key')).toBe(key);
    const tooLong = 'k'.repeat(256);
    const refused = await rawStripe('POST', '/v1/payment_intents', 'amount=1000&currency=usd', { 'Idempotency-Key': tooLong });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('idempotency-key')).toBe(tooLong);
    expect(refused.headers.get('request-id')).toMatch(/^req_/);
  });

  // docs.stripe.com/idempotency: "Idempotency keys are up to 255 characters long."
  it('an Idempotency-Key longer than 255 characters (or empty) is refused (400 invalid_request_error), creating nothing', async () => {
    const before = (await stripe.paymentIntents.list({ limit: 1 })).data[0]?.id;
    for (const key of ['k'.repeat(256), '']) {
      const res = await rawStripe('POST', '/v1/payment_intents', 'amount=1000&currency=usd&allowed_payment_method_types[]=card_present', {
        'Idempotency-Key': key,
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining(`Idempotent key length is ${key.length}`) });
    }
    expect((await stripe.paymentIntents.list({ limit: 1 })).data[0]?.id).toBe(before);
  });

  it('a key expires after 24 hours of simulated time, after which it runs as new', async () => {
    const key = crypto.randomUUID();
    const first = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' }, { idempotencyKey: key });
    await control('clock/advance', { body: { seconds: 23 * 3600 } });
    expect((await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' }, { idempotencyKey: key })).id).toBe(first.id);
    await control('clock/advance', { body: { seconds: 3600 + 1 } });
    const later = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd' }, { idempotencyKey: key });
    expect(later.id).not.toBe(first.id);
    expect(later.created - first.created).toBeGreaterThanOrEqual(24 * 3600);
  });
});
