import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { useChromium } from '../support/browser.ts';
import { simulatorStripe } from '../support/stripe-sdk.ts';
import {
  addToOrder,
  currentSessionId,
  openKiosk,
  orderAndPay,
  provisionKiosk,
  readerControl,
  recordScreens,
  see,
  sessionOf,
  tapCard,
  workerAnswers,
} from '../support/kiosk-page.ts';
import { simulatorControl } from '../support/simulated-kiosk.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();
const stripe = simulatorStripe(baseUrl);
const VISA = '4242424242424242';
const DECLINED = '4000000000000002';

async function serverDrivenKiosk(settings: Record<string, unknown> = {}) {
  const kiosk = await provisionKiosk(baseUrl, { name: 'Server-driven kiosk in trouble', readerMode: 'server-driven', ...settings });
  const { context, page } = await openKiosk(browser(), baseUrl, kiosk.kioskId);
  return { kioskId: kiosk.kioskId, readerId: kiosk.kiosk.readerId!, context, page };
}

const heading = (page: Page, name: string) => see(page.getByRole('heading', { name }));

/** The kiosk's PaymentIntents at Stripe, by status. */
async function paymentIntentStatuses(kioskId: string): Promise<string[]> {
  const intents = await stripe.paymentIntents.list({ limit: 100 });
  return intents.data.filter((pi) => pi.metadata.kioskId === kioskId).map((pi) => pi.status).sort();
}

describe('server-driven mode: the worker in trouble never tells the customer something untrue', () => {
  for (const answer of [
    { status: 503, code: 'stripe_unavailable' },
    { status: 502, code: 'stripe_error' },
    { status: 429, code: 'rate_limited', retryAfter: 1 },
  ]) {
    it(`"Try another card" answered ${answer.status} ${answer.code}: the customer is not told their card was declined again, and the reader asks for the card`, async () => {
      const { page, context } = await serverDrivenKiosk();
      await orderAndPay(page, ['Americano']);
      await tapCard(page, DECLINED);
      await heading(page, 'Payment declined');
      await workerAnswers(page, '/api/sessions/*/retry', [answer]);
      const retried = page.waitForResponse((response) => response.url().endsWith('/retry'));
      await page.getByRole('button', { name: 'Try another card' }).click();
      expect((await retried).status()).toBe(answer.status);
      // Whatever the kiosk shows meanwhile, it is not the earlier decline again.
      await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText(), { timeout: 15_000 }).not.toBe('Payment declined');
      await see(page.getByText('Insert or tap your card'));
      await tapCard(page, VISA);
      await heading(page, 'Payment successful');
      await context.close();
    });
  }

  for (const answer of [
    { status: 503, code: 'stripe_unavailable' },
    { status: 429, code: 'rate_limited', retryAfter: 1 },
  ]) {
    it(`Cancel answered ${answer.status} ${answer.code}: the kiosk never claims to be offline or that the card may be charged, and the payment is cancelled`, async () => {
      const { page, context } = await serverDrivenKiosk();
      await orderAndPay(page, ['Green Tea']);
      const sessionId = (await currentSessionId(page))!;
      const screens = await recordScreens(page);
      await workerAnswers(page, '/api/sessions/*/cancel', [answer]);
      await page.getByRole('button', { name: 'Cancel' }).click();
      await heading(page, 'Payment cancelled');
      expect(await sessionOf(baseUrl, sessionId)).toMatchObject({ status: 'cancelled' });
      const seen = await screens();
      expect(seen).not.toContain('No connection');
      expect(seen.join('\n')).not.toMatch(/may already have been charged/);
      await context.close();
    });
  }

  for (const answer of [
    { status: 500, code: 'internal_error' },
    { status: 502, code: 'stripe_error' },
  ]) {
    it(`Pay answered ${answer.status} ${answer.code} after the worker opened the session and handed it to the reader, and so was the kiosk's next ask: it gets that same session back, and the customer pays once`, async () => {
      const { kioskId, page, context } = await serverDrivenKiosk();
      let answered = 0;
      await page.route('**/api/sessions', async (route) => {
        if (route.request().method() !== 'POST' || answered++ > 1) return route.fallback();
        // The worker opens the session (the reader has it), then answers the same again; the tablet hears a failure.
        await route.fetch();
        await route.fulfill({
          status: answer.status,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: answer.code, message: `the worker answered ${answer.status}` } }),
        });
      });
      await addToOrder(page, 'Americano');
      await page.getByRole('button', { name: /^Pay / }).click();
      await see(page.getByText('Insert or tap your card'), 30_000);
      await tapCard(page, VISA);
      await heading(page, 'Payment successful');
      expect(answered).toBeGreaterThan(2);
      expect(await paymentIntentStatuses(kioskId)).toEqual(['succeeded']);
      await context.close();
    });
  }

  for (const answer of [
    { status: 502, code: 'stripe_rejected', sessionId: 'cs_5e55a0cafe0000000000000000ab12cd' },
    { status: 503, code: 'misconfigured' },
  ]) {
    it(`Pay answered ${answer.status} ${answer.code}: the customer reads that the order could not be started${answer.sessionId ? ', with the ended checkout’s reference' : ''}, never "No connection", and Pay again pays`, async () => {
      const { page, context } = await serverDrivenKiosk();
      await addToOrder(page, 'Americano');
      const screens = await recordScreens(page);
      await workerAnswers(page, '/api/sessions', [answer]);
      await page.getByRole('button', { name: /^Pay / }).click();
      await see(page.getByText('The order could not be started. Please try again.'));
      if (answer.sessionId) await see(page.getByText('Reference for staff: AB12CD'));
      expect(await screens()).not.toContain('No connection');
      await page.getByRole('button', { name: /^Pay / }).click();
      await see(page.getByText('Insert or tap your card'));
      await tapCard(page, VISA);
      await heading(page, 'Payment successful');
      await context.close();
    });
  }

  it('a reader that staff reset while it waits for the card: the customer is not told their card was declined, and Try again pays', async () => {
    const { page, context, readerId } = await serverDrivenKiosk();
    await orderAndPay(page, ['Americano']);
    const sessionId = (await currentSessionId(page))!;
    // Reset from Stripe's Dashboard: no webhook comes, the worker's own reads of the reader find it idle.
    await stripe.terminal.readers.cancelAction(readerId);
    await see(page.getByRole('button', { name: /^Try / }), 30_000);
    const screen = await page.locator('main').innerText();
    expect(screen).not.toMatch(/declined/i);
    await see(page.getByText('The card reader stopped before a card was read. You have not been charged.'));
    await page.getByRole('button', { name: /^Try / }).click();
    await see(page.getByText('Insert or tap your card'));
    await tapCard(page, VISA);
    await heading(page, 'Payment successful');
    expect(await sessionOf(baseUrl, sessionId)).toMatchObject({ status: 'success' });
    await context.close();
  });
});

describe('server-driven mode: the kiosk keeps following the payment through what a real store goes through', () => {
  afterEach(async () => simulatorControl(baseUrl, 'webhooks', { mode: 'immediate' }));

  it('a tablet asleep while the customer pays shows that they paid as it wakes', async () => {
    const { page, context, readerId } = await serverDrivenKiosk();
    await orderAndPay(page, ['Americano']);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(readerId, { card_present: { number: VISA } });
    await cdp.send('Page.setWebLifecycleState', { state: 'active' });
    await heading(page, 'Payment successful');
    await see(page.getByText('Visa •••• 4242'));
    await context.close();
  });

  it('every Stripe webhook lost: the worker’s own reads of the reader bring a decline, another card, a cancel on the reader and a payment to the kiosk', async () => {
    await simulatorControl(baseUrl, 'webhooks', { mode: 'paused' });
    const { page, context, readerId } = await serverDrivenKiosk();
    await orderAndPay(page, ['Americano']);
    await tapCard(page, DECLINED);
    await heading(page, 'Payment declined');
    await page.getByRole('button', { name: 'Try another card' }).click();
    await see(page.getByText('Insert or tap your card'));
    await readerControl(baseUrl, readerId, 'customer-cancel');
    await heading(page, 'Payment cancelled');
    await heading(page, 'Menu');
    await orderAndPay(page, ['Americano']);
    await tapCard(page, VISA);
    await heading(page, 'Payment successful');
    await see(page.getByText('Your order number'), 30_000);
    await context.close();
  });
});
