import { beforeAll, describe, expect, inject, it } from 'vitest';
import { useChromium } from '../support/browser.ts';
import { addToOrder, currentSessionId, openKiosk, orderAndPay, provisionKiosk, readerControl, recordScreens, see, sessionOf, startOrdering, tapCard } from '../support/kiosk-page.ts';
import { simulatorStripe } from '../support/stripe-sdk.ts';

const baseUrl = inject('baseUrl');
const stripe = simulatorStripe(baseUrl);
const browser = useChromium();
let kioskId: string;
/** The token of the tablet paired last: each pairing gives the kiosk a new one. */
let token: string;

beforeAll(async () => {
  ({ kioskId } = await provisionKiosk(baseUrl, { name: 'Recovery kiosk', readerMode: 'js-sdk' }));
});

async function openRecoveryKiosk() {
  const opened = await openKiosk(browser(), baseUrl, kioskId);
  token = opened.token;
  return opened;
}

async function kioskReaderId(): Promise<string> {
  const res = await fetch(`${baseUrl}/api/simulated-reader/readers`, { headers: { Authorization: `Bearer ${token}` } });
  return ((await res.json()) as { readers: { id: string }[] }).readers[0]!.id;
}

/** Calls the kiosk's simulated reader directly, as the customer's card would while the tablet is gone. */
async function readerCall(path: string, body: unknown) {
  const res = await fetch(`${baseUrl}/api/simulated-reader/readers/${await kioskReaderId()}/${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return res.json() as Promise<{ paymentIntent?: { status: string } }>;
}

describe('the kiosk recovers, and never charges twice', () => {
  it('Cancel while waiting for the card cancels the session and its PaymentIntent', async () => {
    const { context, page } = await openRecoveryKiosk();
    await orderAndPay(page, ['Green Tea']);
    const sessionId = (await currentSessionId(page))!;
    await page.getByRole('button', { name: 'Cancel' }).click();
    await see(page.getByRole('heading', { name: 'Payment cancelled' }));
    const session = await sessionOf(baseUrl, sessionId);
    expect(session.status).toBe('cancelled');
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('canceled');
    await context.close();
  });

  it('once the order is paid, and once a payment is cancelled, the kiosk asks its reader to clear the order’s cart from its screen (clearReaderDisplay)', async () => {
    const { context, page } = await openRecoveryKiosk();
    const clearedReader = () => page.waitForRequest((request) => request.method() === 'POST' && /\/api\/simulated-reader\/readers\/[^/]+\/clear-display$/.test(request.url()));
    await orderAndPay(page, ['Green Tea']);
    let cleared = clearedReader();
    await tapCard(page, '4242424242424242');
    await see(page.getByRole('heading', { name: 'Payment successful' }));
    await cleared;

    await page.getByRole('button', { name: 'Done' }).click();
    await startOrdering(page);
    await orderAndPay(page, ['Green Tea']);
    cleared = clearedReader();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await see(page.getByRole('heading', { name: 'Payment cancelled' }));
    await cleared;
    await context.close();
  });

  it('a reload while waiting for the card resumes the same session and PaymentIntent', async () => {
    const { context, page } = await openRecoveryKiosk();
    await orderAndPay(page, ['Orange Juice']);
    const sessionId = (await currentSessionId(page))!;
    const { paymentIntentId } = await sessionOf(baseUrl, sessionId);

    await page.reload();
    await see(page.getByText('Insert or tap your card'));
    await tapCard(page, '4242424242424242');
    await see(page.getByRole('heading', { name: 'Payment successful' }));

    // The card paid the order begun before the reload, not a new one.
    expect(await sessionOf(baseUrl, sessionId)).toMatchObject({ status: 'success', paymentIntentId });
    const intents = await stripe.paymentIntents.list({ limit: 100 });
    expect(intents.data.filter((pi) => pi.metadata.sessionId === sessionId)).toHaveLength(1);
    await context.close();
  });

  it('a tablet that crashed after the card was charged shows success on restart, without charging again', async () => {
    const { context, page } = await openRecoveryKiosk();
    await orderAndPay(page, ['Croissant']);
    const sessionId = (await currentSessionId(page))!;
    const { paymentIntentId } = await sessionOf(baseUrl, sessionId);
    // The card is taken while the tablet is frozen; then the tablet restarts.
    await page.goto('about:blank');
    await readerCall('present', { cardNumber: '4242424242424242' });
    expect((await readerCall('confirm', { paymentIntentId })).paymentIntent?.status).toBe('succeeded');

    await page.goto('/');
    await see(page.getByRole('heading', { name: 'Payment successful' }));
    await see(page.getByText('Visa •••• 4242'));
    const charges = await stripe.charges.list({ payment_intent: paymentIntentId });
    expect(charges.data.filter((c) => c.paid)).toHaveLength(1);
    expect((await sessionOf(baseUrl, sessionId)).status).toBe('success');
    await context.close();
  });

  it('when the answer to processing is lost after the card was charged, the kiosk asks the server and shows success once', async () => {
    const { context, page } = await openRecoveryKiosk();
    // The request reaches the worker and the card is charged; the answer never comes back to the tablet.
    let lostAnswers = 0;
    await page.route('**/readers/*/confirm', async (route) => {
      await route.fetch();
      lostAnswers++;
      await route.abort('connectionreset');
    });
    await orderAndPay(page, ['Café Latte']);
    const sessionId = (await currentSessionId(page))!;
    await tapCard(page, '5555555555554444');
    await see(page.getByRole('heading', { name: 'Payment successful' }));
    await see(page.getByText('Mastercard •••• 4444'));
    expect(lostAnswers).toBeGreaterThan(0);

    const { paymentIntentId, status } = await sessionOf(baseUrl, sessionId);
    expect(status).toBe('success');
    const intents = await stripe.paymentIntents.list({ limit: 100 });
    expect(intents.data.filter((pi) => pi.metadata.sessionId === sessionId).map((pi) => pi.id)).toEqual([paymentIntentId]);
    const charges = await stripe.charges.list({ payment_intent: paymentIntentId });
    expect(charges.data.filter((c) => c.paid)).toHaveLength(1);
    await context.close();
  });

  it('a reader that drops while waiting for the card is announced, reconnected, and the same payment goes on', async () => {
    const { context, page } = await openRecoveryKiosk();
    await orderAndPay(page, ['Americano']);
    const sessionId = (await currentSessionId(page))!;
    const reader = await kioskReaderId();

    await readerControl(baseUrl, reader, 'offline');
    await see(page.getByText('The card reader was disconnected. Reconnecting…'));
    await readerControl(baseUrl, reader, 'online');
    await see(page.getByText('Insert or tap your card'));
    await tapCard(page, '4242424242424242');
    await see(page.getByRole('heading', { name: 'Payment successful' }));
    // The paid checkout is kept for a reload on the success screen, until Done.
    await page.getByRole('button', { name: 'Done' }).click();
    // Done forgets it: a reload now starts afresh, where a kept checkout would have shown the success again.
    await page.reload();
    await see(page.getByRole('button', { name: 'Touch to start your order' }));
    const session = await sessionOf(baseUrl, sessionId);
    expect(session.status).toBe('success');
    const intents = await stripe.paymentIntents.list({ limit: 100 });
    expect(intents.data.filter((pi) => pi.metadata.sessionId === sessionId)).toHaveLength(1);
    await context.close();
  });

  it('a cart left alone is never wiped silently: "Are you still there?" counts down, Continue keeps it, no answer starts over', async () => {
    const { context, page } = await openRecoveryKiosk();
    await page.clock.install();
    await addToOrder(page, 'Bagel');
    await see(page.getByRole('button', { name: 'Remove one Bagel' }));

    await page.clock.fastForward(61_000);
    const prompt = await see(page.getByRole('alertdialog', { name: 'Are you still there?' }));
    await see(prompt.getByText(/Your order will be cleared in \d+ s\./));
    await prompt.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });
    await see(page.getByRole('button', { name: 'Remove one Bagel' }));

    await page.clock.fastForward(61_000);
    await see(page.getByRole('alertdialog', { name: 'Are you still there?' }));
    await page.clock.fastForward(31_000);
    await see(page.getByRole('heading', { name: 'Welcome' }));
    await startOrdering(page);
    expect(await page.getByRole('button', { name: 'Remove one Bagel' }).count()).toBe(0);
    await context.close();
  });

  it('a kiosk its operator disables while the customer is at the reader goes back to the pairing screen', async () => {
    const disabled = await provisionKiosk(baseUrl, { name: 'Disabled kiosk', readerMode: 'js-sdk' });
    const { context, page } = await openKiosk(browser(), baseUrl, disabled.kioskId);
    await orderAndPay(page, ['Green Tea']);
    const res = await fetch(`${baseUrl}/api/admin/kiosks/${disabled.kioskId}/disable`, {
      method: 'POST',
      headers: { Authorization: 'Bearer dev-admin-token' },
    });
    expect(res.status).toBe(200);
    await see(page.getByRole('heading', { name: 'Pair this kiosk' }));
    // The tablet let go of the refused token: enabled again, the kiosk does not come back on this tablet by itself.
    // Reloaded, the tablet has nothing to pair with, which in simulated mode makes it the development kiosk.
    const enabled = await fetch(`${baseUrl}/api/admin/kiosks/${disabled.kioskId}/enable`, {
      method: 'POST',
      headers: { Authorization: 'Bearer dev-admin-token' },
    });
    expect(enabled.status).toBe(200);
    await page.reload();
    await see(page.getByText('Development kiosk'));
    expect(await page.getByText('Disabled kiosk').count()).toBe(0);
    await context.close();
  });

  it('a session an operator cancels while the customer is at the reader ends on the kiosk too: "Payment cancelled", no reconnect loop', async () => {
    const kiosk = await provisionKiosk(baseUrl, { name: 'Operator cancel (js-sdk)', readerMode: 'js-sdk' });
    const { context, page } = await openKiosk(browser(), baseUrl, kiosk.kioskId);
    await orderAndPay(page, ['Americano']);
    const sessionId = (await currentSessionId(page))!;
    const res = await fetch(`${baseUrl}/api/admin/sessions/${sessionId}/cancel`, { method: 'POST', headers: { Authorization: 'Bearer dev-admin-token' } });
    expect(res.status).toBe(200);
    const screens = await recordScreens(page);

    // The customer, still asked for a card, taps one: the reader refuses it, and the kiosk asks the server why.
    await tapCard(page, '4242424242424242');
    await see(page.getByRole('heading', { name: 'Payment cancelled' }), 20_000);
    expect((await screens()).filter((shown) => /disconnected|went wrong/.test(shown))).toEqual([]);
    await context.close();
  });

  it('going offline shows the offline screen and blocks payment; coming back recovers', async () => {
    const { context, page } = await openRecoveryKiosk();
    await context.setOffline(true);
    await see(page.getByRole('heading', { name: 'No connection' }));
    expect(await page.getByRole('button', { name: /^Pay / }).count()).toBe(0);
    await context.setOffline(false);
    // Back to the menu; or, if the reader's software could not load while the network was gone, the kiosk reloads
    // itself once it is back (no payment was under way) and greets the customer again.
    await see(page.getByRole('heading', { name: 'Menu' }).or(page.getByRole('button', { name: /start your order/i })));
    if (await page.getByRole('button', { name: /start your order/i }).isVisible()) await startOrdering(page);
    await orderAndPay(page, ['Bagel']);
    await tapCard(page, '4242424242424242');
    await see(page.getByRole('heading', { name: 'Payment successful' }));
    await context.close();
  });
});
