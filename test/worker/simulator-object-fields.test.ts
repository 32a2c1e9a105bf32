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

describe('simulator objects added for issue 9 have the fields the pinned SDK declares', () => {
  it('Interac PaymentMethod and charge details, a keyed-in card, BalanceTransaction', async () => {
    const reader = await newReader();
    const pi = await newPaymentIntent({ allowed_payment_method_types: ['card_present', 'interac_present', 'card'] });
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { type: 'interac_present' });
    const paid = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge.balance_transaction', 'payment_method'] });
    const charge = paid.latest_charge as Stripe.Charge;
    expectSdkShape((paid.payment_method as Stripe.PaymentMethod).interac_present!, 'PaymentMethod.interac_present');
    expectSdkShape(charge.payment_method_details!.interac_present!, 'Charge.payment_method_details.interac_present');
    expectSdkShape(charge.balance_transaction as Stripe.BalanceTransaction, 'BalanceTransaction');
    const keyed = await newPaymentIntent({ allowed_payment_method_types: ['card'] });
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: keyed.id });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { type: 'card', card: { number: '4242424242424242', exp_month: 1, exp_year: 2040 } });
    const card = await stripe.paymentMethods.retrieve(String((await stripe.paymentIntents.retrieve(keyed.id)).payment_method));
    expectSdkShape(card.card!, 'PaymentMethod.card');
  });

  it('SetupIntent, Account, WebhookEndpoint, Terminal.Configuration', async () => {
    expectSdkShape(await stripe.setupIntents.create({ allowed_payment_method_types: ['card_present'] }), 'SetupIntent');
    expectSdkShape(await stripe.accounts.retrieveCurrent(), 'Account');
    const endpoint = await stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/x', enabled_events: ['*'] });
    expectSdkShape(endpoint, 'WebhookEndpoint');
    await stripe.webhookEndpoints.del(endpoint.id);
    expectSdkShape(await stripe.terminal.configurations.create({ tipping: { usd: { percentages: [10] } } }), 'Terminal.Configuration');
  });
});
