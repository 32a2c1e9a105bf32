import { describe, expect, it } from 'vitest';
import { newPaymentIntent, newReader, payOnReader, stripe, stripeError } from './simulator-client.ts';

/**
 * Parameters Stripe documents for the PaymentIntents a Terminal integration makes and changes (the pinned SDK's
 * `PaymentIntentCreateParams`, `…UpdateParams`, `…ConfirmParams` and `…CaptureParams`): accepted, kept and shown back.
 */
describe('simulator: PaymentIntent parameters', () => {
  it('create takes the in-person options (extended and incremental authorization, manual capture, routing)', async () => {
    const pi = await newPaymentIntent({
      payment_method_options: {
        card_present: {
          request_extended_authorization: true,
          request_incremental_authorization_support: true,
          capture_method: 'manual_preferred',
          routing: { requested_priority: 'domestic' },
        },
      },
    });
    const options = {
      request_extended_authorization: true,
      request_incremental_authorization_support: true,
      capture_method: 'manual_preferred',
      routing: { requested_priority: 'domestic' },
    };
    expect(pi.payment_method_options?.card_present).toEqual(options);
    expect((await stripe.paymentIntents.retrieve(pi.id)).payment_method_options?.card_present).toEqual(options);
    // Without them, Stripe shows the defaults of a card_present payment.
    expect((await newPaymentIntent()).payment_method_options?.card_present).toEqual({
      request_extended_authorization: false,
      request_incremental_authorization_support: false,
    });
  });

  it('refuses an unknown in-person option or value, naming the parameter, and creates nothing', async () => {
    const before = (await stripe.paymentIntents.list({ limit: 100 })).data.length;
    const unknown = await stripeError(newPaymentIntent({ payment_method_options: { card_present: { tip_me: true } } as never }));
    expect(unknown).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'payment_method_options[card_present][tip_me]' });
    const badValue = await stripeError(newPaymentIntent({ payment_method_options: { card_present: { capture_method: 'later' } } as never }));
    expect(badValue).toMatchObject({ statusCode: 400, param: 'payment_method_options[card_present][capture_method]' });
    expect((await stripe.paymentIntents.list({ limit: 100 })).data.length).toBe(before);
  });

  it('update keeps statement descriptors, capture method and in-person options; an empty receipt email unsets it', async () => {
    const pi = await newPaymentIntent({ receipt_email: 'buyer@example.com' });
    const updated = await stripe.paymentIntents.update(pi.id, {
      statement_descriptor: 'KIOSK CAFE',
      statement_descriptor_suffix: 'ORDER 42',
      capture_method: 'manual',
      receipt_email: '',
      payment_method_options: { card_present: { request_extended_authorization: true } },
    });
    const expected = {
      statement_descriptor: 'KIOSK CAFE',
      statement_descriptor_suffix: 'ORDER 42',
      capture_method: 'manual',
      receipt_email: null,
      payment_method_options: { card_present: { request_extended_authorization: true, request_incremental_authorization_support: false } },
    };
    expect(updated).toMatchObject(expected);
    expect(await stripe.paymentIntents.retrieve(pi.id)).toMatchObject(expected);
  });

  // PaymentIntentUpdateParams.currency (the pinned SDK; Stripe's spec lists `currency` on POST /v1/payment_intents/{intent}):
  // checked as on create, against the amount it will be charged in and the account's in-person currency.
  it('update changes the currency while unpaid, with the same checks as create', async () => {
    const online = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    expect(await stripe.paymentIntents.update(online.id, { currency: 'EUR' })).toMatchObject({ currency: 'eur', amount: 1000 });
    expect(await stripe.paymentIntents.retrieve(online.id)).toMatchObject({ currency: 'eur' });
    // HK$4.00 is Stripe's minimum in hkd: 1000 cents of it is enough, 300 is not.
    expect(await stripeError(stripe.paymentIntents.update(online.id, { currency: 'hkd', amount: 300 }))).toMatchObject({
      statusCode: 400,
      code: 'amount_too_small',
      param: 'amount',
    });
    expect(await stripeError(stripe.paymentIntents.update(online.id, { currency: 'xyz' }))).toMatchObject({ statusCode: 400, param: 'currency' });
    expect(await stripe.paymentIntents.retrieve(online.id)).toMatchObject({ currency: 'eur', amount: 1000 });

    const inPerson = await newPaymentIntent();
    expect(await stripeError(stripe.paymentIntents.update(inPerson.id, { currency: 'eur' }))).toMatchObject({
      statusCode: 400,
      message: 'The card_present source type with currency eur is not supported in US.',
      param: 'currency',
    });
    await payOnReader(inPerson.id, '4242424242424242');
    expect(await stripeError(stripe.paymentIntents.update(inPerson.id, { currency: 'usd' }))).toMatchObject({
      statusCode: 400,
      code: 'payment_intent_unexpected_state',
    });
  });

  it('confirm takes the receipt email', async () => {
    const reader = await newReader();
    const pi = await newPaymentIntent();
    await stripe.terminal.readers.collectPaymentMethod(reader.id, { payment_intent: pi.id });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
    const confirmed = await stripe.paymentIntents.confirm(pi.id, { receipt_email: 'buyer@example.com' });
    expect(confirmed).toMatchObject({ status: 'succeeded', receipt_email: 'buyer@example.com' });
  });

  // The SDK's PaymentIntentCreateParams.statement_descriptor: "Setting this value for a card charge returns an error. For
  // card charges, set the statement_descriptor_suffix instead." Stripe's message as integrations quote it
  // (fluentform/fluentform#384). Only `card` is named by Stripe's rule; card_present keeps taking it.
  it('a statement descriptor on a PaymentIntent that takes card is a 400 pointing to the suffix, on create, update and capture', async () => {
    const message =
      'The statement_descriptor parameter is not supported for the payment_method_type `card`. To continue supporting payment_method_type `card`, please pass in `statement_descriptor_suffix` or remove the `statement_descriptor` parameter altogether. Please see https://support.stripe.com/questions/use-of-the-statement-descriptor-parameter-on-paymentintents-for-card-charges for additional details.';
    const refused = { statusCode: 400, type: 'StripeInvalidRequestError', param: 'statement_descriptor', message };
    const before = (await stripe.paymentIntents.list({ limit: 100 })).data.length;
    expect(await stripeError(newPaymentIntent({ allowed_payment_method_types: ['card_present', 'card'], statement_descriptor: 'KIOSK CAFE' }))).toMatchObject(refused);
    expect(await stripeError(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', statement_descriptor: 'KIOSK CAFE' }))).toMatchObject(refused);
    expect((await stripe.paymentIntents.list({ limit: 100 })).data.length).toBe(before);
    const pi = await newPaymentIntent({ allowed_payment_method_types: ['card_present', 'card'], capture_method: 'manual', statement_descriptor_suffix: 'ORDER 9' });
    expect(await stripeError(stripe.paymentIntents.update(pi.id, { statement_descriptor: 'KIOSK CAFE' }))).toMatchObject(refused);
    await payOnReader(pi.id, '4242424242424242');
    expect(await stripeError(stripe.paymentIntents.capture(pi.id, { statement_descriptor: 'KIOSK CAFE' }))).toMatchObject(refused);
    expect(await stripe.paymentIntents.retrieve(pi.id)).toMatchObject({ status: 'requires_capture', statement_descriptor: null, statement_descriptor_suffix: 'ORDER 9' });
    const inPerson = await newPaymentIntent({ statement_descriptor: 'KIOSK CAFE' });
    expect(inPerson.statement_descriptor).toBe('KIOSK CAFE');
  });

  it('capture takes the statement descriptor suffix and a final capture', async () => {
    const pi = await newPaymentIntent({ capture_method: 'manual' });
    await payOnReader(pi.id, '4242424242424242');
    const captured = await stripe.paymentIntents.capture(pi.id, { statement_descriptor_suffix: 'ORDER 7', final_capture: true });
    expect(captured).toMatchObject({ status: 'succeeded', statement_descriptor_suffix: 'ORDER 7' });
  });

  // Stripe's OpenAPI spec: a PaymentIntent's `description` is at most 1000 characters and a statement descriptor or its
  // suffix at most 22 (the SDK: "the 22-character limit"); longer is refused naming the parameter, and nothing changes.
  it('an over-long description, statement descriptor or suffix is a 400 naming it, on create, update and capture', async () => {
    const overLong = { description: 'd'.repeat(1001), statement_descriptor: 'S'.repeat(23), statement_descriptor_suffix: 'X'.repeat(23) };
    const before = (await stripe.paymentIntents.list({ limit: 100 })).data.length;
    const pi = await newPaymentIntent({ capture_method: 'manual', description: 'd'.repeat(1000), statement_descriptor_suffix: 'X'.repeat(22) });
    for (const [param, value] of Object.entries(overLong)) {
      expect(await stripeError(newPaymentIntent({ [param]: value }))).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', param });
      expect(await stripeError(stripe.paymentIntents.update(pi.id, { [param]: value }))).toMatchObject({ statusCode: 400, param });
    }
    expect((await stripe.paymentIntents.list({ limit: 100 })).data.length).toBe(before + 1);
    expect(await stripe.paymentIntents.retrieve(pi.id)).toMatchObject({ description: 'd'.repeat(1000), statement_descriptor: null });
    await payOnReader(pi.id, '4242424242424242');
    for (const param of ['statement_descriptor', 'statement_descriptor_suffix'] as const) {
      expect(await stripeError(stripe.paymentIntents.capture(pi.id, { [param]: 'Y'.repeat(23) }))).toMatchObject({ statusCode: 400, param });
    }
    expect(await stripe.paymentIntents.retrieve(pi.id)).toMatchObject({ status: 'requires_capture' });
  });

});
