import type { Page } from 'playwright-core';
import { encode } from 'uqr';
import { describe, expect, inject, it } from 'vitest';
import { useChromium } from '../support/browser.ts';
import { currentSessionId, openKiosk, orderAndPay, see, startOrdering, tapCard } from '../support/kiosk-page.ts';
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

  it('waiting for the card shows the amount and Cancel; once paid, the QR code on screen opens the payment’s receipt', async () => {
    const { context, page, token } = await openKiosk(browser(), baseUrl);
    await orderAndPay(page, ['Café Latte']);
    await see(page.getByRole('heading', { name: 'Insert or tap your card' }));
    await see(page.getByText('$5.50').first());
    await see(page.getByRole('button', { name: 'Cancel' }));
    const sessionId = (await currentSessionId(page))!;

    await tapCard(page, '4242424242424242');
    await see(page.getByRole('heading', { name: 'Payment successful' }));
    await see(page.getByRole('img', { name: 'Scan for your receipt' }));
    const res = await fetch(`${baseUrl}/api/sessions/${sessionId}`, { headers: { Authorization: `Bearer ${token}` } });
    const { receipt } = (await res.json()) as { receipt: { receiptUrl: string } };
    expect(receipt.receiptUrl).toMatch(/^https:\/\//);
    expect(await qrModules(page)).toEqual(darkModules(encode(receipt.receiptUrl, { border: 0 }).data));
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

/** The dark modules of a QR code, as "column,row" from its top-left corner. */
const darkModules = (rows: boolean[][]): string[] =>
  rows.flatMap((row, y) => row.flatMap((dark, x) => (dark ? [`${x},${y}`] : []))).sort();

/**
 * The dark modules of the receipt QR code the kiosk drew (an SVG path of squares, one per module or run of modules),
 * whatever its quiet zone and module size: what a phone's camera reads.
 */
async function qrModules(page: Page): Promise<string[]> {
  const path = await page.getByRole('img', { name: 'Scan for your receipt' }).locator('svg path').getAttribute('d');
  const squares = [...path!.matchAll(/M(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)h(\d+(?:\.\d+)?)v(\d+(?:\.\d+)?)/g)].map((m) => m.slice(1).map(Number));
  const size = Math.min(...squares.map(([, , , height]) => height!));
  const left = Math.min(...squares.map(([x]) => x!));
  const top = Math.min(...squares.map(([, y]) => y!));
  const cells = squares.flatMap(([x, y, width]) =>
    Array.from({ length: Math.round(width! / size) }, (_, i) => `${Math.round((x! - left) / size) + i},${Math.round((y! - top) / size)}`),
  );
  return cells.sort();
}
