import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { deliveryAttempts, eventually, latestEvent, newPaymentIntent, rawStripe, stripe, stripeError } from './simulator-client.ts';

const cryptoProvider = Stripe.createSubtleCryptoProvider();

describe('simulator: webhook endpoints', () => {
  it('creates an endpoint whose secret is shown only at creation; retrieves, updates, lists and deletes it', async () => {
    const created = await stripe.webhookEndpoints.create({
      url: 'http://127.0.0.1:9/hooks',
      enabled_events: ['payment_intent.succeeded'],
      description: 'Kiosk backend',
      metadata: { env: 'test' },
    });
    expect(created).toMatchObject({ object: 'webhook_endpoint', status: 'enabled', secret: expect.stringMatching(/^whsec_/) });
    const retrieved = await stripe.webhookEndpoints.retrieve(created.id);
    expect(retrieved).not.toHaveProperty('secret');
    const updated = await stripe.webhookEndpoints.update(created.id, { enabled_events: ['*'], disabled: true });
    expect(updated).toMatchObject({ enabled_events: ['*'], status: 'disabled', description: 'Kiosk backend' });
    expect((await stripe.webhookEndpoints.list({ limit: 100 })).data.map((e) => e.id)).toContain(created.id);
    expect(await stripe.webhookEndpoints.del(created.id)).toEqual({ id: created.id, object: 'webhook_endpoint', deleted: true });
    expect(await stripeError(stripe.webhookEndpoints.retrieve(created.id))).toMatchObject({ statusCode: 404, code: 'resource_missing' });
    expect(await stripeError(stripe.webhookEndpoints.create({ url: 'not a url', enabled_events: ['*'] }))).toMatchObject({ param: 'url' });
  });

  it('refuses an event type or API version that is not one of Stripe’s, or a version it does not render, creating or changing nothing', async () => {
    const before = (await stripe.webhookEndpoints.list({ limit: 100 })).data.length;
    const misspelt = await stripeError(
      stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/hooks', enabled_events: ['payment_intent.succeeded', 'payment_intent.succeded' as never] }),
    );
    expect(misspelt).toMatchObject({ statusCode: 400, rawType: 'invalid_request_error', param: 'enabled_events[1]' });
    expect(misspelt.message).toMatch(/^Invalid enabled_events\[1\]: must be one of \*, /);
    const version = await stripeError(
      stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/hooks', enabled_events: ['*'], api_version: 'not-a-version' as never }),
    );
    expect(version).toMatchObject({ statusCode: 400, param: 'api_version' });
    // A real version other than the simulator's own: its events would be rendered in a version they do not say.
    const older = await stripeError(
      stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/hooks', enabled_events: ['*'], api_version: '2025-04-30.basil' }),
    );
    expect(older).toMatchObject({ statusCode: 400, param: 'api_version' });
    expect(older.message).toMatch(/^api_version is not simulated: /);
    expect((await stripe.webhookEndpoints.list({ limit: 100 })).data.length).toBe(before);

    const endpoint = await stripe.webhookEndpoints.create({
      url: 'http://127.0.0.1:9/hooks',
      enabled_events: ['terminal.reader.action_succeeded'],
      api_version: '2026-10-28.endive',
    });
    expect(endpoint.api_version).toBe('2026-10-28.endive');
    expect(await stripeError(stripe.webhookEndpoints.update(endpoint.id, { enabled_events: ['refund.failled' as never] }))).toMatchObject({ param: 'enabled_events[0]' });
    expect((await stripe.webhookEndpoints.retrieve(endpoint.id)).enabled_events).toEqual(['terminal.reader.action_succeeded']);
    await stripe.webhookEndpoints.del(endpoint.id);
  });

  it('delivers the events an enabled endpoint asked for, signed with its own secret, besides the implicit delivery', async () => {
    const wanted = await stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/wanted', enabled_events: ['payment_intent.created'] });
    const other = await stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/other', enabled_events: ['charge.succeeded'] });
    const pi = await newPaymentIntent();
    const event = await eventually(() => latestEvent('payment_intent.created', pi.id));
    const attempts = await eventually(async () => {
      const list = await deliveryAttempts(event.id);
      return list.some((a) => a.target === wanted.id) && list.some((a) => a.target === 'own') && list;
    });
    expect(attempts.some((a) => a.target === other.id)).toBe(false);
    const toWanted = attempts.find((a) => a.target === wanted.id)!;
    expect(toWanted.url).toBe('http://127.0.0.1:9/wanted');
    const verified = await stripe.webhooks.constructEventAsync(toWanted.payload, toWanted.signature, wanted.secret!, undefined, cryptoProvider);
    expect(verified.id).toBe(event.id);
    await stripe.webhookEndpoints.del(wanted.id);
    await stripe.webhookEndpoints.del(other.id);
  });
});

describe('simulator: Terminal configurations', () => {
  it('creates, updates, lists and deletes configurations with tipping per currency; the account default exists and stays', async () => {
    const created = await stripe.terminal.configurations.create({
      name: 'Tips',
      tipping: { usd: { percentages: [15, 18, 20], smart_tip_threshold: 1000 } },
    });
    expect(created).toMatchObject({ object: 'terminal.configuration', is_account_default: false, tipping: { usd: { percentages: [15, 18, 20], smart_tip_threshold: 1000 } } });
    const updated = await stripe.terminal.configurations.update(created.id, { tipping: { usd: { fixed_amounts: [100, 200] } } });
    expect(updated).toMatchObject({ tipping: { usd: { fixed_amounts: [100, 200] } } });
    const defaults = await stripe.terminal.configurations.list({ is_account_default: true });
    expect(defaults.data).toHaveLength(1);
    expect(defaults.data[0]).toMatchObject({ is_account_default: true });
    expect(await stripe.terminal.configurations.del(created.id)).toMatchObject({ id: created.id, deleted: true });
    expect(await stripeError(stripe.terminal.configurations.del(defaults.data[0]!.id))).toMatchObject({ statusCode: 400 });
    expect(await stripeError(stripe.terminal.locations.create({
      display_name: 'x',
      address: { line1: '1 Main St', city: 'San Francisco', state: 'CA', country: 'US', postal_code: '94111' },
      configuration_overrides: 'tmc_missing',
    }))).toMatchObject({ param: 'configuration_overrides' });
  });

  // Configurations.d.ts: `retrieve(...): Promise<Response<Configuration | DeletedConfiguration>>`, as for readers and
  // Locations: a deleted configuration is retrieved as what is left of it, and nothing else finds it.
  it('a deleted configuration is retrieved as Stripe\'s DeletedConfiguration, and gone from lists, updates and deletes', async () => {
    const created = await stripe.terminal.configurations.create({ name: 'Gone' });
    const deleted = { id: created.id, object: 'terminal.configuration', deleted: true };
    expect(await stripe.terminal.configurations.del(created.id)).toEqual(deleted);
    expect(await stripe.terminal.configurations.retrieve(created.id)).toEqual(deleted);
    expect((await stripe.terminal.configurations.list({ limit: 100 })).data.map((c) => c.id)).not.toContain(created.id);
    expect(await stripeError(stripe.terminal.configurations.update(created.id, { name: 'Back' }))).toMatchObject({ statusCode: 404, code: 'resource_missing' });
    expect(await stripeError(stripe.terminal.configurations.del(created.id))).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });
});

describe('simulator: Terminal configurations\' tipping as the SDK types it', () => {
  // ConfigurationCreateParams.Tipping: a hash per currency it names (aed … usd), each of fixed_amounts, percentages and
  // smart_tip_threshold; anything else is an unknown parameter, named in full, and nothing is created.
  it('an unknown currency or field in tipping is parameter_unknown naming its full path; a malformed list is named in full', async () => {
    const count = async () => (await stripe.terminal.configurations.list({ limit: 100 })).data.length;
    const before = await count();
    for (const [form, param, code] of [
      ['tipping[usd][colour]=red', 'tipping[usd][colour]', 'parameter_unknown'],
      ['tipping[xyz][percentages][]=5', 'tipping[xyz]', 'parameter_unknown'],
      ['tipping[usd][percentages]=5', 'tipping[usd][percentages]', undefined],
      ['tipping[usd][percentages][]=ten', 'tipping[usd][percentages][0]', 'parameter_invalid_integer'],
      ['tipping[usd]=10', 'tipping[usd]', undefined],
    ]) {
      const res = await rawStripe('POST', '/v1/terminal/configurations', form);
      expect({ form, status: res.status, param: res.body.error?.param, code: res.body.error?.code }).toEqual({ form, status: 400, param, code });
    }
    expect(await count()).toBe(before);
    const eur = await stripe.terminal.configurations.create({ tipping: { eur: { percentages: [5, 10] } } });
    expect(eur.tipping).toEqual({ eur: { percentages: [5, 10] } });
  });
});

describe('simulator: Terminal configurations\' reader settings as the SDK types them', () => {
  // ConfigurationCreateParams: every reader setting is a hash of typed fields (`offline[enabled]` a boolean,
  // `reboot_window`'s hours integers, `wifi[type]` one of three, each device's `splashscreen`), shown back so typed.
  it('a reader setting is read field by field: booleans and integers come back typed; an unknown, missing or malformed field is refused naming it', async () => {
    const created = await stripe.terminal.configurations.create({
      offline: { enabled: true },
      reboot_window: { start_hour: 1, end_hour: 3 },
      verifone_p630: { splashscreen: 'file_123' },
      wifi: { type: 'personal_psk', personal_psk: { ssid: 'Cafe', password: 'secret123' } },
    });
    expect(created).toMatchObject({
      offline: { enabled: true },
      reboot_window: { start_hour: 1, end_hour: 3 },
      verifone_p630: { splashscreen: 'file_123' },
      wifi: { type: 'personal_psk', personal_psk: { ssid: 'Cafe' } },
    });
    const count = async () => (await stripe.terminal.configurations.list({ limit: 100 })).data.length;
    const before = await count();
    for (const [form, param, code] of [
      ['offline=abc', 'offline', undefined],
      ['offline[enabled]=maybe', 'offline[enabled]', undefined],
      ['offline[colour]=red&offline[enabled]=true', 'offline[colour]', 'parameter_unknown'],
      ['reboot_window[start_hour]=1', 'reboot_window[end_hour]', 'parameter_missing'],
      ['reboot_window[start_hour]=one&reboot_window[end_hour]=3', 'reboot_window[start_hour]', 'parameter_invalid_integer'],
      ['wifi[type]=open', 'wifi[type]', undefined],
      ['wifi[type]=personal_psk&wifi[personal_psk][ssid]=Cafe', 'wifi[personal_psk][password]', 'parameter_missing'],
    ]) {
      const res = await rawStripe('POST', '/v1/terminal/configurations', form);
      expect({ form, status: res.status, param: res.body.error?.param, code: res.body.error?.code }).toEqual({ form, status: 400, param, code });
    }
    expect(await count()).toBe(before);
    const cleared = await stripe.terminal.configurations.update(created.id, { offline: '' });
    expect(cleared).not.toHaveProperty('offline');
    expect(cleared).toMatchObject({ reboot_window: { start_hour: 1, end_hour: 3 } });
  });
});

describe('simulator: boolean parameters of endpoints and configurations', () => {
  // WebhookEndpointCreateParams.connect and ConfigurationListParams.is_account_default are booleans: a value other than
  // true or false is refused naming it (as `final_capture=maybe` is), not read as a string that matches nothing.
  it('a boolean other than true or false is refused naming it; a Connect endpoint is refused as not simulated', async () => {
    for (const [method, path, form, param] of [
      ['GET', '/v1/terminal/configurations', 'is_account_default=maybe', 'is_account_default'],
      ['POST', '/v1/webhook_endpoints', 'url=https://example.com/hooks&enabled_events[]=*&connect=maybe', 'connect'],
      ['POST', '/v1/webhook_endpoints', 'url=https://example.com/hooks&enabled_events[]=*&connect=true', 'connect'],
    ]) {
      const res = await rawStripe(method!, path!, form);
      expect({ form, status: res.status, type: res.body.error?.type, param: res.body.error?.param }).toEqual({
        form,
        status: 400,
        type: 'invalid_request_error',
        param,
      });
    }
    const own = await stripe.webhookEndpoints.create({ url: 'https://example.com/hooks', enabled_events: ['*'], connect: false });
    expect(own).toMatchObject({ object: 'webhook_endpoint', status: 'enabled' });
    await stripe.webhookEndpoints.del(own.id);
    const others = await stripe.terminal.configurations.list({ is_account_default: false, limit: 100 });
    expect(others.data.filter((configuration) => configuration.is_account_default)).toEqual([]);
  });
});
