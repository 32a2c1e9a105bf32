import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { control, eventually, latestEvent, newPaymentIntent, newReader, payOnReader, rawStripe, stripe, stripeError } from './simulator-client.ts';

const readerNow = async (id: string) => (await stripe.terminal.readers.retrieve(id)) as Stripe.Terminal.Reader;

describe('simulator: reader actions on intents in the wrong state', () => {
  it('confirm_payment_intent on a PaymentIntent not awaiting confirmation is refused (intent_invalid_state), leaving the reader free', async () => {
    const reader = await newReader();
    const pi = await newPaymentIntent();
    const err = await stripeError(stripe.terminal.readers.confirmPaymentIntent(reader.id, { payment_intent: pi.id }));
    expect(err).toMatchObject({ statusCode: 400, code: 'intent_invalid_state' });
    expect((await readerNow(reader.id)).action).toBeNull();
    const busy = await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    expect(busy.action?.status).toBe('in_progress');
  });

  it('a confirm retried after its answer was lost is refused without wedging the reader', async () => {
    const reader = await newReader();
    const pi = await newPaymentIntent();
    await stripe.terminal.readers.collectPaymentMethod(reader.id, { payment_intent: pi.id });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
    await control('faults', { body: { method: 'POST', path: `/v1/terminal/readers/${reader.id}/confirm_payment_intent`, kind: 'lose_response', count: 1 } });
    await expect(stripe.terminal.readers.confirmPaymentIntent(reader.id, { payment_intent: pi.id })).rejects.toThrow();
    const retry = await stripeError(stripe.terminal.readers.confirmPaymentIntent(reader.id, { payment_intent: pi.id }));
    expect(retry).toMatchObject({ statusCode: 400, code: 'intent_invalid_state' });
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
    expect((await readerNow(reader.id)).action).toMatchObject({ type: 'confirm_payment_intent', status: 'succeeded' });
    const next = await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: (await newPaymentIntent()).id });
    expect(next.action?.status).toBe('in_progress');
  });

  it('process_payment_intent on a paid PaymentIntent is refused and the reader stays idle', async () => {
    const { paymentIntent, reader } = await payOnReader((await newPaymentIntent()).id, '4242424242424242');
    expect(await stripeError(stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: paymentIntent.id }))).toMatchObject({
      statusCode: 400,
      code: 'intent_invalid_state',
    });
    expect((await readerNow(reader.id)).action).toMatchObject({ status: 'succeeded' });
  });
});

describe('simulator: the charge a payment makes', () => {
  it("carries the PaymentIntent's description and metadata as they were when it was made", async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 1200,
      currency: 'usd',
      allowed_payment_method_types: ['card_present'],
      description: '2 x Bagel',
      metadata: { order: 'A-1' },
    });
    const { charge } = await payOnReader(pi.id, '4242424242424242');
    expect(charge).toMatchObject({ description: '2 x Bagel', metadata: { order: 'A-1' }, payment_intent: pi.id });
  });

  // Charges.d.ts (CardPresent.generated_card): "ID of a card PaymentMethod generated from the card_present PaymentMethod
  // ... Only present if it was possible to generate a card PaymentMethod": Stripe makes one only for a payment set up for
  // future use, which the simulator does not take, so it names none rather than a PaymentMethod that does not exist.
  it('names no generated card PaymentMethod for a payment not set up for future use', async () => {
    const { charge } = await payOnReader((await newPaymentIntent()).id, '4242424242424242');
    expect(charge!.payment_method_details!.card_present!.generated_card).toBeNull();
  });

  // Charges.d.ts (CardPresent.capture_before): "When using manual capture, a future timestamp after which the charge will
  // be automatically refunded if uncaptured"; docs.stripe.com/payments/place-a-hold-on-a-payment-method: 5 days for Visa.
  it('a card held for manual capture says until when it can be captured; one captured at once does not', async () => {
    const held = await payOnReader((await newPaymentIntent({ capture_method: 'manual' })).id, '4242424242424242');
    expect(held.paymentIntent.status).toBe('requires_capture');
    const heldDetails = held.charge!.payment_method_details!.card_present!;
    expect(heldDetails.capture_before).toBe(held.charge!.created + 5 * 24 * 3600);
    const captured = await payOnReader((await newPaymentIntent()).id, '4242424242424242');
    expect(captured.charge!.payment_method_details!.card_present).not.toHaveProperty('capture_before');
  });

  // docs.stripe.com/changelog/clover/2025-11-17/card-present-capture-method: "`manual` directs Stripe to place the funds on
  // hold"; PaymentIntents.d.ts (CardPresent.capture_method): "overrides the behavior of the top-level capture_method".
  it('payment_method_options.card_present.capture_method=manual holds a card payment despite an automatic top-level capture', async () => {
    const pi = await newPaymentIntent({ capture_method: 'automatic', payment_method_options: { card_present: { capture_method: 'manual' } } });
    const { paymentIntent, charge } = await payOnReader(pi.id, '4242424242424242');
    expect(paymentIntent).toMatchObject({ status: 'requires_capture', amount_capturable: 1000, amount_received: 0 });
    expect(charge).toMatchObject({ captured: false });
  });
});

/** A CAD 20.00 payment taken with the Interac test card on this reader. */
async function paidWithInterac(reader: Stripe.Terminal.Reader, captureMethod: 'automatic' | 'manual' = 'automatic') {
  const paymentIntent = await stripe.paymentIntents.create({
    amount: 2000,
    currency: 'cad',
    allowed_payment_method_types: ['interac_present'],
    capture_method: captureMethod,
  });
  await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: paymentIntent.id });
  await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { type: 'interac_present', interac_present: { number: '4506445006931933' } });
  return paymentIntent;
}

/** Runs `test` with the account in Canada (where Interac is taken) and a reader at a Toronto Location, then moves it back. */
async function withReaderInCanada(test: (reader: Stripe.Terminal.Reader) => Promise<void>) {
  await control('account', { body: { country: 'CA' } });
  try {
    const location = await stripe.terminal.locations.create({
      display_name: 'Toronto',
      address: { line1: '1 King St', city: 'Toronto', state: 'ON', country: 'CA', postal_code: 'M5H 1A1' },
    });
    await test(await stripe.terminal.readers.create({ registration_code: 'simulated-wpe', location: location.id }));
  } finally {
    await control('account', { body: { country: 'US' } });
  }
}

describe('simulator: present_payment_method', () => {
  it('interac_present presents an Interac card and produces an interac_present PaymentMethod', async () => {
    await withReaderInCanada(async (reader) => {
      const pi = await stripe.paymentIntents.create({ amount: 1500, currency: 'cad', allowed_payment_method_types: ['card_present', 'interac_present'] });
      await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
      const done = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, {
        type: 'interac_present',
        interac_present: { number: '4506445006931933' },
      });
      expect(done.action).toMatchObject({ status: 'succeeded' });
      const paid = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge', 'payment_method'] });
      expect(paid.status).toBe('succeeded');
      expect(paid.payment_method).toMatchObject({ type: 'interac_present', interac_present: { brand: 'interac', last4: '1933' } });
      expect((paid.latest_charge as Stripe.Charge).payment_method_details).toMatchObject({ type: 'interac_present' });
    });
  });

  it('a type the PaymentIntent does not allow fails the reader action with Stripe\'s message', async () => {
    const reader = await newReader();
    const pi = await newPaymentIntent();
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    const done = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { type: 'interac_present' });
    expect(done.action).toMatchObject({ status: 'failed', failure_code: 'payment_intent_incompatible_payment_method' });
    expect(done.action?.failure_message).toMatch(/^The PaymentMethod provided \(interac_present\) is not allowed/);
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('requires_payment_method');
  });

  it('type card keys in a card number, producing a card PaymentMethod', async () => {
    const reader = await newReader();
    const pi = await newPaymentIntent({ allowed_payment_method_types: ['card_present', 'card'] });
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, {
      type: 'card',
      card: { number: '5555555555554444', exp_month: 12, exp_year: 2040 },
    });
    const paid = await stripe.paymentIntents.retrieve(pi.id, { expand: ['payment_method'] });
    expect(paid).toMatchObject({ status: 'succeeded', payment_method: { type: 'card', card: { brand: 'mastercard', last4: '4444' } } });
  });

  it('a keyed-in card without its expiry is refused, naming the missing field, and the reader keeps waiting', async () => {
    const reader = await newReader();
    const pi = await newPaymentIntent({ allowed_payment_method_types: ['card_present', 'card'] });
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    // What the SDK's types would not let through: a card with no expiry year.
    const partial = { number: '5555555555554444', exp_month: 12 } as { number: string; exp_month: number; exp_year: number };
    const err = await stripeError(stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { type: 'card', card: partial }));
    expect(err).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'card[exp_year]' });
    expect((await readerNow(reader.id)).action).toMatchObject({ type: 'process_payment_intent', status: 'in_progress' });
  });

  it('a tip is ignored where the reader offers no tipping, or when the action skipped it', async () => {
    const plain = await newReader();
    const first = await newPaymentIntent({ amount: 1000 });
    await stripe.terminal.readers.processPaymentIntent(plain.id, { payment_intent: first.id });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(plain.id, { amount_tip: 300 });
    expect(await stripe.paymentIntents.retrieve(first.id)).toMatchObject({ amount: 1000, amount_received: 1000 });

    const tipping = await stripe.terminal.configurations.create({ tipping: { usd: { fixed_amounts: [100, 200, 300] } } });
    const tipped = await newReader('simulated-wpe', { configuration_overrides: tipping.id });
    const second = await newPaymentIntent({ amount: 1000 });
    const started = await stripe.terminal.readers.processPaymentIntent(tipped.id, {
      payment_intent: second.id,
      process_config: { skip_tipping: true, tipping: { amount_eligible: 800 } },
    });
    expect(started.action?.process_payment_intent).toEqual({
      payment_intent: second.id,
      process_config: { skip_tipping: true, tipping: { amount_eligible: 800 } },
    });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(tipped.id, { amount_tip: 300 });
    expect(await stripe.paymentIntents.retrieve(second.id)).toMatchObject({ amount: 1000 });
  });
});

describe('simulator: more reader actions', () => {
  it('process_setup_intent saves a presented card, generating a reusable card PaymentMethod', async () => {
    const reader = await newReader();
    const si = await stripe.setupIntents.create({ allowed_payment_method_types: ['card_present'] });
    const started = await stripe.terminal.readers.processSetupIntent(reader.id, { setup_intent: si.id, allow_redisplay: 'always' });
    expect(started.action).toMatchObject({ type: 'process_setup_intent', status: 'in_progress', process_setup_intent: { setup_intent: si.id } });
    const done = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
    expect(done.action).toMatchObject({ status: 'succeeded', process_setup_intent: { generated_card: expect.stringMatching(/^pm_/) } });
    const generated = await stripe.paymentMethods.retrieve(String(done.action?.process_setup_intent?.generated_card));
    expect(generated).toMatchObject({ type: 'card', card: { last4: '4242' } });
    expect(await stripe.setupIntents.retrieve(si.id)).toMatchObject({ status: 'succeeded', payment_method: expect.stringMatching(/^pm_/) });
  });

  it('a decline test card fails setup with setup_intent_authentication_failure, as Stripe\'s testing page says', async () => {
    const reader = await newReader();
    const si = await stripe.setupIntents.create({ allowed_payment_method_types: ['card_present'] });
    await stripe.terminal.readers.processSetupIntent(reader.id, { setup_intent: si.id, allow_redisplay: 'limited' });
    const done = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { card_present: { number: '4000000000000002' } });
    expect(done.action).toMatchObject({ status: 'failed', failure_code: 'setup_intent_authentication_failure' });
    expect((await stripe.setupIntents.retrieve(si.id)).status).toBe('requires_payment_method');
  });

  it('refund_payment refunds an Interac payment in person once the card is presented', async () => {
    await withReaderInCanada(async (reader) => {
      const paymentIntent = await stripe.paymentIntents.create({ amount: 2000, currency: 'cad', allowed_payment_method_types: ['interac_present'] });
      await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: paymentIntent.id });
      const interac = { type: 'interac_present', interac_present: { number: '4506445006931933' } } as const;
      await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, interac);
      const started = await stripe.terminal.readers.refundPayment(reader.id, { payment_intent: paymentIntent.id, amount: 500 });
      expect(started.action).toMatchObject({ type: 'refund_payment', status: 'in_progress', refund_payment: { payment_intent: paymentIntent.id, amount: 500 } });
      const done = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, interac);
      expect(done.action).toMatchObject({ status: 'succeeded', refund_payment: { refund: expect.stringMatching(/^re_/) } });
      const refund = await stripe.refunds.retrieve(String(done.action?.refund_payment?.refund));
      expect(refund).toMatchObject({ amount: 500, status: 'succeeded', payment_intent: paymentIntent.id });
    });
  });

  // The Terminal SDKs' processRefund: "The cardholder must present the Interac card to the card reader; these payments
  // cannot be refunded via the dashboard or the API"; docs.stripe.com/terminal/features/refunds: "Online refunds are
  // available on all card networks except for Interac".
  it('an online refund (POST /v1/refunds) of an Interac payment is refused, by PaymentIntent or charge, refunding nothing', async () => {
    await withReaderInCanada(async (reader) => {
      const paymentIntent = await paidWithInterac(reader);
      const charge = String((await stripe.paymentIntents.retrieve(paymentIntent.id)).latest_charge);
      for (const [params, param] of [[{ payment_intent: paymentIntent.id }, 'payment_intent'], [{ charge, amount: 500 }, 'charge']] as const) {
        const err = await stripeError(stripe.refunds.create(params));
        expect(err).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', code: 'charge_not_refundable', param });
        expect(err.message).toMatch(/Interac.*in person.*card presented at a reader/);
      }
      expect(await stripe.charges.retrieve(charge)).toMatchObject({ amount_refunded: 0, refunded: false });
      expect((await stripe.refunds.list({ payment_intent: paymentIntent.id })).data).toEqual([]);
      // In person it is refunded.
      await stripe.terminal.readers.refundPayment(reader.id, { payment_intent: paymentIntent.id });
      const done = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { type: 'interac_present' });
      expect(done.action).toMatchObject({ type: 'refund_payment', status: 'succeeded' });
      expect(await stripe.charges.retrieve(charge)).toMatchObject({ amount_refunded: 2000, refunded: true });
    });
  });

  // Readers.d.ts (ReaderRefundPaymentParams): refund_application_fee and reverse_transfer are booleans; Reader.Action.
  // RefundPayment shows them.
  it('refund_payment echoes refund_application_fee and reverse_transfer, and refuses one that is no boolean before it starts', async () => {
    await withReaderInCanada(async (reader) => {
      const paymentIntent = await paidWithInterac(reader);
      const bad = await rawStripe('POST', `/v1/terminal/readers/${reader.id}/refund_payment`, `payment_intent=${paymentIntent.id}&refund_application_fee=maybe`);
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ type: 'invalid_request_error', param: 'refund_application_fee' });
      expect((await readerNow(reader.id)).action).toMatchObject({ type: 'process_payment_intent', status: 'succeeded' });
      const started = await stripe.terminal.readers.refundPayment(reader.id, {
        payment_intent: paymentIntent.id,
        reverse_transfer: false,
        refund_application_fee: false,
      });
      expect(started.action?.refund_payment).toMatchObject({ reverse_transfer: false, refund_application_fee: false });
    });
  });

  // docs.stripe.com/changelog/basil/2025-03-31/deprecate-interac-present-manual-capture-method: "The interac_present
  // payment method type no longer supports the manual capture_method for PaymentIntents" (the simulator speaks a later version).
  it('an Interac payment is captured at once, even on a PaymentIntent with manual capture', async () => {
    await withReaderInCanada(async (reader) => {
      const paymentIntent = await paidWithInterac(reader, 'manual');
      expect(await stripe.paymentIntents.retrieve(paymentIntent.id)).toMatchObject({ status: 'succeeded', amount_received: 2000 });
    });
  });

  // docs.stripe.com/terminal/features/refunds (Availability): "Online refunds are available on all card networks except
  // for Interac. In-person refunds are only available on Interac."
  it('refund_payment of a Visa card_present payment is refused before the action starts, refunding nothing', async () => {
    const { paymentIntent, reader, charge } = await payOnReader((await newPaymentIntent({ amount: 2000 })).id, '4242424242424242');
    const err = await stripeError(stripe.terminal.readers.refundPayment(reader.id, { payment_intent: paymentIntent.id }));
    expect(err).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', code: undefined, param: 'payment_intent' });
    expect(err.message).toMatch(/^In-person refunds are only available for Interac payments/);
    expect((await readerNow(reader.id)).action).toMatchObject({ type: 'process_payment_intent', status: 'succeeded' });
    expect(await stripe.charges.retrieve(charge!.id)).toMatchObject({ amount_refunded: 0, refunded: false });
    expect((await stripe.refunds.list({ payment_intent: paymentIntent.id })).data).toEqual([]);
  });

  it('collect_inputs waits for the customer; the test helpers complete it or time it out', async () => {
    const reader = await newReader();
    const started = await stripe.terminal.readers.collectInputs(reader.id, {
      inputs: [
        { type: 'email', custom_text: { title: 'Your email' }, required: true },
        { type: 'text', custom_text: { title: 'A note' } },
      ],
    });
    expect(started.action).toMatchObject({ type: 'collect_inputs', status: 'in_progress' });
    const done = await stripe.testHelpers.terminal.readers.succeedInputCollection(reader.id, { skip_non_required_inputs: 'all' });
    expect(done.action?.collect_inputs?.inputs).toMatchObject([
      { type: 'email', email: { value: expect.any(String) } },
      { type: 'text', skipped: true },
    ]);
    await stripe.terminal.readers.collectInputs(reader.id, { inputs: [{ type: 'numeric', custom_text: { title: 'Table' } }] });
    const timedOut = await stripe.testHelpers.terminal.readers.timeoutInputCollection(reader.id);
    expect(timedOut.action).toMatchObject({ status: 'failed', failure_code: 'terminal_reader_timeout' });
  });

  it('set_reader_display validates the cart as Stripe types it: integer amounts and a description per line', async () => {
    const reader = await newReader();
    const bad = await stripeError(
      stripe.terminal.readers.setReaderDisplay(reader.id, {
        type: 'cart',
        cart: { currency: 'usd', line_items: [{ description: 'Latte', amount: 5.5, quantity: 1 }], total: 550 },
      }),
    );
    expect(bad).toMatchObject({ statusCode: 400, param: 'cart[line_items][0][amount]' });
    const noTotal = await stripeError(
      stripe.terminal.readers.setReaderDisplay(reader.id, {
        type: 'cart',
        cart: { currency: 'usd', line_items: [{ description: 'Latte', amount: 550, quantity: 1 }] } as never,
      }),
    );
    expect(noTotal).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'cart[total]' });
    expect((await readerNow(reader.id)).action).toBeNull();
  });

  // Readers.d.ts: Cart.currency "Must be a supported currency", refused as every currency Stripe does not take is.
  it('set_reader_display refuses a cart in a currency Stripe does not take, naming cart[currency], and shows nothing', async () => {
    const reader = await newReader();
    const bad = await stripeError(
      stripe.terminal.readers.setReaderDisplay(reader.id, {
        type: 'cart',
        cart: { currency: 'xyz', line_items: [{ description: 'Latte', amount: 550, quantity: 1 }], total: 550 },
      }),
    );
    expect(bad).toMatchObject({ statusCode: 400, param: 'cart[currency]', message: expect.stringMatching(/^Invalid currency: xyz\. /) });
    expect((await readerNow(reader.id)).action).toBeNull();
  });
});

describe('simulator: reader action parameters as the SDK types them', () => {
  // Readers.d.ts: ReaderCollectPaymentMethodParams.CollectConfig has allow_redisplay, enable_customer_cancellation,
  // skip_tipping and tipping (no return_url, which only process_config has); ConfirmConfig has only return_url.
  it('refuses a field its config does not have as parameter_unknown, naming it in full, and starts nothing', async () => {
    const reader = await newReader();
    const pi = await newPaymentIntent();
    const collect = await rawStripe(
      'POST',
      `/v1/terminal/readers/${reader.id}/collect_payment_method`,
      `payment_intent=${pi.id}&collect_config[return_url]=${encodeURIComponent('https://example.com/back')}`,
    );
    expect(collect.status).toBe(400);
    expect(collect.body.error).toMatchObject({ type: 'invalid_request_error', code: 'parameter_unknown', param: 'collect_config[return_url]' });
    expect((await readerNow(reader.id)).action).toBeNull();

    await stripe.terminal.readers.collectPaymentMethod(reader.id, { payment_intent: pi.id });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
    const confirm = await rawStripe('POST', `/v1/terminal/readers/${reader.id}/confirm_payment_intent`, `payment_intent=${pi.id}&confirm_config[bogus]=1`);
    expect(confirm.status).toBe(400);
    expect(confirm.body.error).toMatchObject({ code: 'parameter_unknown', param: 'confirm_config[bogus]' });
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('requires_confirmation');
  });

  // Readers.d.ts (Reader.Action.ConfirmPaymentIntent): { confirm_config?: { return_url? }, payment_intent }.
  it('confirm_payment_intent shows its confirm_config on the reader action', async () => {
    const reader = await newReader();
    const pi = await newPaymentIntent();
    await stripe.terminal.readers.collectPaymentMethod(reader.id, { payment_intent: pi.id });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
    const done = await stripe.terminal.readers.confirmPaymentIntent(reader.id, {
      payment_intent: pi.id,
      confirm_config: { return_url: 'https://example.com/back' },
    });
    expect(done.action?.confirm_payment_intent).toMatchObject({ payment_intent: pi.id, confirm_config: { return_url: 'https://example.com/back' } });
  });

  // Readers.d.ts (ProcessConfig): AllowRedisplay = 'always' | 'limited' | 'unspecified'; Tipping.amount_eligible "Must be
  // a positive integer".
  it('process_payment_intent refuses an allow_redisplay outside its values or a zero amount_eligible, naming it, and starts nothing', async () => {
    const reader = await newReader();
    const pi = await newPaymentIntent();
    const redisplay = await rawStripe(
      'POST',
      `/v1/terminal/readers/${reader.id}/process_payment_intent`,
      `payment_intent=${pi.id}&process_config[allow_redisplay]=sometimes`,
    );
    expect(redisplay.status).toBe(400);
    expect(redisplay.body.error).toMatchObject({ type: 'invalid_request_error', param: 'process_config[allow_redisplay]' });
    const eligible = await stripeError(
      stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id, process_config: { tipping: { amount_eligible: 0 } } }),
    );
    expect(eligible).toMatchObject({ statusCode: 400, param: 'process_config[tipping][amount_eligible]' });
    expect((await readerNow(reader.id)).action).toBeNull();
  });

  // Readers.d.ts (ReaderCollectInputsParams): inputs "Maximum 5 inputs"; Selection.Choice `id` and `text` required;
  // CustomText.skip_button "Maximum 14 characters".
  it('collect_inputs refuses more than 5 inputs, a choice without its id, or a skip button over 14 characters, and starts nothing', async () => {
    const reader = await newReader();
    const six = Array.from({ length: 6 }, (_, i) => ({ type: 'text' as const, custom_text: { title: `Q${i}` } }));
    expect(await stripeError(stripe.terminal.readers.collectInputs(reader.id, { inputs: six }))).toMatchObject({ statusCode: 400, param: 'inputs' });
    const noId = await stripeError(
      stripe.terminal.readers.collectInputs(reader.id, {
        inputs: [{ type: 'selection', custom_text: { title: 'Pick' }, selection: { choices: [{ text: 'Yes' } as never] } }],
      }),
    );
    expect(noId).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'inputs[0][selection][choices][0][id]' });
    const longSkip = await stripeError(
      stripe.terminal.readers.collectInputs(reader.id, { inputs: [{ type: 'text', custom_text: { title: 'Note', skip_button: 'No thanks, skip this' } }] }),
    );
    expect(longSkip).toMatchObject({ statusCode: 400, param: 'inputs[0][custom_text][skip_button]' });
    expect((await readerNow(reader.id)).action).toBeNull();
  });
});

describe('simulator: customer cancellation and connectivity', () => {
  it('a customer cancels on the reader when the action allows it: the action fails with customer_canceled and a webhook', async () => {
    const reader = await newReader();
    const pi = await newPaymentIntent();
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    expect(await control(`readers/${reader.id}/customer-cancel`, { body: {} })).toMatchObject({ status: 400 });

    const other = await newReader();
    await stripe.terminal.readers.processPaymentIntent(other.id, {
      payment_intent: (await newPaymentIntent()).id,
      process_config: { enable_customer_cancellation: true },
    });
    expect(await control(`readers/${other.id}/customer-cancel`, { body: {} })).toMatchObject({ status: 200 });
    expect((await readerNow(other.id)).action).toMatchObject({ status: 'failed', failure_code: 'customer_canceled' });
    const event = await eventually(() => latestEvent('terminal.reader.action_failed', other.id));
    expect(event.data.object).toMatchObject({ action: { failure_code: 'customer_canceled' } });
  });

  it('an online reader is seen now; an offline one keeps its last time and refuses new actions with terminal_reader_offline', async () => {
    const reader = await newReader();
    const seen = (await readerNow(reader.id)).last_seen_at!;
    expect(seen).toBeGreaterThanOrEqual(reader.last_seen_at!);
    await control(`readers/${reader.id}/offline`, { body: {} });
    const offline = await readerNow(reader.id);
    await control('clock/advance', { body: { seconds: 60 } });
    expect((await readerNow(reader.id)).last_seen_at).toBe(offline.last_seen_at);
    for (const call of [
      () => stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: 'pi_any' }),
      () => stripe.terminal.readers.setReaderDisplay(reader.id, { type: 'cart', cart: { currency: 'usd', line_items: [], total: 0 } }),
    ]) {
      expect(await stripeError(call())).toMatchObject({ statusCode: 400, code: 'terminal_reader_offline' });
    }
    await control(`readers/${reader.id}/online`, { body: {} });
    expect((await readerNow(reader.id)).last_seen_at).toBeGreaterThan(offline.last_seen_at! + 59_000);
  });
});
