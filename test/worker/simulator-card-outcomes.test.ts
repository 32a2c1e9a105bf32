import { describe, expect, it } from 'vitest';
import { AMOUNT_ENDING_DECLINES, TEST_CARDS } from '../../shared/test-cards.ts';
import { newPaymentIntent, newReader, payOnReader, stripe } from './simulator-client.ts';

/** Stripe reports these declines with their own error code; every other decline is `card_declined`. */
const ERROR_CODE: Record<string, string> = { expired_card: 'expired_card', processing_error: 'processing_error' };

describe('simulator: every test card gives Stripe\'s outcome on the server-driven reader', () => {
  for (const card of TEST_CARDS.filter((c) => !c.declineCode)) {
    it(`${card.label} (${card.number}) is approved with its brand, funding, last4 and receipt`, async () => {
      const { paymentIntent, charge, reader } = await payOnReader((await newPaymentIntent()).id, card.number);
      expect(paymentIntent).toMatchObject({ status: 'succeeded', amount_received: 1000, last_payment_error: null });
      expect(reader.action).toMatchObject({ type: 'process_payment_intent', status: 'succeeded', failure_code: null });
      expect(charge).toMatchObject({ paid: true, status: 'succeeded', failure_code: null });
      expect(charge!.receipt_url).toMatch(/^https:\/\/pay\.stripe\.com\/receipts\//);
      const details = charge!.payment_method_details!;
      expect(details.type).toBe('card_present');
      expect(details.card_present).toMatchObject({
        brand: card.brand,
        funding: card.funding,
        last4: card.number.slice(-4),
        read_method: card.verification ? 'contact_emv' : 'contactless_emv',
        receipt: {
          authorization_code: expect.any(String),
          application_preferred_name: expect.any(String),
          dedicated_file_name: expect.any(String),
          cardholder_verification_method: card.verification ?? 'none',
        },
      });
    });
  }

  for (const card of TEST_CARDS.filter((c) => c.declineCode)) {
    it(`${card.label} (${card.number}) is declined with ${card.declineCode}, leaving the PaymentIntent open`, async () => {
      const code = ERROR_CODE[card.declineCode!] ?? 'card_declined';
      const { paymentIntent, charge, reader } = await payOnReader((await newPaymentIntent()).id, card.number);
      expect(paymentIntent).toMatchObject({
        status: 'requires_payment_method',
        payment_method: null,
        last_payment_error: { type: 'card_error', code, decline_code: card.declineCode },
      });
      expect(charge).toMatchObject({ paid: false, status: 'failed', failure_code: code, receipt_url: null });
      expect(reader.action).toMatchObject({
        status: 'failed',
        failure_code: code,
        failure_message: paymentIntent.last_payment_error!.message,
        // The 2026-05-27.dahlia changelog: api_error "contains the error type, code, message, decline_code, doc_url,
        // request_log_url, and param".
        api_error: {
          type: 'card_error',
          code,
          decline_code: card.declineCode,
          request_log_url: expect.stringMatching(/^https:\/\/dashboard\.stripe\.com\/test\/logs\/req_/),
        },
      });
    });
  }

  for (const [ending, declineCode] of Object.entries(AMOUNT_ENDING_DECLINES)) {
    it(`an amount ending in .${ending.padStart(2, '0')} is declined with ${declineCode}, whatever the card`, async () => {
      const amount = 1000 + Number(ending);
      const { paymentIntent } = await payOnReader((await newPaymentIntent({ amount })).id, '4242424242424242');
      expect(paymentIntent).toMatchObject({
        status: 'requires_payment_method',
        last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: declineCode },
      });
    });
  }

  it('an amount ending in .00 is approved', async () => {
    const { paymentIntent } = await payOnReader((await newPaymentIntent({ amount: 2000 })).id, '4242424242424242');
    expect(paymentIntent.status).toBe('succeeded');
  });

  it('after a decline, another card on the same PaymentIntent succeeds and only it is paid', async () => {
    const pi = await newPaymentIntent();
    const reader = await newReader();
    await payOnReader(pi.id, '4000000000000002', reader.id);
    const { paymentIntent, charge } = await payOnReader(pi.id, '5555555555554444', reader.id);
    expect(paymentIntent).toMatchObject({ status: 'succeeded', last_payment_error: null });
    expect(charge!.payment_method_details!.card_present).toMatchObject({ brand: 'mastercard', last4: '4444' });
    const charges = await stripe.charges.list({ payment_intent: pi.id });
    expect(charges.data.map((c) => c.status).sort()).toEqual(['failed', 'succeeded']);
  });

  it('an on-reader tip (amount_tip) is added to the amount and recorded as the tip where the reader offers tipping', async () => {
    const pi = await newPaymentIntent({ amount: 1000 });
    const tipping = await stripe.terminal.configurations.create({ tipping: { usd: { percentages: [10, 15, 20] } } });
    const reader = await newReader('simulated-wpe', { configuration_overrides: tipping.id });
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, {
      card_present: { number: '4242424242424242' },
      amount_tip: 200,
    });
    expect(await stripe.paymentIntents.retrieve(pi.id)).toMatchObject({
      status: 'succeeded',
      amount: 1200,
      amount_received: 1200,
      amount_details: { tip: { amount: 200 } },
    });
  });

  // Stripe's Terminal SDKs list it among the simulated test cards: Android's SimulatedCardType.VISA_US_COMMON_DEBIT
  // ("Visa Debit card supporting US Debit"), iOS's SCPSimulatedCardTypeVisaUsCommonDebit.
  it('the Visa US Common Debit card (4000058400000048) is approved as a Visa debit card', async () => {
    const { paymentIntent, charge } = await payOnReader((await newPaymentIntent()).id, '4000058400000048');
    expect(paymentIntent.status).toBe('succeeded');
    expect(charge!.payment_method_details!.card_present).toMatchObject({ brand: 'visa', funding: 'debit', last4: '0048' });
  });

  it('a number that is not a test card is rejected naming card_present[number]', async () => {
    const pi = await newPaymentIntent();
    const reader = await newReader();
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    await expect(
      stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { card_present: { number: '4111111111111111' } }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'card_present[number]' });
  });
});
