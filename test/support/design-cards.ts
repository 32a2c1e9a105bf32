import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ReaderMode } from '../../shared/api.ts';
import { useChromium } from './browser.ts';
import { currentSessionId, openKiosk, orderAndPay, provisionKiosk, see, sessionOf, startOrdering, tapCard } from './kiosk-page.ts';
import { simulatorStripe } from './stripe-sdk.ts';

// The five successful cards of the design's table, and what the customer sees on the success screen.
const SUCCESS_CARDS = [
  ['4242424242424242', 'Visa •••• 4242'],
  ['4000056655665556', 'Visa •••• 5556'],
  ['5555555555554444', 'Mastercard •••• 4444'],
  ['5200828282828210', 'Mastercard •••• 8210'],
  ['378282246310005', 'American Express •••• 0005'],
] as const;

// The five declining cards of the design's table, each with its own words for the customer.
const DECLINE_CARDS = [
  ['4000000000000002', 'Your card was declined. Please try another card.'],
  ['4000000000009995', 'There is not enough money on this card.'],
  ['4000000000009987', 'This card cannot be used. Please use another card.'],
  ['4000000000000069', 'This card has expired.'],
  ['4000000000000119', 'The card could not be processed. Please try again.'],
] as const;

/** Every card of the design at one kiosk of the reader mode: what the customer sees, and what Stripe holds. */
export function describeDesignCards(readerMode: ReaderMode) {
  const baseUrl = inject('baseUrl');
  const stripe = simulatorStripe(baseUrl);
  const browser = useChromium();
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    const kiosk = await provisionKiosk(baseUrl, { name: `Test-card kiosk (${readerMode})`, readerMode });
    ({ context, page } = await openKiosk(browser(), baseUrl, kiosk.kioskId));
  });
  afterAll(async () => {
    await context?.close();
  });

  /** "Done" on the success screen, then the next customer starts. */
  async function nextCustomer() {
    await page.getByRole('button', { name: 'Done' }).click();
    await startOrdering(page);
  }

  describe(`every test card of the design, at the kiosk (${readerMode})`, () => {
    for (const [card, shown] of SUCCESS_CARDS) {
      it(`${card} pays and the screen shows "${shown}" with the amount and a receipt QR code`, async () => {
        await orderAndPay(page, ['Café Latte']);
        const sessionId = await currentSessionId(page);
        await tapCard(page, card);
        await see(page.getByRole('heading', { name: 'Payment successful' }));
        await see(page.getByText(shown));
        await see(page.getByText('$5.50'));
        await see(page.getByRole('img', { name: 'Scan for your receipt' }));
        const session = await sessionOf(baseUrl, sessionId!);
        expect(session.status).toBe('success');
        await nextCustomer();
      });
    }

    for (const [card, reason] of DECLINE_CARDS) {
      it(`${card} is declined with "${reason}", and another card then pays the same PaymentIntent`, async () => {
        await orderAndPay(page, ['Bagel']);
        const sessionId = await currentSessionId(page);
        await tapCard(page, card);
        await see(page.getByRole('heading', { name: 'Payment declined' }));
        await see(page.getByText(reason));

        await page.getByRole('button', { name: 'Try another card' }).click();
        await see(page.getByText('Insert or tap your card'));
        await tapCard(page, '5555555555554444');
        await see(page.getByRole('heading', { name: 'Payment successful' }));

        const session = await sessionOf(baseUrl, sessionId!);
        expect(session.status).toBe('success');
        const charges = await stripe.charges.list({ payment_intent: session.paymentIntentId });
        expect(charges.data.map((c) => c.status).sort()).toEqual(['failed', 'succeeded']);
        await nextCustomer();
      });
    }
  });
}
