import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { eventually, expectSdkShape, latestEvent, newPaymentIntent, newReader, payOnReader, stripe } from './simulator-client.ts';

// Each object the simulator returns carries every field the pinned SDK's types declare, and none it does not know.
describe('simulator objects have the fields the pinned stripe SDK declares', () => {
  it('PaymentIntent, Charge and its card_present details, PaymentMethod', async () => {
    const created = await newPaymentIntent();
    expectSdkShape(created, 'PaymentIntent');
    const { paymentIntent, charge } = await payOnReader(created.id, '4242424242424242');
    expectSdkShape(paymentIntent, 'PaymentIntent');
    expectSdkShape(charge!, 'Charge');
    expectSdkShape(charge!.payment_method_details!.card_present!, 'Charge.payment_method_details.card_present');
    expectSdkShape(charge!.payment_method_details!.card_present!.receipt!, 'Charge.payment_method_details.card_present.receipt');
    const pm = await stripe.paymentMethods.retrieve(String(charge!.payment_method));
    expectSdkShape(pm, 'PaymentMethod');
    expectSdkShape(pm.card_present!, 'PaymentMethod.card_present');
  });

  it('a declined PaymentIntent and its failed Charge', async () => {
    const created = await newPaymentIntent();
    const { paymentIntent, charge } = await payOnReader(created.id, '4000000000000002');
    expectSdkShape(paymentIntent, 'PaymentIntent');
    expectSdkShape(charge!, 'Charge');
  });

  it('Refund', async () => {
    const { charge } = await payOnReader((await newPaymentIntent()).id, '4242424242424242');
    expectSdkShape(await stripe.refunds.create({ charge: charge!.id }), 'Refund');
  });

  it('Terminal.Reader (idle, in action, failed action), Terminal.Location, Terminal.ConnectionToken', async () => {
    const reader = await newReader();
    expectSdkShape(reader, 'Terminal.Reader');
    expectSdkShape(await stripe.terminal.locations.retrieve(String(reader.location)), 'Terminal.Location');
    const pi = await newPaymentIntent();
    const busy = await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    expectSdkShape(busy, 'Terminal.Reader');
    expectSdkShape(busy.action!, 'Terminal.Reader.action');
    const failed = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, {
      card_present: { number: '4000000000009995' },
    });
    expectSdkShape(failed.action!, 'Terminal.Reader.action');
    expectSdkShape(await stripe.terminal.connectionTokens.create(), 'Terminal.ConnectionToken');
  });

  it('Event', async () => {
    const pi = await newPaymentIntent();
    const event = await eventually(() => latestEvent('payment_intent.created', pi.id));
    expectSdkShape(event, 'Event');
    expectSdkShape(event.data.object as Stripe.PaymentIntent, 'PaymentIntent');
    expect(event.data.object).toEqual(JSON.parse(JSON.stringify(pi)));
  });
});
