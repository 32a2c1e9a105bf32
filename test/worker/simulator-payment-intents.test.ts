import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import {
  control,
  eventually,
  expectSdkShape,
  latestEvent,
  newPaymentIntent,
  newReader,
  payOnReader,
  rawStripe,
  stripe,
  stripeError,
} from './simulator-client.ts';

describe('simulator: PaymentIntents', () => {
  it('creates a card_present PaymentIntent waiting for a payment method, and retrieves it', async () => {
    const pi = await newPaymentIntent({ amount: 1234, currency: 'USD', capture_method: 'automatic', metadata: { order: 'A1' } });
    expect(pi).toMatchObject({
      object: 'payment_intent',
      amount: 1234,
      currency: 'usd',
      status: 'requires_payment_method',
      capture_method: 'automatic',
      payment_method_types: ['card_present'],
      latest_charge: null,
      metadata: { order: 'A1' },
      livemode: false,
    });
    expect(pi.id).toMatch(/^pi_/);
    expect(pi.client_secret).toMatch(new RegExp(`^${pi.id}_secret_`));
    expect(await stripe.paymentIntents.retrieve(pi.id)).toEqual(pi);
  });

  it('expands latest_charge into the Charge, which charges.retrieve also returns', async () => {
    const { paymentIntent, charge } = await payOnReader((await newPaymentIntent()).id, '4242424242424242');
    expect(charge).toMatchObject({ object: 'charge', paid: true, captured: true, status: 'succeeded', payment_intent: paymentIntent.id });
    expect(await stripe.charges.retrieve(charge!.id)).toEqual(charge);
    expect((await stripe.paymentIntents.retrieve(paymentIntent.id)).latest_charge).toBe(charge!.id);
  });

  it('updates the amount and merges metadata while unpaid (an empty value removes a key)', async () => {
    const pi = await newPaymentIntent({ metadata: { a: '1', b: '2' } });
    const updated = await stripe.paymentIntents.update(pi.id, { amount: 2500, metadata: { b: '', c: '3' } });
    expect(updated).toMatchObject({ amount: 2500, metadata: { a: '1', c: '3' } });
    expect(updated.metadata).not.toHaveProperty('b');
  });

  it('refuses to change the amount of a paid PaymentIntent (payment_intent_unexpected_state), but accepts metadata', async () => {
    const { paymentIntent } = await payOnReader((await newPaymentIntent()).id, '4242424242424242');
    const err = await stripeError(stripe.paymentIntents.update(paymentIntent.id, { amount: 5000 }));
    expect(err).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', code: 'payment_intent_unexpected_state' });
    expect((await stripe.paymentIntents.update(paymentIntent.id, { metadata: { note: 'x' } })).metadata).toEqual({ note: 'x' });
  });

  it('cancels with a cancellation_reason; a canceled PaymentIntent cannot be canceled or collected again', async () => {
    const pi = await newPaymentIntent();
    const canceled = await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'abandoned' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    expect(canceled.canceled_at).toEqual(expect.any(Number));
    expect(await stripeError(stripe.paymentIntents.cancel(pi.id))).toMatchObject({
      statusCode: 400,
      code: 'payment_intent_unexpected_state',
    });
    const reader = await newReader();
    expect(await stripeError(stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id }))).toMatchObject({
      statusCode: 400,
      code: 'intent_invalid_state',
    });
  });

  // docs.stripe.com/api/payment_intents/cancel: "After it's canceled, ... any operations on the PaymentIntent fail with
  // an error"; payment_intent_unexpected_state is the code of the simulator's other illegal state changes.
  it('an update of a canceled PaymentIntent is refused with payment_intent_unexpected_state, saving nothing', async () => {
    const pi = await newPaymentIntent();
    await stripe.paymentIntents.cancel(pi.id);
    const err = await stripeError(stripe.paymentIntents.update(pi.id, { metadata: { order: 'late' }, description: 'after cancel' }));
    expect(err).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', code: 'payment_intent_unexpected_state' });
    expect(await stripe.paymentIntents.retrieve(pi.id)).toMatchObject({ metadata: {}, description: null });
  });

  it('rejects an unknown cancellation_reason naming the param', async () => {
    const pi = await newPaymentIntent();
    const err = await stripeError(stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'bored' as 'abandoned' }));
    expect(err).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', param: 'cancellation_reason' });
    // Stripe's error-code list has no code for an invalid enum value: the error names the param alone.
    expect(err.code).toBeUndefined();
  });

  it('manual capture: authorized as requires_capture, captured in full', async () => {
    const { paymentIntent, charge } = await payOnReader((await newPaymentIntent({ capture_method: 'manual' })).id, '4242424242424242');
    expect(paymentIntent).toMatchObject({ status: 'requires_capture', amount_capturable: 1000, amount_received: 0 });
    expect(charge).toMatchObject({ paid: true, captured: false, amount_captured: 0 });
    const captured = await stripe.paymentIntents.capture(paymentIntent.id);
    expect(captured).toMatchObject({ status: 'succeeded', amount_capturable: 0, amount_received: 1000 });
    expect(await stripe.charges.retrieve(charge!.id)).toMatchObject({ captured: true, amount_captured: 1000, amount_refunded: 0 });
  });

  it('manual capture: a partial capture takes part of the authorization and releases the rest', async () => {
    const { paymentIntent, charge } = await payOnReader((await newPaymentIntent({ capture_method: 'manual' })).id, '4242424242424242');
    const captured = await stripe.paymentIntents.capture(paymentIntent.id, { amount_to_capture: 600 });
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 600, amount_capturable: 0 });
    expect(await stripe.charges.retrieve(charge!.id)).toMatchObject({ captured: true, amount_captured: 600, amount_refunded: 400, refunded: false });
  });

  it('refuses to capture more than was authorized, or a PaymentIntent that is not requires_capture', async () => {
    const { paymentIntent } = await payOnReader((await newPaymentIntent({ capture_method: 'manual' })).id, '4242424242424242');
    expect(await stripeError(stripe.paymentIntents.capture(paymentIntent.id, { amount_to_capture: 1001 }))).toMatchObject({
      statusCode: 400,
      param: 'amount_to_capture',
    });
    const unpaid = await newPaymentIntent({ capture_method: 'manual' });
    expect(await stripeError(stripe.paymentIntents.capture(unpaid.id))).toMatchObject({
      statusCode: 400,
      code: 'payment_intent_unexpected_state',
    });
  });

  it('canceling an authorized PaymentIntent releases its charge', async () => {
    const { paymentIntent, charge } = await payOnReader((await newPaymentIntent({ capture_method: 'manual' })).id, '4242424242424242');
    expect(await stripe.paymentIntents.cancel(paymentIntent.id)).toMatchObject({ status: 'canceled', amount_capturable: 0 });
    expect(await stripe.charges.retrieve(charge!.id)).toMatchObject({ captured: false, amount_refunded: 1000, refunded: true });
  });

  // docs.stripe.com/payments/place-a-hold-on-a-payment-method: "If the authorization expires before you capture the funds,
  // the funds are released and the payment status changes to canceled"; Charges.d.ts (CardPresent.capture_before): "a future
  // timestamp after which the charge will be automatically refunded if uncaptured"; Events.d.ts (charge.expired): "Occurs
  // whenever an uncaptured charge expires."
  it('an authorization not captured by capture_before expires: the PaymentIntent is canceled and can no longer be captured', async () => {
    const { paymentIntent, charge } = await payOnReader((await newPaymentIntent({ capture_method: 'manual' })).id, '4242424242424242');
    const captureBefore = charge!.payment_method_details!.card_present!.capture_before!;
    await control('clock/advance', { body: { seconds: captureBefore - charge!.created - 60 } });
    expect((await stripe.paymentIntents.retrieve(paymentIntent.id)).status).toBe('requires_capture');
    await control('clock/advance', { body: { seconds: 61 } });
    const expired = await eventually(async () => {
      const current = await stripe.paymentIntents.retrieve(paymentIntent.id);
      return current.status === 'canceled' && current;
    });
    expect(expired).toMatchObject({ amount_capturable: 0, amount_received: 0, canceled_at: expect.any(Number) });
    expect(await stripeError(stripe.paymentIntents.capture(paymentIntent.id))).toMatchObject({
      statusCode: 400,
      code: 'payment_intent_unexpected_state',
    });
    expect(await stripe.charges.retrieve(charge!.id)).toMatchObject({ captured: false, amount_refunded: 1000, refunded: true });
    expect(await eventually(() => latestEvent('charge.expired', charge!.id))).toBeTruthy();
    expect(await eventually(() => latestEvent('payment_intent.canceled', paymentIntent.id))).toBeTruthy();
  });

  it('a captured authorization does not expire later', async () => {
    const { paymentIntent, charge } = await payOnReader((await newPaymentIntent({ capture_method: 'manual' })).id, '4242424242424242');
    await stripe.paymentIntents.capture(paymentIntent.id);
    await control('clock/advance', { body: { seconds: 6 * 24 * 3600 } });
    // Another hold, made after the clock moved, expires on its own time: once it has, the first one's turn has passed too.
    const later = await payOnReader((await newPaymentIntent({ capture_method: 'manual' })).id, '4242424242424242');
    await control('clock/advance', { body: { seconds: 6 * 24 * 3600 } });
    await eventually(async () => (await stripe.paymentIntents.retrieve(later.paymentIntent.id)).status === 'canceled');
    expect((await stripe.paymentIntents.retrieve(paymentIntent.id)).status).toBe('succeeded');
    expect(await stripe.charges.retrieve(charge!.id)).toMatchObject({ captured: true, amount_captured: 1000, refunded: false });
  });

  it('confirming a collected card declines with HTTP 402 card_error and the PaymentIntent in the error', async () => {
    const pi = await newPaymentIntent();
    const reader = await newReader();
    await stripe.terminal.readers.collectPaymentMethod(reader.id, { payment_intent: pi.id });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { card_present: { number: '4000000000009995' } });
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('requires_confirmation');
    const err = await stripeError(stripe.paymentIntents.confirm(pi.id));
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err).toMatchObject({ statusCode: 402, type: 'StripeCardError', code: 'card_declined', decline_code: 'insufficient_funds' });
    expect(err.payment_intent).toMatchObject({ id: pi.id, status: 'requires_payment_method' });
    expect(err.raw).toMatchObject({ charge: expect.stringMatching(/^ch_/), doc_url: expect.any(String) });
  });

  // PaymentIntents.d.ts (LastPaymentError.payment_method?: PaymentMethod): the whole object, not a stub.
  it('a declined PaymentIntent keeps the whole PaymentMethod in last_payment_error', async () => {
    const { paymentIntent } = await payOnReader((await newPaymentIntent()).id, '4000000000000002');
    expectSdkShape(paymentIntent.last_payment_error!.payment_method!, 'PaymentMethod');
  });

  it('lists newest first with cursor pagination and filters by created', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await newPaymentIntent({ metadata: { i: String(i) } })).id);
    const newestFirst = [...ids].reverse();
    const first = await stripe.paymentIntents.list({ limit: 2 });
    expect(first).toMatchObject({ object: 'list', has_more: true, url: '/v1/payment_intents' });
    expect(first.data.map((p) => p.id)).toEqual(newestFirst.slice(0, 2));
    const second = await stripe.paymentIntents.list({ limit: 2, starting_after: first.data[1]!.id });
    expect(second.data.map((p) => p.id)).toEqual(newestFirst.slice(2, 4));
    const back = await stripe.paymentIntents.list({ limit: 2, ending_before: second.data[0]!.id });
    expect(back.data.map((p) => p.id)).toEqual(newestFirst.slice(0, 2));

    const created = (await stripe.paymentIntents.retrieve(ids[0]!)).created;
    const inRange = await stripe.paymentIntents.list({ created: { gte: created }, limit: 100 });
    expect(inRange.data.map((p) => p.id)).toEqual(expect.arrayContaining(ids));
    expect((await stripe.paymentIntents.list({ created: { gt: created + 3600 } })).data).toEqual([]);

    const all: string[] = [];
    for await (const pi of stripe.paymentIntents.list({ limit: 2, created: { gte: created } })) all.push(pi.id);
    expect(all.filter((id) => ids.includes(id))).toEqual(newestFirst);
  });

  // PaymentIntents.d.ts: `created?: Stripe.RangeQueryParam | number`, a range of gt, gte, lt, lte. A nested parameter is
  // named as sent (`created[gte]`), as the simulator names every other nested one.
  it('a created range with a malformed bound or a field outside gt/gte/lt/lte is a 400 naming created[field]', async () => {
    expect(await rawStripe('GET', '/v1/payment_intents', 'created[gte]=yesterday')).toMatchObject({
      status: 400,
      body: { error: { type: 'invalid_request_error', code: 'parameter_invalid_integer', param: 'created[gte]' } },
    });
    expect(await rawStripe('GET', '/v1/payment_intents', 'created[after]=1')).toMatchObject({
      status: 400,
      body: { error: { code: 'parameter_unknown', param: 'created[after]' } },
    });
  });

  // PaymentIntents.d.ts (PaymentIntentCreateParams): customer and transfer_group, which the Charge carries as well.
  it('keeps a customer and transfer group given on create, and lists PaymentIntents and charges by them', async () => {
    const pi = await newPaymentIntent({ capture_method: 'automatic', customer: 'cus_review', transfer_group: 'ORDER_42' });
    expect(pi).toMatchObject({ customer: 'cus_review', transfer_group: 'ORDER_42' });
    const { charge } = await payOnReader(pi.id, '4242424242424242');
    expect(charge).toMatchObject({ customer: 'cus_review', transfer_group: 'ORDER_42' });
    expect((await stripe.charges.list({ payment_intent: pi.id, transfer_group: 'ORDER_42' })).data).toHaveLength(1);
    expect((await stripe.charges.list({ payment_intent: pi.id, transfer_group: 'order-1' })).data).toEqual([]);
    expect((await stripe.charges.list({ payment_intent: pi.id, customer: 'cus_someone' })).data).toEqual([]);
    expect((await stripe.paymentIntents.list({ customer: 'cus_review', limit: 100 })).data.map((p) => p.id)).toContain(pi.id);
    expect((await stripe.paymentIntents.list({ customer: 'cus_someone' })).data).toEqual([]);
  });

  // Parameters Stripe takes that the simulator cannot honour are refused as such, not as unknown ones.
  it('refuses a create parameter it does not simulate (Connect, saving the card) by name, creating nothing', async () => {
    const before = (await stripe.paymentIntents.list({ limit: 1 })).data[0]?.id;
    const fee = await stripeError(newPaymentIntent({ application_fee_amount: 100 }));
    expect(fee).toMatchObject({ statusCode: 400, param: 'application_fee_amount', code: undefined });
    expect(fee.message).toMatch(/^application_fee_amount is not simulated: /);
    expect(await stripeError(newPaymentIntent({ setup_future_usage: 'off_session' }))).toMatchObject({ param: 'setup_future_usage' });
    expect((await stripe.paymentIntents.list({ limit: 1 })).data[0]?.id).toBe(before);
  });

  // PaymentIntents.d.ts (PaymentIntentUpdateParams): `customer`, "ID of the Customer this PaymentIntent belongs to".
  it('update takes a customer, as create does, and the charge and the list by customer follow it', async () => {
    const pi = await newPaymentIntent();
    expect(await stripe.paymentIntents.update(pi.id, { customer: 'cus_updated' })).toMatchObject({ customer: 'cus_updated' });
    const { charge } = await payOnReader(pi.id, '4242424242424242');
    expect(charge).toMatchObject({ customer: 'cus_updated' });
    expect((await stripe.paymentIntents.list({ customer: 'cus_updated', limit: 100 })).data.map((p) => p.id)).toContain(pi.id);
  });

  it('refuses an update, confirm, capture or list parameter it does not simulate by name, not as an unknown one', async () => {
    const pi = await newPaymentIntent({ capture_method: 'manual' });
    const update = await stripeError(stripe.paymentIntents.update(pi.id, { setup_future_usage: 'off_session', metadata: { changed: 'yes' } }));
    expect(update).toMatchObject({ statusCode: 400, param: 'setup_future_usage', code: undefined });
    expect(update.message).toMatch(/^setup_future_usage is not simulated: /);
    expect((await stripe.paymentIntents.retrieve(pi.id)).metadata).toEqual({});
    const confirm = await stripeError(stripe.paymentIntents.confirm(pi.id, { return_url: 'https://example.com/done' }));
    expect(confirm).toMatchObject({ statusCode: 400, param: 'return_url', code: undefined });
    expect(confirm.message).toMatch(/^return_url is not simulated: /);
    const { paymentIntent } = await payOnReader(pi.id, '4242424242424242');
    const capture = await stripeError(stripe.paymentIntents.capture(paymentIntent.id, { application_fee_amount: 100 }));
    expect(capture).toMatchObject({ statusCode: 400, param: 'application_fee_amount', code: undefined });
    expect(capture.message).toMatch(/^application_fee_amount is not simulated: /);
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('requires_capture');
    const list = await stripeError(stripe.paymentIntents.list({ customer_account: 'acct_1' }));
    expect(list).toMatchObject({ statusCode: 400, param: 'customer_account', code: undefined });
    expect(list.message).toMatch(/^customer_account is not simulated: /);
  });

  // SetupIntents.d.ts (SetupIntentListParams): `customer` "Only return SetupIntents for the customer specified by this
  // customer ID"; `payment_method` "Only return SetupIntents that associate with the specified payment method".
  it('lists SetupIntents by customer and by payment method', async () => {
    const mine = await stripe.setupIntents.create({ allowed_payment_method_types: ['card_present'], customer: 'cus_review_mine' });
    const other = await stripe.setupIntents.create({ allowed_payment_method_types: ['card_present'], customer: 'cus_review_other' });
    const none = await stripe.setupIntents.create({ allowed_payment_method_types: ['card_present'] });
    const listed = (await stripe.setupIntents.list({ customer: 'cus_review_mine', limit: 100 })).data.map((si) => si.id);
    expect(listed).toContain(mine.id);
    expect(listed).not.toContain(other.id);
    expect(listed).not.toContain(none.id);
    expect((await stripe.setupIntents.list({ payment_method: 'pm_review_unused', limit: 100 })).data).toEqual([]);
  });

  it('says Stripe’s search API is not simulated, instead of looking for a PaymentIntent or charge called "search"', async () => {
    for (const resource of ['payment_intents', 'charges']) {
      const searched = await rawStripe('GET', `/v1/${resource}/search`, `query=${encodeURIComponent("status:'succeeded'")}`);
      expect(searched.status).toBe(404);
      expect(searched.body.error.message).toBe(
        `Unrecognized request URL (GET: /v1/${resource}/search). The simulator does not offer Stripe's search API: list with filters instead.`,
      );
    }
  });

  it('rejects a list limit over 100 or under 1 alike: parameter_invalid_integer naming limit', async () => {
    expect(await stripeError(stripe.paymentIntents.list({ limit: 101 }))).toMatchObject({
      statusCode: 400,
      param: 'limit',
      code: 'parameter_invalid_integer',
      message: 'This value must be less than or equal to 100.',
    });
    expect(await stripeError(stripe.paymentIntents.list({ limit: 0 }))).toMatchObject({
      statusCode: 400,
      param: 'limit',
      code: 'parameter_invalid_integer',
      message: 'This value must be greater than or equal to 1.',
    });
  });
});
