import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { control, eventually, latestEvent, newPaymentIntent, newReader, stripe, stripeError } from './simulator-client.ts';

const address = { line1: '1 Main St', city: 'Toronto', state: 'ON', country: 'CA', postal_code: 'M5V 2T6' };

describe('simulator: Terminal connection tokens and locations', () => {
  it('issues single-purpose connection tokens, optionally scoped to a location', async () => {
    const token = await stripe.terminal.connectionTokens.create();
    expect(token).toEqual({ object: 'terminal.connection_token', secret: expect.stringMatching(/^pst_test_/) });
    const location = await stripe.terminal.locations.create({ display_name: 'Scoped', address });
    expect(await stripe.terminal.connectionTokens.create({ location: location.id })).toMatchObject({ location: location.id });
    expect((await stripe.terminal.connectionTokens.create()).secret).not.toBe(token.secret);
    expect(await stripeError(stripe.terminal.connectionTokens.create({ location: 'tml_missing' }))).toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    });
  });

  it('creates, retrieves, updates, lists and deletes a location with its address', async () => {
    const location = await stripe.terminal.locations.create({ display_name: 'Front', address, metadata: { store: '7' } });
    expect(location).toMatchObject({ object: 'terminal.location', display_name: 'Front', address: { ...address, line2: null } });
    expect(location.id).toMatch(/^tml_/);
    expect(await stripe.terminal.locations.retrieve(location.id)).toEqual(location);
    const updated = await stripe.terminal.locations.update(location.id, { display_name: 'Back', address: { ...address, line1: '2 Main St' } });
    expect(updated).toMatchObject({ display_name: 'Back', address: { line1: '2 Main St' }, metadata: { store: '7' } });
    expect((await stripe.terminal.locations.list({ limit: 100 })).data.map((l) => l.id)).toContain(location.id);
    const deleted = { id: location.id, object: 'terminal.location', deleted: true };
    expect(await stripe.terminal.locations.del(location.id)).toEqual(deleted);
    // As Stripe's DeletedLocation from then on; gone from lists, and nothing else can use it.
    expect(await stripe.terminal.locations.retrieve(location.id)).toEqual(deleted);
    expect((await stripe.terminal.locations.list({ limit: 100 })).data.map((l) => l.id)).not.toContain(location.id);
    expect(await stripeError(stripe.terminal.locations.update(location.id, { display_name: 'Gone' }))).toMatchObject({ statusCode: 404, code: 'resource_missing' });
    expect(await stripeError(stripe.terminal.locations.del(location.id))).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  it('keeps a location’s country: an address update may leave it out, and cannot move the location to another country', async () => {
    // Locations.d.ts (LocationUpdateParams.address): "You can't change the location's `country`. If you need to modify
    // the `country` field, create a new `Location` object and re-register any existing readers to that location."
    const location = await stripe.terminal.locations.create({ display_name: 'Moving', address });
    const { country: _country, ...withoutCountry } = address;
    const moved = (await stripe.terminal.locations.update(location.id, {
      address: { ...withoutCountry, line1: '9 King St' },
    })) as Stripe.Terminal.Location;
    expect(moved.address).toMatchObject({ line1: '9 King St', country: 'CA' });
    expect(await stripeError(stripe.terminal.locations.update(location.id, { address: { ...address, country: 'US', state: 'CA' } }))).toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      param: 'address[country]',
    });
    expect(((await stripe.terminal.locations.retrieve(location.id)) as Stripe.Terminal.Location).address).toMatchObject({
      line1: '9 King St',
      country: 'CA',
    });
  });

  it('keeps a location’s phone number once given, and unsets it with an empty one', async () => {
    const location = await stripe.terminal.locations.create({ display_name: 'Phone', address, phone: '+1 416 555 0100' });
    expect(location.phone).toBe('+1 416 555 0100');
    const changed = (await stripe.terminal.locations.update(location.id, { phone: '+1 416 555 0199' })) as Stripe.Terminal.Location;
    expect(changed.phone).toBe('+1 416 555 0199');
    const unset = await stripe.terminal.locations.update(location.id, { phone: '' });
    expect(unset).not.toHaveProperty('phone');
    expect(await stripe.terminal.locations.create({ display_name: 'No phone', address })).not.toHaveProperty('phone');
  });

  // Locations.d.ts (LocationCreateParams, LocationUpdateParams): address_kana, address_kanji, display_name_kana and
  // display_name_kanji, Japan's variations of the address and name, are Stripe's own parameters.
  it('refuses the Kana and Kanji variations of a location as not simulated, not as unknown, creating or changing nothing', async () => {
    const kana = await stripeError(
      stripe.terminal.locations.create({ display_name: 'Tokyo', display_name_kana: 'トウキョウ', address }),
    );
    expect(kana).toMatchObject({ statusCode: 400, param: 'display_name_kana', code: undefined });
    expect(kana.message).toMatch(/^display_name_kana is not simulated: /);
    const location = await stripe.terminal.locations.create({ display_name: 'Store', address });
    const kanji = await stripeError(stripe.terminal.locations.update(location.id, { display_name: 'Moved', address_kanji: { city: '東京' } }));
    expect(kanji).toMatchObject({ statusCode: 400, param: 'address_kanji', code: undefined });
    expect(await stripe.terminal.locations.retrieve(location.id)).toMatchObject({ display_name: 'Store' });
  });

  it('requires a display_name and an address with a country', async () => {
    expect(await stripeError(stripe.terminal.locations.create({ address } as never))).toMatchObject({
      statusCode: 400,
      code: 'parameter_missing',
      param: 'display_name',
    });
    expect(
      await stripeError(stripe.terminal.locations.create({ display_name: 'x', address: { line1: 'a' } as never })),
    ).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'address[country]' });
  });
});

describe('simulator: Terminal readers', () => {
  it('registers simulated readers by registration code', async () => {
    const wpe = await newReader('simulated-wpe');
    expect(wpe).toMatchObject({ object: 'terminal.reader', device_type: 'simulated_wisepos_e', status: 'online', action: null });
    expect(wpe.id).toMatch(/^tmr_/);
    expect((await newReader('simulated-s700')).device_type).toBe('simulated_stripe_s700');
    // Readers.d.ts (ReaderCreateParams.label): "If no label is specified, the registration code will be used."
    expect(wpe.label).toBe('simulated-wpe');
    expect(await stripeError(stripe.terminal.readers.create({ registration_code: 'purple-cow' }))).toMatchObject({
      statusCode: 400,
      param: 'registration_code',
    });
  });

  it('retrieves, lists by location, status and device_type, and deletes readers', async () => {
    const wpe = await newReader('simulated-wpe');
    const s700 = await stripe.terminal.readers.create({ registration_code: 'simulated-s700', location: String(wpe.location) });
    expect(await stripe.terminal.readers.retrieve(wpe.id)).toEqual({ ...wpe, last_seen_at: expect.any(Number) });
    const atLocation = await stripe.terminal.readers.list({ location: String(wpe.location) });
    expect(atLocation.data.map((r) => r.id).sort()).toEqual([wpe.id, s700.id].sort());
    const s700s = await stripe.terminal.readers.list({ location: String(wpe.location), device_type: 'simulated_stripe_s700' });
    expect(s700s.data.map((r) => r.id)).toEqual([s700.id]);
    await control(`readers/${s700.id}/offline`, { body: {} });
    const offline = await stripe.terminal.readers.list({ location: String(wpe.location), status: 'offline' });
    expect(offline.data.map((r) => r.id)).toEqual([s700.id]);
    const deleted = { id: wpe.id, object: 'terminal.reader', deleted: true, device_type: wpe.device_type, serial_number: wpe.serial_number };
    expect(await stripe.terminal.readers.del(wpe.id)).toEqual(deleted);
    // As Stripe's DeletedReader from then on; gone from lists, and no action reaches it.
    expect(await stripe.terminal.readers.retrieve(wpe.id)).toEqual(deleted);
    expect((await stripe.terminal.readers.list({ location: String(wpe.location) })).data.map((r) => r.id)).toEqual([s700.id]);
    const pi = await newPaymentIntent();
    expect(await stripeError(stripe.terminal.readers.processPaymentIntent(wpe.id, { payment_intent: pi.id }))).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  // Stripe checks the filter against its device types and names the parameter (its message, quoted in
  // stripe/stripe-terminal-android#687: "Invalid device_type: must be one of bbpos_wisepad3, stripe_m2, ..."), rather
  // than listing no readers for a misspelt type.
  it('listing readers by a device_type Stripe does not have is a 400 naming device_type, not an empty list', async () => {
    const reader = await newReader();
    const err = await stripeError(stripe.terminal.readers.list({ device_type: 'simulated_wisepose' }));
    expect(err).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', param: 'device_type' });
    expect(err.message).toMatch(/^Invalid device_type: must be one of .*\bsimulated_wisepos_e\b/);
    const known = await stripe.terminal.readers.list({ device_type: 'stripe_s700', location: String(reader.location) });
    expect(known.data).toEqual([]);
  });

  it('process_payment_intent is in progress until the card is presented; the reader reports the outcome', async () => {
    const reader = await newReader();
    const pi = await newPaymentIntent();
    const busy = await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    expect(busy.action).toMatchObject({
      type: 'process_payment_intent',
      status: 'in_progress',
      process_payment_intent: { payment_intent: pi.id },
    });
    expect(((await stripe.terminal.readers.retrieve(reader.id)) as Stripe.Terminal.Reader).action?.status).toBe('in_progress');
    const done = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
    expect(done.action).toMatchObject({ status: 'succeeded', failure_code: null, api_error: null });
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
    const event = await eventually(() => latestEvent('terminal.reader.action_succeeded', reader.id));
    expect(event.data.object).toMatchObject({ action: { status: 'succeeded' } });
  });

  it('a busy reader refuses another action (terminal_reader_busy); an offline one refuses all (terminal_reader_offline)', async () => {
    const reader = await newReader();
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: (await newPaymentIntent()).id });
    expect(
      await stripeError(stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: (await newPaymentIntent()).id })),
    ).toMatchObject({ statusCode: 400, code: 'terminal_reader_busy' });
    const other = await newReader();
    await control(`readers/${other.id}/offline`, { body: {} });
    expect(
      await stripeError(stripe.terminal.readers.processPaymentIntent(other.id, { payment_intent: (await newPaymentIntent()).id })),
    ).toMatchObject({ statusCode: 400, code: 'terminal_reader_offline' });
  });

  it('collect_payment_method then confirm_payment_intent takes the payment in two steps', async () => {
    const reader = await newReader();
    const pi = await newPaymentIntent();
    const collecting = await stripe.terminal.readers.collectPaymentMethod(reader.id, { payment_intent: pi.id });
    expect(collecting.action).toMatchObject({ type: 'collect_payment_method', status: 'in_progress' });
    const collected = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, {
      card_present: { number: '5555555555554444' },
    });
    expect(collected.action).toMatchObject({
      type: 'collect_payment_method',
      status: 'succeeded',
      collect_payment_method: { payment_intent: pi.id, payment_method: { type: 'card_present', card_present: { last4: '4444' } } },
    });
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('requires_confirmation');
    const confirmed = await stripe.terminal.readers.confirmPaymentIntent(reader.id, { payment_intent: pi.id });
    expect(confirmed.action).toMatchObject({ type: 'confirm_payment_intent', status: 'succeeded' });
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
  });

  it('a card declined at confirm_payment_intent fails that action with the decline, and the PaymentIntent can collect another card', async () => {
    const reader = await newReader();
    const pi = await newPaymentIntent();
    await stripe.terminal.readers.collectPaymentMethod(reader.id, { payment_intent: pi.id });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { card_present: { number: '4000000000009995' } });
    const declined = await stripe.terminal.readers.confirmPaymentIntent(reader.id, { payment_intent: pi.id });
    expect(declined.action).toMatchObject({
      type: 'confirm_payment_intent',
      status: 'failed',
      failure_code: 'card_declined',
      api_error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' },
    });
    expect(await stripe.paymentIntents.retrieve(pi.id)).toMatchObject({
      status: 'requires_payment_method',
      last_payment_error: { code: 'card_declined', decline_code: 'insufficient_funds' },
    });
    await stripe.terminal.readers.collectPaymentMethod(reader.id, { payment_intent: pi.id });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { card_present: { number: '4242424242424242' } });
    const confirmed = await stripe.terminal.readers.confirmPaymentIntent(reader.id, { payment_intent: pi.id });
    expect(confirmed.action).toMatchObject({ type: 'confirm_payment_intent', status: 'succeeded' });
    expect(await stripe.paymentIntents.retrieve(pi.id)).toMatchObject({ status: 'succeeded', last_payment_error: null });
  });

  it('cancel_action resets a reader mid-action, leaving the PaymentIntent collectable', async () => {
    const reader = await newReader();
    const pi = await newPaymentIntent();
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    const canceled = (await stripe.terminal.readers.cancelAction(reader.id)) as Stripe.Terminal.Reader;
    expect(canceled.action).toBeNull();
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('requires_payment_method');
    expect(await stripeError(stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id))).toMatchObject({ statusCode: 400 });
    const again = await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    expect(again.action?.status).toBe('in_progress');
  });

  it('set_reader_display answers with the action in progress, and the reader shows the cart by the next look', async () => {
    const reader = await newReader();
    const shown = await stripe.terminal.readers.setReaderDisplay(reader.id, {
      type: 'cart',
      cart: { currency: 'usd', line_items: [{ description: 'Latte', amount: 550, quantity: 2 }], tax: 90, total: 1190 },
    });
    expect(shown.action).toMatchObject({ type: 'set_reader_display', status: 'in_progress' });
    expect(((await stripe.terminal.readers.retrieve(reader.id)) as Stripe.Terminal.Reader).action).toMatchObject({
      type: 'set_reader_display',
      status: 'succeeded',
      set_reader_display: { type: 'cart', cart: { currency: 'usd', total: 1190, tax: 90, line_items: [{ description: 'Latte', amount: 550, quantity: 2 }] } },
    });
  });

  // A nested parameter is named in full, as the simulator's own payment_method_options[card_present][...] refusals are.
  it('an unknown field inside a hash (an address, a cart, a cart line) is parameter_unknown naming its full path', async () => {
    const unknown = async (call: Promise<unknown>) => {
      const err = await stripeError(call);
      expect(err).toMatchObject({ statusCode: 400, code: 'parameter_unknown' });
      return err.param;
    };
    expect(await unknown(stripe.terminal.locations.create({ display_name: 'x', address: { ...address, floor: '2' } as never }))).toBe('address[floor]');
    const reader = await newReader();
    const line = { description: 'Latte', amount: 550, quantity: 1 };
    expect(
      await unknown(stripe.terminal.readers.setReaderDisplay(reader.id, { type: 'cart', cart: { currency: 'usd', line_items: [line], total: 550, discount: 0 } as never })),
    ).toBe('cart[discount]');
    expect(
      await unknown(stripe.terminal.readers.setReaderDisplay(reader.id, { type: 'cart', cart: { currency: 'usd', line_items: [{ ...line, sku: 'L1' } as never], total: 550 } })),
    ).toBe('cart[line_items][0][sku]');
  });

  it('unknown readers are 404 resource_missing for every action', async () => {
    const pi = await newPaymentIntent();
    for (const call of [
      () => stripe.terminal.readers.retrieve('tmr_missing'),
      () => stripe.terminal.readers.processPaymentIntent('tmr_missing', { payment_intent: pi.id }),
      () => stripe.terminal.readers.cancelAction('tmr_missing'),
      () => stripe.testHelpers.terminal.readers.presentPaymentMethod('tmr_missing'),
    ]) {
      expect(await stripeError(call())).toMatchObject({ statusCode: 404, code: 'resource_missing' });
    }
  });
});
