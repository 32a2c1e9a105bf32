import { describe, expect, inject, it } from 'vitest';
import { useChromium } from '../support/browser.ts';
import { openKiosk, orderAndPay, see, startOrdering, tapCard } from '../support/kiosk-page.ts';
import { simulatorStripe } from '../support/stripe-sdk.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();

describe('a fresh kiosk from `npm start` (simulated mode, dev kiosk)', () => {
  it('sells an Americano with 4242424242424242, then declines 4000000000000002', async () => {
    const { context, page } = await openKiosk(browser(), baseUrl);
    await see(page.getByRole('complementary', { name: 'Developer panel' }));

    await orderAndPay(page, ['Americano']);
    await tapCard(page, '4242424242424242');
    await see(page.getByRole('heading', { name: 'Payment successful' }));
    await see(page.getByText('Visa •••• 4242'));

    await page.getByRole('button', { name: 'Done' }).click();
    await startOrdering(page);
    await orderAndPay(page, ['Croissant']);
    await tapCard(page, '4000000000000002');
    await see(page.getByRole('heading', { name: 'Payment declined' }));
    await see(page.getByText('Your card was declined. Please try another card.'));
    await context.close();
  });

  it('the official stripe SDK, pointed at the worker, reads the PaymentIntent the worker created', async () => {
    const created = await fetch(`${baseUrl}/api/sessions`, {
      method: 'POST',
      headers: { Authorization: 'Bearer dev-kiosk-token', 'Content-Type': 'application/json' },
      body: JSON.stringify({ items: [{ id: 'latte', quantity: 3 }] }),
    });
    expect(created.status).toBe(201);
    const session = (await created.json()) as { sessionId: string; paymentIntentId: string; amount: number };
    const stripe = simulatorStripe(baseUrl);
    const pi = await stripe.paymentIntents.retrieve(session.paymentIntentId);
    expect(pi.amount).toBe(3 * 550);
    expect(pi.amount).toBe(session.amount);
    expect(pi.status).toBe('requires_payment_method');
    // The dev kiosk is server-driven: its reader holds this payment until it is cancelled.
    await fetch(`${baseUrl}/api/sessions/${session.sessionId}/cancel`, {
      method: 'POST',
      headers: { Authorization: 'Bearer dev-kiosk-token' },
    });
  });
});
