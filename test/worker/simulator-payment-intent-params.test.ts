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

  it('confirm takes the receipt email', async () => {
    const reader = await newReader();
    const pi = await newPaymentIntent();
    await stripe.terminal.readers.collectPaymentMethod(reader.id, { payment_intent: pi.id });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
    const confirmed = await stripe.paymentIntents.confirm(pi.id, { receipt_email: 'buyer@example.com' });
    expect(confirmed).toMatchObject({ status: 'succeeded', receipt_email: 'buyer@example.com' });
  });

  it('capture takes the statement descriptor suffix and a final capture', async () => {
    const pi = await newPaymentIntent({ capture_method: 'manual' });
    await payOnReader(pi.id, '4242424242424242');
    const captured = await stripe.paymentIntents.capture(pi.id, { statement_descriptor_suffix: 'ORDER 7', final_capture: true });
    expect(captured).toMatchObject({ status: 'succeeded', statement_descriptor_suffix: 'ORDER 7' });
  });

});
