import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { READER_MODES, type ReaderMode } from '../../shared/api.ts';
import { newKiosk, useChromium } from '../support/browser.ts';
import { simulatorStripe } from '../support/stripe-sdk.ts';
import {
  addToOrder,
  currentSessionId,
  openKiosk,
  orderAndPay,
  pairingCodeFor,
  provisionKiosk,
  recordScreens,
  see,
  sessionOf,
  sessionsWithReference,
  startOrdering,
  tapCard,
  workerAnswers,
} from '../support/kiosk-page.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();
const stripe = simulatorStripe(baseUrl);

/** The customer's card is declined (Stripe's generic-decline test card), by the kiosk's reader in either mode. */
async function declineCard(page: Page, readerMode: ReaderMode, readerId: string | null | undefined) {
  const declined = '4000000000000002';
  if (readerMode === 'server-driven') await stripe.testHelpers.terminal.readers.presentPaymentMethod(readerId!, { card_present: { number: declined } });
  else await tapCard(page, declined);
  await see(page.getByRole('heading', { name: 'Payment declined' }), 30_000);
}

for (const readerMode of READER_MODES) {
  describe(`no dead ends (${readerMode})`, () => {
    it('a 6-second network drop while the reader waits keeps the payment: the customer is told, then their card pays', async () => {
      const { kioskId } = await provisionKiosk(baseUrl, { name: `Network drop (${readerMode})`, readerMode });
      const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
      await orderAndPay(page, ['Americano']);
      const sessionId = (await currentSessionId(page))!;
      const screensSeen = await recordScreens(page);

      await context.setOffline(true);
      await see(page.getByText('The connection dropped. Your order is kept: reconnecting…'));
      await see(page.getByText('$4.50'));
      await page.waitForTimeout(6_000);
      await context.setOffline(false);

      await see(page.getByText('Insert or tap your card'));
      await tapCard(page, '4242424242424242');
      await see(page.getByRole('heading', { name: 'Payment successful' }));
      const session = await sessionOf(baseUrl, sessionId);
      expect(session.status).toBe('success');
      const seen = await screensSeen();
      expect(seen.filter((text) => /busy|No connection/.test(text))).toEqual([]);
      await context.close();
    });

    it('a card presented while the tablet’s network is down is not lost: the payment goes through once it is back', async () => {
      const { kioskId, kiosk } = await provisionKiosk(baseUrl, { name: `Card while offline (${readerMode})`, readerMode });
      const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
      await orderAndPay(page, ['Bagel']);
      const sessionId = (await currentSessionId(page))!;
      await context.setOffline(true);
      await see(page.getByText('The connection dropped.', { exact: false }));
      await stripe.testHelpers.terminal.readers.presentPaymentMethod(kiosk.readerId!, { card_present: { number: '4242424242424242' } });
      await context.setOffline(false);
      await see(page.getByRole('heading', { name: 'Payment successful' }));
      expect((await sessionOf(baseUrl, sessionId)).status).toBe('success');
      const intents = await stripe.paymentIntents.list({ limit: 100 });
      expect(intents.data.filter((pi) => pi.metadata.sessionId === sessionId).map((pi) => pi.status)).toEqual(['succeeded']);
      await context.close();
    });

    it('a customer who walks away from the reader is asked "Are you still there?"; Continue keeps the payment, no answer ends the screen with the session', { timeout: 90_000 }, async () => {
      // Two real session timeouts of 16 s each, with the prompts before them: more than the default minute on a busy machine.
      const { kioskId } = await provisionKiosk(baseUrl, { name: `Walk away (${readerMode})`, readerMode, sessionTimeoutSeconds: 16 });
      const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
      await orderAndPay(page, ['Croissant']);
      const sessionId = (await currentSessionId(page))!;
      const { amount, expiresAt: firstExpiry } = await sessionOf(baseUrl, sessionId);
      const price = `$${(amount / 100).toFixed(2)}`;

      const prompt = await see(page.getByRole('alertdialog', { name: 'Are you still there?' }), 20_000);
      await see(prompt.getByText(/^This payment will be cancelled in \d+ s\.$/));
      await prompt.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('alertdialog').waitFor({ state: 'detached' });
      await expect.poll(async () => (await sessionOf(baseUrl, sessionId)).expiresAt).toBeGreaterThan(firstExpiry!);
      await see(page.getByRole('heading', { name: 'Insert or tap your card' }));

      // Nobody answers the second time: the server ends the session, and the screen ends with it.
      await see(page.getByRole('alertdialog', { name: 'Are you still there?' }), 20_000);
      await see(page.getByRole('heading', { name: 'Welcome' }), 30_000);
      expect(await sessionOf(baseUrl, sessionId)).toMatchObject({ status: 'cancelled', cancellationReason: 'expired' });
      expect(await page.getByText(price, { exact: true }).count()).toBe(0);
      await startOrdering(page);
      await see(page.getByText('Tap an item to add it.'));
      await context.close();
    });

    it('a customer looking for another card after a decline answers "Are you still there?" with Continue: the payment stays open for them', { timeout: 90_000 }, async () => {
      const { kioskId, kiosk } = await provisionKiosk(baseUrl, { name: `Decline, then Continue (${readerMode})`, readerMode, sessionTimeoutSeconds: 20 });
      const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
      await orderAndPay(page, ['Americano']);
      const sessionId = (await currentSessionId(page))!;
      await declineCard(page, readerMode, kiosk.readerId);
      await expect.poll(async () => (await sessionOf(baseUrl, sessionId)).status).toBe('failed');
      const { expiresAt: deadline } = await sessionOf(baseUrl, sessionId);

      const prompt = await see(page.getByRole('alertdialog', { name: 'Are you still there?' }), 30_000);
      await see(prompt.getByText(/^This payment will be cancelled in \d+ s\.$/));
      await prompt.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('alertdialog').waitFor({ state: 'detached' });

      // Continue extends the payment (README, "Enough time"): the server's deadline moves on, the session stays declined.
      await expect.poll(async () => (await sessionOf(baseUrl, sessionId)).expiresAt ?? 0).toBeGreaterThan(deadline!);
      expect(await sessionOf(baseUrl, sessionId)).toMatchObject({ status: 'failed' });
      await see(page.getByRole('button', { name: 'Try another card' }));
      await context.close();
    });

    it('a customer who answers "Are you still there?" with "Cancel payment" gets the payment cancelled and their order back, as with Cancel', { timeout: 60_000 }, async () => {
      const { kioskId } = await provisionKiosk(baseUrl, { name: `Still there, cancel (${readerMode})`, readerMode, sessionTimeoutSeconds: 16 });
      const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
      await orderAndPay(page, ['Croissant']);
      const sessionId = (await currentSessionId(page))!;
      const prompt = await see(page.getByRole('alertdialog', { name: 'Are you still there?' }), 20_000);
      await prompt.getByRole('button', { name: 'Cancel payment' }).click();
      await see(page.getByRole('heading', { name: 'Payment cancelled' }));
      await see(page.getByRole('button', { name: 'Remove one Croissant' }));
      await see(page.getByRole('button', { name: 'Pay $3.50' }));
      expect(await sessionOf(baseUrl, sessionId)).toMatchObject({ status: 'cancelled', cancellationReason: 'customer' });
      await context.close();
    });

    it('a customer who walks away after a decline is asked first; nobody answers: the payment is cancelled and the next customer gets the start screen', { timeout: 90_000 }, async () => {
      const { kioskId, kiosk } = await provisionKiosk(baseUrl, { name: `Decline, then gone (${readerMode})`, readerMode, sessionTimeoutSeconds: 16 });
      const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
      await orderAndPay(page, ['Croissant']);
      const sessionId = (await currentSessionId(page))!;
      await declineCard(page, readerMode, kiosk.readerId);
      await see(page.getByRole('alertdialog', { name: 'Are you still there?' }), 30_000);
      await see(page.getByRole('heading', { name: 'Welcome' }), 30_000);
      await expect.poll(async () => (await sessionOf(baseUrl, sessionId)).status).toBe('cancelled');
      expect((await stripe.paymentIntents.retrieve((await sessionOf(baseUrl, sessionId)).paymentIntentId)).status).toBe('canceled');
      await startOrdering(page);
      await see(page.getByText('Tap an item to add it.'));
      await context.close();
    });
  });
}

describe('"Are you still there?" on a tablet whose clock is wrong (kiosk tablets\' clocks often are)', () => {
  for (const [clock, skewMs] of [['ten minutes ahead', 600_000], ['ten minutes behind', -600_000]] as const) {
    it(`a tablet whose clock runs ${clock} asks halfway to the server's end of the payment, not at once and not never; Continue keeps it`, { timeout: 60_000 }, async () => {
      const { kioskId } = await provisionKiosk(baseUrl, { name: `Clock ${clock}`, readerMode: 'server-driven', sessionTimeoutSeconds: 16 });
      const { context, page } = await newKiosk(browser(), baseUrl);
      await page.clock.install({ time: Date.now() + skewMs });
      await page.goto((await pairingCodeFor(baseUrl, kioskId)).url);
      await startOrdering(page);
      await orderAndPay(page, ['Croissant']);
      const sessionId = (await currentSessionId(page))!;
      const { expiresAt } = await sessionOf(baseUrl, sessionId);

      const prompt = await see(page.getByRole('alertdialog', { name: 'Are you still there?' }), 20_000);
      // The worker's clock is this machine's: the kiosk asks about 8 s before the 16 s session ends, by that clock.
      const askedAt = Date.now();
      expect(askedAt).toBeGreaterThan(expiresAt! - 12_000);
      expect(askedAt).toBeLessThan(expiresAt!);
      await see(prompt.getByText(/^This payment will be cancelled in \d+ s\.$/));
      await prompt.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('alertdialog').waitFor({ state: 'detached' });
      await expect.poll(async () => (await sessionOf(baseUrl, sessionId)).expiresAt).toBeGreaterThan(expiresAt!);
      expect((await sessionOf(baseUrl, sessionId)).status).toBe('waiting_card');
      await see(page.getByRole('heading', { name: 'Insert or tap your card' }));
      await context.close();
    });
  }
});

describe('no dead ends when an operator changes the kiosk under a customer', () => {
  it('"eat here or take away?" turned on, then off, while customers order: Pay again after the refusal asks as the kiosk now does, and pays', async () => {
    const { kioskId } = await provisionKiosk(baseUrl, { name: 'Service mode switched', readerMode: 'js-sdk' });
    const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
    const askServiceMode = async (ask: boolean) => {
      const res = await fetch(`${baseUrl}/api/admin/kiosks/${kioskId}`, {
        method: 'PATCH',
        headers: { Authorization: 'Bearer dev-admin-token', 'Content-Type': 'application/json' },
        body: JSON.stringify({ askServiceMode: ask }),
      });
      expect(res.status).toBe(200);
    };

    await askServiceMode(true);
    await page.getByRole('button', { name: /^Bagel/ }).click();
    await page.getByRole('button', { name: 'Pay $3.00' }).click();
    await see(page.getByText('The order could not be started. Please try again.'));
    // Long before the kiosk's next heartbeat (every half minute) would have told it.
    await page.getByRole('button', { name: 'Pay $3.00' }).click();
    await see(page.getByRole('heading', { name: 'Eat here or take away?' }), 5_000);
    await page.getByRole('button', { name: 'Take away' }).click();
    await see(page.getByText('Insert or tap your card'));
    await tapCard(page, '4242424242424242');
    await see(page.getByRole('heading', { name: 'Payment successful' }));
    await page.getByRole('button', { name: 'Done' }).click();

    await askServiceMode(false);
    await startOrdering(page);
    await page.getByRole('button', { name: /^Bagel/ }).click();
    await page.getByRole('button', { name: 'Pay $3.00' }).click();
    await page.getByRole('button', { name: 'Eat here' }).click();
    await see(page.getByText('The order could not be started. Please try again.'));
    await page.getByRole('button', { name: 'Pay $3.00' }).click();
    await see(page.getByText('Insert or tap your card'), 5_000);
    await context.close();
  });
});

describe('no dead ends when the order total is more than Stripe takes', () => {
  it('Pay refused with amount_out_of_range: the customer reads that the total is more than this kiosk can take and what to do instead, never "try again"', async () => {
    const { kioskId } = await provisionKiosk(baseUrl, { name: 'Total too high', readerMode: 'js-sdk' });
    const { context, page } = await newKiosk(browser(), baseUrl);
    // An item priced beyond Stripe's largest charge ($999,999.99) when ordered twice, as an operator's typo could price it.
    await page.route('**/api/catalog', async (route) => {
      const response = await route.fetch();
      const catalog = (await response.json()) as { items: { id: string; price: number }[] };
      for (const item of catalog.items) if (item.id === 'americano') item.price = 60_000_000;
      await route.fulfill({ response, json: catalog });
    });
    await workerAnswers(page, '/api/sessions', [{ status: 400, code: 'amount_out_of_range' }]);
    await page.goto((await pairingCodeFor(baseUrl, kioskId)).url);
    await startOrdering(page);
    await addToOrder(page, 'Americano');
    await addToOrder(page, 'Americano');
    await page.getByRole('button', { name: /^Pay / }).click();

    await see(page.getByText('The total is more than this kiosk can take. Please remove something, or ask staff.'));
    expect(await page.getByText('Please try again.').count()).toBe(0);
    await context.close();
  });
});

describe('no dead ends on "No connection"', () => {
  it('a customer whose card was read before the connection went is told not to pay again, with a reference staff find; then sees they paid', async () => {
    const { kioskId } = await provisionKiosk(baseUrl, { name: 'Charged, then offline', readerMode: 'js-sdk' });
    const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
    await orderAndPay(page, ['Bagel']);
    const sessionId = (await currentSessionId(page))!;
    // The kiosk's server stops answering as the card is read: the worker charges it, the kiosk cannot hear so.
    await page.route('**/api/sessions/*/complete', (route) => route.abort('internetdisconnected'));
    await tapCard(page, '4242424242424242');

    await see(page.getByRole('heading', { name: 'No connection' }));
    await see(page.getByText('Your card may already have been charged. We are checking: please do not pay again.'));
    const shown = await see(page.getByText(/^Reference for staff: [0-9A-F]{6}$/));
    const reference = (await shown.innerText()).split(': ')[1]!;
    await expect.poll(() => sessionsWithReference(baseUrl, reference)).toEqual([sessionId]);

    await page.unroute('**/api/sessions/*/complete');
    await see(page.getByRole('heading', { name: 'Payment successful' }), 30_000);
    expect((await sessionOf(baseUrl, sessionId)).status).toBe('success');
    await context.close();
  });

  it('server-driven: a tablet that restarts offline after its reader took the card tells the customer not to pay again, then shows they paid', async () => {
    const { kioskId, kiosk } = await provisionKiosk(baseUrl, { name: 'Offline restart, reader paid', readerMode: 'server-driven' });
    const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
    // The restart offline is served by the service worker.
    await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated', null, { timeout: 30_000 });
    await orderAndPay(page, ['Bagel']);
    const sessionId = (await currentSessionId(page))!;

    // The tablet's network goes; the reader, on its own connection (as server-driven allows), takes the card.
    await context.setOffline(true);
    await see(page.getByText('The connection dropped.', { exact: false }));
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(kiosk.readerId!, { card_present: { number: '4242424242424242' } });
    await expect.poll(async () => (await sessionOf(baseUrl, sessionId)).status, { timeout: 30_000 }).toBe('success');

    await page.reload();
    await see(page.getByRole('heading', { name: 'No connection' }), 30_000);
    await see(page.getByText('Your card may already have been charged. We are checking: please do not pay again.'));
    await see(page.getByText(/^Reference for staff: /));

    await context.setOffline(false);
    await see(page.getByRole('heading', { name: 'Payment successful' }), 30_000);
    await context.close();
  });
});

describe('a busy worker is not "No connection"', () => {
  for (const answer of [
    { status: 503, code: 'stripe_unavailable', retryAfter: 2 },
    { status: 429, code: 'rate_limited', retryAfter: 2 },
  ]) {
    it(`the card read, the payment's check answered ${answer.status} ${answer.code}: the customer keeps reading that it is checked, the kiosk asks again after Retry-After, then shows they paid`, async () => {
      const { kioskId } = await provisionKiosk(baseUrl, { name: `Busy check (${answer.status})`, readerMode: 'js-sdk' });
      const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
      await orderAndPay(page, ['Bagel']);
      const sessionId = (await currentSessionId(page))!;
      const screens = await recordScreens(page);
      const completes = await workerAnswers(page, '/api/sessions/*/complete', [answer]);
      await tapCard(page, '4242424242424242');

      await see(page.getByRole('heading', { name: 'Payment successful' }), 30_000);
      expect((await sessionOf(baseUrl, sessionId)).status).toBe('success');
      const seen = await screens();
      expect(seen).toContain('Checking the payment…');
      expect(seen).not.toContain('No connection');
      const [first, second] = completes();
      expect(second! - first!).toBeGreaterThanOrEqual(answer.retryAfter * 1000 - 100);
      await context.close();
    });
  }

  it('Pay answered 429 with Retry-After: the customer reads that the service is busy, never "No connection"; the kiosk asks again after it, and the card pays once', async () => {
    const { kioskId } = await provisionKiosk(baseUrl, { name: 'Busy pay', readerMode: 'js-sdk' });
    const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
    const screens = await recordScreens(page);
    const creates = await workerAnswers(page, '/api/sessions', [{ status: 429, code: 'rate_limited', retryAfter: 2 }]);
    await orderAndPay(page, ['Green Tea']);
    await tapCard(page, '4242424242424242');

    await see(page.getByRole('heading', { name: 'Payment successful' }), 30_000);
    const seen = await screens();
    expect(seen).not.toContain('No connection');
    expect(seen).toContain('The payment service is busy. Trying again…');
    const [first, second] = creates();
    expect(second! - first!).toBeGreaterThanOrEqual(1_900);
    await context.close();
  });

  it('Cancel after a decline answered 429 with Retry-After: the customer reads on the decline screen that the service is busy and it is tried again, then the payment is cancelled', async () => {
    const { kioskId } = await provisionKiosk(baseUrl, { name: 'Busy cancel after a decline', readerMode: 'js-sdk' });
    const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
    await orderAndPay(page, ['Green Tea']);
    await declineCard(page, 'js-sdk', null);
    await workerAnswers(page, '/api/sessions/*/cancel', [{ status: 429, code: 'rate_limited', retryAfter: 3 }]);
    await page.getByRole('button', { name: 'Cancel' }).click();

    await see(page.getByRole('status').getByText('The payment service is busy. Trying again…'));
    await see(page.getByRole('heading', { name: 'Payment cancelled' }), 30_000);
    await context.close();
  });

  it('Cancel on the waiting screen answered 503 while the worker is busy: the heading says the payment is being cancelled, with the busy notice, never "Connecting to the card reader…"', async () => {
    const { kioskId } = await provisionKiosk(baseUrl, { name: 'Busy cancel while waiting', readerMode: 'js-sdk' });
    const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
    await orderAndPay(page, ['Green Tea']);
    await workerAnswers(page, '/api/sessions/*/cancel', [{ status: 503, code: 'stripe_unavailable', retryAfter: 3 }]);
    const screens = await recordScreens(page);
    await page.getByRole('button', { name: 'Cancel' }).click();

    await see(page.getByRole('heading', { name: 'Cancelling the payment…' }));
    await see(page.getByRole('status').getByText('The payment service is busy. Trying again…'));
    await see(page.getByRole('heading', { name: 'Payment cancelled' }), 30_000);
    expect(await screens()).not.toContain('Connecting to the card reader…');
    await context.close();
  });

  it('Cancel answered 429 with Retry-After: the customer reads that the service is busy, never that it is out of reach or offline; the kiosk asks again only after it, and the payment is cancelled', async () => {
    const { kioskId } = await provisionKiosk(baseUrl, { name: 'Busy cancel', readerMode: 'js-sdk' });
    const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
    await orderAndPay(page, ['Green Tea']);
    const sessionId = (await currentSessionId(page))!;
    const screens = await recordScreens(page);
    const cancels = await workerAnswers(page, '/api/sessions/*/cancel', [{ status: 429, code: 'rate_limited', retryAfter: 2 }]);
    await page.getByRole('button', { name: 'Cancel' }).click();

    await see(page.getByRole('heading', { name: 'Payment cancelled' }), 30_000);
    expect(await sessionOf(baseUrl, sessionId)).toMatchObject({ status: 'cancelled' });
    const seen = await screens();
    expect(seen).not.toContain('No connection');
    expect(seen).toContain('The payment service is busy. Trying again…');
    expect(seen.join('\n')).not.toMatch(/could not reach/);
    const [first, second] = cancels();
    expect(second! - first!).toBeGreaterThanOrEqual(1_900);
    await context.close();
  });
});
