import { describe, expect, it } from 'vitest';
import { control, eventually, latestEvent, newPaymentIntent, payOnReader, stripe, stripeError } from './simulator-client.ts';

const paidCharge = async (number = '4242424242424242', amount = 1000) =>
  (await payOnReader((await newPaymentIntent({ amount })).id, number)).charge!;

describe('simulator: refunds', () => {
  it('refunds a charge in full, marking it refunded, with refund.created and charge.refunded events', async () => {
    const charge = await paidCharge();
    const refund = await stripe.refunds.create({ charge: charge.id, reason: 'requested_by_customer' });
    expect(refund).toMatchObject({
      object: 'refund',
      amount: 1000,
      charge: charge.id,
      payment_intent: charge.payment_intent,
      currency: 'usd',
      status: 'succeeded',
      reason: 'requested_by_customer',
    });
    expect(refund.id).toMatch(/^re_/);
    expect(await stripe.refunds.retrieve(refund.id)).toEqual(refund);
    expect(await stripe.charges.retrieve(charge.id)).toMatchObject({ amount_refunded: 1000, refunded: true });
    expect(await eventually(() => latestEvent('refund.created', refund.id))).toBeTruthy();
    const chargeRefunded = await eventually(() => latestEvent('charge.refunded', charge.id));
    expect(chargeRefunded.data).toEqual({ object: expect.objectContaining({ refunded: true }) });
  });

  it('refunds part of a PaymentIntent, then the rest; more than is left is refused', async () => {
    const charge = await paidCharge();
    const pi = String(charge.payment_intent);
    expect(await stripe.refunds.create({ payment_intent: pi, amount: 300 })).toMatchObject({ amount: 300, charge: charge.id });
    expect(await stripe.charges.retrieve(charge.id)).toMatchObject({ amount_refunded: 300, refunded: false });
    expect(await stripeError(stripe.refunds.create({ payment_intent: pi, amount: 701 }))).toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      param: 'amount',
    });
    expect(await stripe.refunds.create({ payment_intent: pi })).toMatchObject({ amount: 700 });
    expect(await stripe.charges.retrieve(charge.id)).toMatchObject({ amount_refunded: 1000, refunded: true });
    expect(await stripeError(stripe.refunds.create({ payment_intent: pi }))).toMatchObject({
      statusCode: 400,
      code: 'charge_already_refunded',
    });
    expect((await stripe.refunds.list({ payment_intent: pi })).data.map((r) => r.amount)).toEqual([700, 300]);
  });

  it('refuses a refund without a charge or payment_intent, of an unpaid PaymentIntent, or of an unknown charge', async () => {
    expect(await stripeError(stripe.refunds.create({}))).toMatchObject({ statusCode: 400, code: 'parameter_missing' });
    const unpaid = await newPaymentIntent();
    expect(await stripeError(stripe.refunds.create({ payment_intent: unpaid.id }))).toMatchObject({
      statusCode: 400,
      param: 'payment_intent',
    });
    expect(await stripeError(stripe.refunds.create({ charge: 'ch_missing' }))).toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      param: 'charge',
    });
    expect(await stripeError(stripe.refunds.retrieve('re_missing'))).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  // Refunds.d.ts (RefundCreateParams) takes Connect's refund_application_fee and reverse_transfer, and a customer balance's
  // currency, customer and origin: the simulator refuses them as not simulated, as it does PaymentIntents' Connect parameters.
  it('refuses a refund parameter it does not simulate (Connect, customer balance) by name, refunding nothing', async () => {
    const charge = await paidCharge();
    const connect = await stripeError(stripe.refunds.create({ charge: charge.id, reverse_transfer: true }));
    expect(connect).toMatchObject({ statusCode: 400, param: 'reverse_transfer', code: undefined });
    expect(connect.message).toMatch(/^reverse_transfer is not simulated: /);
    const balance = await stripeError(stripe.refunds.create({ customer: 'cus_1', origin: 'customer_balance', amount: 100, currency: 'usd' }));
    expect(balance).toMatchObject({ statusCode: 400, code: undefined });
    expect(balance.message).toMatch(/ is not simulated: /);
    expect(await stripe.charges.retrieve(charge.id)).toMatchObject({ amount_refunded: 0 });
  });

  it('a refund of card 4000000000005126 first succeeds, then fails later with charge.refund.updated and refund.failed', async () => {
    const charge = await paidCharge('4000000000005126');
    const refund = await stripe.refunds.create({ charge: charge.id });
    expect(refund.status).toBe('succeeded');
    expect((await stripe.refunds.retrieve(refund.id)).status).toBe('succeeded');
    await control('clock/advance', { body: { seconds: 60 } });
    const failed = await eventually(async () => {
      const current = await stripe.refunds.retrieve(refund.id);
      return current.status === 'failed' && current;
    });
    expect(failed.failure_reason).toEqual(expect.any(String));
    expect(await stripe.charges.retrieve(charge.id)).toMatchObject({ amount_refunded: 0, refunded: false });
    const updated = await eventually(() => latestEvent('charge.refund.updated', refund.id));
    expect(updated.data).toMatchObject({ object: { status: 'failed' }, previous_attributes: { status: 'succeeded' } });
    expect(await eventually(() => latestEvent('refund.failed', refund.id))).toBeTruthy();
    expect(await eventually(() => latestEvent('refund.updated', refund.id))).toBeTruthy();
  });
});
