import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useChromium } from '../support/browser.ts';
import {
  addToOrder,
  currentSessionId,
  openKiosk,
  orderAndPay,
  provisionKiosk,
  readerControl,
  see,
  sessionOf,
  sessionsWithReference,
  tapCard,
} from '../support/kiosk-page.ts';
import { simulatorStripe } from '../support/stripe-sdk.ts';

const baseUrl = inject('baseUrl');
const stripe = simulatorStripe(baseUrl);
const browser = useChromium();
const VISA = '4242424242424242';

/** A server-driven kiosk of its own with its simulated reader, open on a fresh tablet. */
async function serverDrivenKiosk(settings: Record<string, unknown> = {}) {
  const kiosk = await provisionKiosk(baseUrl, { name: 'Server-driven kiosk', readerMode: 'server-driven', ...settings });
  const { context, page } = await openKiosk(browser(), baseUrl, kiosk.kioskId);
  return { kioskId: kiosk.kioskId, readerId: kiosk.kiosk.readerId!, context, page };
}

/** What the kiosk asks of its worker from now on: HTTP calls to /api and WebSockets opened. */
function watchKioskTraffic(page: Page) {
  const requests: string[] = [];
  const sockets: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) requests.push(`${request.method()} ${url.pathname}`);
  });
  page.on('websocket', (socket) => sockets.push(new URL(socket.url()).pathname));
  return { requests, sockets };
}

const heading = (page: Page, name: string) => see(page.getByRole('heading', { name }));

/** The kiosk's PaymentIntents at Stripe, by status. */
async function paymentIntentStatuses(kioskId: string): Promise<string[]> {
  const intents = await stripe.paymentIntents.list({ limit: 100 });
  return intents.data.filter((pi) => pi.metadata.kioskId === kioskId).map((pi) => pi.status).sort();
}

describe('server-driven mode: the worker hands the payment to the reader, the kiosk follows it', () => {
  /**
   * Orders `item` and pays with `cards` in turn (each but the last declined), up to the order number on screen; what
   * the kiosk asked of its worker meanwhile: its requests about the payment (a heartbeat or a menu refresh may fall in
   * the same seconds, and the developer panel's tap is the customer's card at the reader, not the kiosk's request),
   * all its requests, and its WebSockets.
   */
  async function payWatched(page: Page, item: string, cards: string[]) {
    await addToOrder(page, item);
    const traffic = watchKioskTraffic(page);
    await page.getByRole('button', { name: /^Pay / }).click();
    for (const [i, card] of cards.entries()) {
      if (i > 0) {
        await heading(page, 'Payment declined');
        await page.getByRole('button', { name: 'Try another card' }).click();
      }
      await see(page.getByText('Insert or tap your card'));
      await tapCard(page, card);
    }
    await heading(page, 'Payment successful');
    await see(page.getByText('Your order number'));
    const requests = traffic.requests.filter((request) => !request.endsWith('/present'));
    const forThePayment = requests.filter((request) => request.includes('/api/sessions')).map((request) => request.replace(/cs_\w+/, ':id'));
    return { requests, forThePayment, sockets: traffic.sockets };
  }

  it('one payment costs the kiosk at most 3 HTTP requests and 1 WebSocket, from Pay to the success screen with its order number', async () => {
    const { page, context } = await serverDrivenKiosk();
    const traffic = await payWatched(page, 'Americano', [VISA]);
    // The live channel brings the payment with its order number: the session, its channel's ticket and the socket.
    expect(traffic.requests.length).toBeLessThanOrEqual(3);
    expect(traffic.forThePayment).toEqual(['POST /api/sessions', 'POST /api/sessions/:id/live']);
    expect(traffic.sockets).toHaveLength(1);
    await context.close();
  });

  it('a declined card, then another: still at most 3 HTTP requests and 1 WebSocket for the whole payment', async () => {
    const { page, context } = await serverDrivenKiosk();
    const traffic = await payWatched(page, 'Bagel', ['4000000000000002', VISA]);
    expect(traffic.forThePayment).toEqual(['POST /api/sessions', 'POST /api/sessions/:id/live', 'POST /api/sessions/:id/retry']);
    expect(traffic.sockets).toHaveLength(1);
    await context.close();
  });

  it('Cancel at the kiosk takes the payment back from the reader and cancels the PaymentIntent', async () => {
    const { page, context, readerId } = await serverDrivenKiosk();
    await orderAndPay(page, ['Green Tea']);
    const sessionId = (await currentSessionId(page))!;
    await page.getByRole('button', { name: 'Cancel' }).click();
    await heading(page, 'Payment cancelled');
    const session = await sessionOf(baseUrl, sessionId);
    expect(session).toMatchObject({ status: 'cancelled', cancellationReason: 'customer' });
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('canceled');
    expect(await stripe.terminal.readers.retrieve(readerId)).toMatchObject({ action: null });
    await heading(page, 'Menu');
    await context.close();
  });

  it('a customer who cancels on the reader sees the payment cancelled at the kiosk, then the menu', async () => {
    const { page, context, readerId } = await serverDrivenKiosk();
    await orderAndPay(page, ['Croissant']);
    const sessionId = (await currentSessionId(page))!;
    await readerControl(baseUrl, readerId, 'customer-cancel');
    await heading(page, 'Payment cancelled');
    expect(await sessionOf(baseUrl, sessionId)).toMatchObject({ status: 'cancelled', cancellationReason: 'customer' });
    await heading(page, 'Menu');
    await context.close();
  });

  it('a payment canceled in the Stripe Dashboard while the customer is at the reader shows cancelled at the kiosk, then the menu', async () => {
    const { page, context, readerId } = await serverDrivenKiosk();
    await orderAndPay(page, ['Croissant']);
    const sessionId = (await currentSessionId(page))!;
    await stripe.paymentIntents.cancel((await sessionOf(baseUrl, sessionId)).paymentIntentId);
    await heading(page, 'Payment cancelled');
    expect(await sessionOf(baseUrl, sessionId)).toMatchObject({ status: 'cancelled' });
    await expect.poll(async () => ((await stripe.terminal.readers.retrieve(readerId)) as { action?: { status: string } | null }).action?.status).not.toBe('in_progress');
    await heading(page, 'Menu');
    await context.close();
  });

  it('a reader that is offline gets staff to bring it back; Try again then takes the payment', async () => {
    const { page, context, readerId, kioskId } = await serverDrivenKiosk();
    await readerControl(baseUrl, readerId, 'offline');
    await page.getByRole('button', { name: /^Bagel/ }).click();
    await page.getByRole('button', { name: /^Pay / }).click();
    await heading(page, 'Please ask a member of staff');
    await see(page.getByText('The card reader is offline.', { exact: false }));
    expect(await paymentIntentStatuses(kioskId)).toEqual(['canceled']);
    // The checkout the refusal ended is the one staff find by the reference on the screen.
    const shown = await see(page.getByText(/^Reference for staff: [0-9A-F]{6}$/));
    const reference = (await shown.innerText()).split(': ')[1]!;
    await expect.poll(() => sessionsWithReference(baseUrl, reference)).toHaveLength(1);

    await readerControl(baseUrl, readerId, 'online');
    await page.getByRole('button', { name: 'Try again' }).click();
    await see(page.getByText('Insert or tap your card'));
    await tapCard(page, VISA);
    await heading(page, 'Payment successful');
    expect(await paymentIntentStatuses(kioskId)).toEqual(['canceled', 'succeeded']);
    await context.close();
  });

  it('a kiosk that asks "eat here or take away?": Try again after the reader is back keeps the answer and takes the payment', async () => {
    const { readerId, context, page } = await serverDrivenKiosk({ askServiceMode: true });
    await readerControl(baseUrl, readerId, 'offline');
    await addToOrder(page, 'Bagel');
    await page.getByRole('button', { name: /^Pay / }).click();
    await heading(page, 'Eat here or take away?');
    await page.getByRole('button', { name: 'Take away' }).click();
    await heading(page, 'Please ask a member of staff');

    await readerControl(baseUrl, readerId, 'online');
    await page.getByRole('button', { name: 'Try again' }).click();
    await see(page.getByText('Insert or tap your card'));
    const sessionId = (await currentSessionId(page))!;
    await tapCard(page, VISA);
    await heading(page, 'Payment successful');
    expect(await sessionOf(baseUrl, sessionId)).toMatchObject({ status: 'success', serviceMode: 'take_away' });
    await context.close();
  });

  for (const { lost, failing, then } of [
    { lost: 'lost', failing: 1, then: '' },
    { lost: 'a 502 stripe_error', failing: 1, then: '' },
    // The kiosk's ask again to cancel it fails the same way: the stored order keeps the cancel for the next start.
    { lost: 'a 502 stripe_error', failing: 2, then: ', as is the kiosk’s ask again, and the tablet restarts' },
  ] as const) {
    it(`Cancel pressed while the order is being created, whose answer is then ${lost}${then}: the session is cancelled and nobody can pay on the reader`, async () => {
      const { kioskId, readerId, context, page } = await serverDrivenKiosk();
      let cancelPressed!: () => void;
      const pressed = new Promise<void>((resolve) => (cancelPressed = resolve));
      let answered = 0;
      await page.route('**/api/sessions', async (route) => {
        if (route.request().method() !== 'POST' || answered++ >= failing) return route.fallback();
        // The worker opens the session and hands it to the reader; its answer never reaches the tablet.
        await route.fetch();
        await pressed;
        if (lost === 'lost') return route.abort('connectionreset');
        await route.fulfill({ status: 502, contentType: 'application/json', body: JSON.stringify({ error: { code: 'stripe_error', message: 'Stripe answered with an error.' } }) });
      });
      await addToOrder(page, 'Croissant');
      await page.getByRole('button', { name: /^Pay / }).click();
      await heading(page, 'Connecting to the card reader…');
      await page.getByRole('button', { name: 'Cancel' }).click();
      await heading(page, 'Payment cancelled');
      cancelPressed();
      if (failing > 1) {
        await expect.poll(() => answered).toBe(failing);
        await heading(page, 'Menu');
        await page.reload();
      }

      await expect.poll(() => paymentIntentStatuses(kioskId), { timeout: 15_000 }).toEqual(['canceled']);
      const readerAction = async () => ((await stripe.terminal.readers.retrieve(readerId)) as { action: { status: string } | null }).action?.status ?? null;
      await expect.poll(readerAction).not.toBe('in_progress');
      await heading(page, failing > 1 ? 'Welcome' : 'Menu');
      await context.close();
    });
  }

  it('a card declined before the worker heard back from the reader shows the decline, and Try another card then pays', async () => {
    const { readerId, context, page } = await serverDrivenKiosk();
    // Stripe's answer to handing the payment to this reader comes late: the customer is quicker.
    const fault = { method: 'POST', path: `/v1/terminal/readers/${readerId}/process_payment_intent`, kind: 'timeout', delayMs: 3_000, count: 1 };
    const res = await fetch(`${baseUrl}/v1/_simulator/faults`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk_test_e2e', 'Content-Type': 'application/json' },
      body: JSON.stringify(fault),
    });
    expect(res.ok).toBe(true);
    await addToOrder(page, 'Americano');
    await page.getByRole('button', { name: /^Pay / }).click();
    const readerAction = async () => ((await stripe.terminal.readers.retrieve(readerId)) as { action: { type: string; status: string } | null }).action;
    await expect.poll(readerAction, { timeout: 10_000 }).toMatchObject({ type: 'process_payment_intent', status: 'in_progress' });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(readerId, { card_present: { number: '4000000000000002' } });

    await heading(page, 'Payment declined');
    await page.getByRole('button', { name: 'Try another card' }).click();
    await see(page.getByText('Insert or tap your card'));
    await tapCard(page, VISA);
    await heading(page, 'Payment successful');
    await context.close();
  });

  it('a reader that drops while the customer is at it keeps the payment open, and the card pays once it is back', async () => {
    const { page, context, readerId } = await serverDrivenKiosk();
    await orderAndPay(page, ['Americano']);
    const sessionId = (await currentSessionId(page))!;
    await readerControl(baseUrl, readerId, 'offline');
    const refused = page.waitForResponse((response) => response.url().endsWith('/present'));
    await tapCard(page, VISA);
    expect((await refused).status()).toBe(409);
    await readerControl(baseUrl, readerId, 'online');
    await see(page.getByText('Insert or tap your card'));
    expect((await sessionOf(baseUrl, sessionId)).status).toBe('waiting_card');
    await tapCard(page, VISA);
    await heading(page, 'Payment successful');
    await context.close();
  });

  it('a reader busy with another payment asks the customer to wait a moment; Try again then takes the payment', async () => {
    const { page, context, readerId } = await serverDrivenKiosk();
    const other = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['card_present'] });
    await stripe.terminal.readers.processPaymentIntent(readerId, { payment_intent: other.id });
    await page.getByRole('button', { name: /^Bagel/ }).click();
    await page.getByRole('button', { name: /^Pay / }).click();
    await heading(page, 'The card reader is busy');
    await see(page.getByText('The card reader is busy with another payment.', { exact: false }));

    await stripe.terminal.readers.cancelAction(readerId);
    await page.getByRole('button', { name: 'Try again' }).click();
    await see(page.getByText('Insert or tap your card'));
    await tapCard(page, VISA);
    await heading(page, 'Payment successful');
    await context.close();
  });

  it('a reload while waiting for the card resumes the same session through its live channel, and the server’s verdict shows', async () => {
    const { page, context } = await serverDrivenKiosk();
    await orderAndPay(page, ['Orange Juice']);
    const sessionId = (await currentSessionId(page))!;
    const { paymentIntentId } = await sessionOf(baseUrl, sessionId);

    const traffic = watchKioskTraffic(page);
    await page.reload();
    await see(page.getByText('Insert or tap your card'));
    await expect.poll(() => traffic.sockets).toContain(`/api/sessions/${sessionId}/live`);
    await tapCard(page, VISA);
    await heading(page, 'Payment successful');
    await see(page.getByText('Visa •••• 4242'));

    expect(traffic.requests.filter((request) => request.endsWith('/complete'))).toEqual([]);
    expect(await sessionOf(baseUrl, sessionId)).toMatchObject({ status: 'success', paymentIntentId });
    const intents = await stripe.paymentIntents.list({ limit: 100 });
    expect(intents.data.filter((pi) => pi.metadata.sessionId === sessionId)).toHaveLength(1);
    await context.close();
  });

  it('a reload after a decline shows the decline again, and Try another card then pays the same payment', async () => {
    const { page, context } = await serverDrivenKiosk();
    await orderAndPay(page, ['Americano']);
    const sessionId = (await currentSessionId(page))!;
    await tapCard(page, '4000000000009995');
    await heading(page, 'Payment declined');

    await page.reload();
    await heading(page, 'Payment declined');
    await see(page.getByText('There is not enough money on this card.'));
    await page.getByRole('button', { name: 'Try another card' }).click();
    await see(page.getByText('Insert or tap your card'));
    await tapCard(page, VISA);
    await heading(page, 'Payment successful');
    expect(await sessionOf(baseUrl, sessionId)).toMatchObject({ status: 'success' });
    await context.close();
  });

  it('a tip the customer adds on the reader shows on the success screen, with the total charged', async () => {
    const { page, context, readerId } = await serverDrivenKiosk({ tipping: true });
    await orderAndPay(page, ['Café Latte']);
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(readerId, { card_present: { number: VISA }, amount_tip: 100 });
    await heading(page, 'Payment successful');
    await see(page.getByText('$6.50'));
    await see(page.getByText('Including a tip of $1.00'));
    await context.close();
  });

  it('a tablet that reloads while the customer reads their order number shows the paid screen and that number again', async () => {
    const { context, page, readerId } = await serverDrivenKiosk();
    await orderAndPay(page, ['Americano']);
    const sessionId = (await currentSessionId(page))!;
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(readerId, { card_present: { number: VISA } });
    await heading(page, 'Payment successful');
    await expect.poll(async () => (await sessionOf(baseUrl, sessionId)).orderNumber, { timeout: 30_000 }).toBeGreaterThan(0);
    const { orderNumber } = await sessionOf(baseUrl, sessionId);
    await see(page.getByText(String(orderNumber), { exact: true }), 30_000);

    // The success screen stays 30 s; the tablet's browser reloads within them.
    await page.reload();
    await see(page.getByRole('heading', { name: /Payment successful|Welcome|Menu/ }), 30_000);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Payment successful');
    await see(page.getByText(String(orderNumber), { exact: true }));

    // Done ends it: the next reload is the start screen, not the previous customer's payment.
    await page.getByRole('button', { name: 'Done' }).click();
    await see(page.getByRole('heading', { name: 'Welcome' }));
    await page.reload();
    await see(page.getByRole('heading', { name: 'Welcome' }), 30_000);
    await context.close();
  });
});
