import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { READER_MODES } from '../../shared/api.ts';
import { newKiosk, useChromium } from '../support/browser.ts';
import { addToOrder, currentSessionId, openKiosk, pairingCodeFor, provisionKiosk, see, sessionOf, startOrdering, tokenOf } from '../support/kiosk-page.ts';
import { simulatorStripe } from '../support/stripe-sdk.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();
const stripe = simulatorStripe(baseUrl);
const admin = { Authorization: 'Bearer dev-admin-token', 'Content-Type': 'application/json' };

/**
 * What a test sold out is back on sale after it, passed or failed: the demo items are shared by every test file, and
 * the console's menu page (which other files open) lists every store an item is sold out at.
 */
const soldOutMeanwhile: { locationId: string; itemId: string }[] = [];
afterEach(async () => {
  for (const { locationId, itemId } of soldOutMeanwhile.splice(0)) await soldOutAt(locationId, itemId, false);
});

/** An operator sells the item out at one store (or brings it back), as the console does. */
async function soldOutAt(locationId: string, itemId: string, soldOut = true): Promise<void> {
  if (soldOut) soldOutMeanwhile.push({ locationId, itemId });
  const res = await fetch(`${baseUrl}/api/admin/locations/${locationId}/items/${itemId}/availability`, {
    method: 'PUT',
    headers: admin,
    body: JSON.stringify({ available: !soldOut }),
  });
  if (!res.ok) throw new Error(`availability of ${itemId}: ${res.status} ${await res.text()}`);
}

/** Whether the kiosk's worker already prices the item as sold out (its copy of the menu is a few seconds behind). */
async function soldOutForKiosk(token: string, itemId: string): Promise<boolean> {
  return (await kioskMenu(token)).find((item) => item.id === itemId)?.available === false;
}

/** The menu a kiosk's worker prices from (its copy is a few seconds behind the operators' changes). */
async function kioskMenu(token: string): Promise<{ id: string; available: boolean }[]> {
  const res = await fetch(`${baseUrl}/api/catalog`, { headers: { Authorization: `Bearer ${token}` } });
  return ((await res.json()) as { items: { id: string; available: boolean }[] }).items;
}

/**
 * Puts an item of the test's own on the menu for `run` (the demo menu other tests rely on is never changed), and
 * takes it off again afterwards, whatever happened; `run` may take it off itself.
 */
async function withOwnItem(prefix: string, item: Record<string, unknown>, run: (id: string, takeOff: () => Promise<Response>) => Promise<void>) {
  const id = `e2e-${prefix}-${crypto.randomUUID().slice(0, 8)}`;
  const takeOff = () => fetch(`${baseUrl}/api/admin/catalog/items/${id}`, { method: 'DELETE', headers: admin });
  const res = await fetch(`${baseUrl}/api/admin/catalog/items/${id}`, { method: 'PUT', headers: admin, body: JSON.stringify(item) });
  expect(res.status).toBe(201);
  try {
    await run(id, takeOff);
  } finally {
    await takeOff();
  }
}

interface ReaderCart {
  currency: string;
  total: number;
  line_items: { description: string; amount: number; quantity: number }[];
}

/** The carts the reader was asked to show, as Stripe reports its finished actions. */
async function cartsShownOn(readerId: string): Promise<ReaderCart[]> {
  const events = await stripe.events.list({ type: 'terminal.reader.action_succeeded', limit: 100 });
  return events.data.flatMap((event) => {
    const reader = event.data.object as { id: string; action?: { set_reader_display?: { cart?: ReaderCart } } };
    const cart = reader.id === readerId ? reader.action?.set_reader_display?.cart : undefined;
    return cart ? [cart] : [];
  });
}

/** A large iced latte with an extra shot, chosen in its dialog: the defaults (regular, hot, whole milk) come ticked. */
async function chooseLargeIcedLatteWithExtraShot(page: Page) {
  await page.getByRole('button', { name: /^Café Latte \$5\.50/ }).click();
  const dialog = await see(page.getByRole('dialog', { name: 'Café Latte' }));
  for (const preselected of ['Regular', 'Hot', 'Whole milk']) expect(await dialog.getByRole('radio', { name: preselected }).isChecked()).toBe(true);
  await dialog.getByRole('radio', { name: 'Large +$0.50' }).check();
  await dialog.getByRole('radio', { name: 'Iced' }).check();
  await dialog.getByRole('checkbox', { name: 'Extra shot +$0.50' }).check();
  await dialog.getByRole('button', { name: 'Add to order, $6.50' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
}

describe('the menu: categories, options priced by the server, a cart that is easy to change', () => {
  for (const readerMode of READER_MODES) {
    it(`(${readerMode}) a latte's options are priced by the server and shown on the reader's cart; a cancelled payment keeps the order`, async () => {
      const { kioskId, kiosk } = await provisionKiosk(baseUrl, { name: `Options (${readerMode})`, readerMode });
      const { context, page } = await openKiosk(browser(), baseUrl, kioskId);

      await page.getByRole('tab', { name: 'Coffee' }).click();
      await see(page.getByRole('button', { name: /^Café Latte/ }));
      expect(await page.getByRole('button', { name: /^Croissant/ }).count()).toBe(0);
      await chooseLargeIcedLatteWithExtraShot(page);
      await see(page.getByText('Large, Iced, Whole milk, Extra shot'));

      await page.getByRole('button', { name: 'Add one Café Latte' }).click();
      await see(page.getByRole('button', { name: 'Pay $13.00' }));
      await page.getByRole('button', { name: 'Remove one Café Latte' }).click();
      await page.getByRole('button', { name: 'Pay $6.50' }).click();
      await see(page.getByText('Insert or tap your card'));

      const sessionId = (await currentSessionId(page))!;
      const session = await sessionOf(baseUrl, sessionId);
      expect(session.amount).toBe(650);
      expect(session.items[0]!.options.map((option) => option.id)).toEqual(['large', 'iced', 'whole-milk', 'extra-shot']);
      await expect.poll(() => cartsShownOn(kiosk.readerId!)).toContainEqual(
        expect.objectContaining({
          currency: 'usd',
          total: 650,
          line_items: [{ description: 'Café Latte (Large, Iced, Whole milk, Extra shot)', amount: 650, quantity: 1 }],
        }),
      );

      await page.getByRole('button', { name: 'Cancel', exact: true }).click();
      await see(page.getByRole('heading', { name: 'Payment cancelled' }));
      // Back to the order by itself in a moment ("Back to your order" is there for the impatient).
      await see(page.getByText('Large, Iced, Whole milk, Extra shot'));
      await see(page.getByRole('button', { name: 'Pay $6.50' }));
      await context.close();
    });
  }

  for (const readerMode of READER_MODES) {
    it(`(${readerMode}) an item that sells out while it is in the order: Pay says so, takes it out, and the rest of the order can be paid`, async () => {
      const { kioskId, kiosk } = await provisionKiosk(baseUrl, { name: `Sold out meanwhile (${readerMode})`, readerMode });
      const { context, page, token } = await openKiosk(browser(), baseUrl, kioskId);
      await addToOrder(page, 'Bagel');
      await addToOrder(page, 'Americano');
      await see(page.getByRole('button', { name: 'Pay $7.50' }));
      await soldOutAt(kiosk.locationId, 'bagel');
      await expect.poll(() => soldOutForKiosk(token, 'bagel')).toBe(true);

      await page.getByRole('button', { name: 'Pay $7.50' }).click();
      await see(page.getByText('Something in your order is no longer available and was taken out. Please check your order.'));
      await see(page.getByRole('button', { name: /^Bagel/, disabled: true }));
      expect(await page.getByRole('button', { name: 'Remove one Bagel' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Pay $4.50' }).click();
      await see(page.getByText('Insert or tap your card'));
      expect((await sessionOf(baseUrl, (await currentSessionId(page))!)).amount).toBe(450);
      await page.getByRole('button', { name: 'Cancel', exact: true }).click();
      await see(page.getByRole('heading', { name: 'Payment cancelled' }));
      await context.close();
    });
  }

  it('an item that sells out while the customer is still choosing leaves their order with a word, not silently', async () => {
    const { kioskId, kiosk } = await provisionKiosk(baseUrl, { name: 'Sold out while choosing' });
    const { context, page } = await newKiosk(browser(), baseUrl);
    // The tablet's clock, moved on to its next look at the menu.
    await page.clock.install();
    await page.goto((await pairingCodeFor(baseUrl, kioskId)).url);
    await startOrdering(page);
    await addToOrder(page, 'Bagel');
    await addToOrder(page, 'Croissant');
    await soldOutAt(kiosk.locationId, 'croissant');
    await expect.poll(async () => soldOutForKiosk((await tokenOf(page))!, 'croissant')).toBe(true);

    await page.clock.fastForward(31_000);
    await see(page.getByRole('button', { name: /^Croissant/, disabled: true }));
    expect(await page.getByRole('button', { name: 'Remove one Croissant' }).count()).toBe(0);
    await see(page.getByRole('status').getByText('Something in your order is no longer available and was taken out. Please check your order.'));
    await see(page.getByRole('button', { name: 'Pay $3.00' }));
    await context.close();
  });

  it('a category that leaves the menu while the customer looks at it gives way to the whole menu, its tabs still reachable', async () => {
    const pie = { name: { en: 'Pumpkin Pie' }, category: 'seasonal', prices: { usd: 500 } };
    await withOwnItem('pie', pie, async (id, takeOff) => {
      const { kioskId } = await provisionKiosk(baseUrl, { name: 'Seasonal menu' });
      const { context, page } = await newKiosk(browser(), baseUrl);
      await page.clock.install();
      await page.goto((await pairingCodeFor(baseUrl, kioskId)).url);
      await startOrdering(page);
      await page.getByRole('tab', { name: 'Seasonal' }).click();
      await see(page.getByRole('button', { name: /^Pumpkin Pie/ }));

      expect((await takeOff()).ok).toBe(true);
      const token = (await tokenOf(page))!;
      await expect.poll(async () => (await kioskMenu(token)).some((item) => item.id === id)).toBe(false);
      await page.clock.fastForward(31_000);
      await see(page.getByRole('tab', { name: 'All', selected: true }));
      await see(page.getByRole('button', { name: /^Americano/ }));
      expect(await page.getByRole('tab', { name: 'Seasonal' }).count()).toBe(0);
      await page.getByRole('tab', { name: 'All' }).focus();
      await page.keyboard.press('ArrowRight');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('tab');
      await context.close();
    });
  });

  it('an optional choice of one ("a syrup, if you like") says so, and the customer can take it back off', async () => {
    const syrup = {
      id: 'syrup',
      name: { en: 'Syrup' },
      min: 0,
      max: 1,
      options: [
        { id: 'vanilla', name: { en: 'Vanilla' }, priceChange: { usd: 50 } },
        { id: 'caramel', name: { en: 'Caramel' }, priceChange: { usd: 50 } },
      ],
    };
    await withOwnItem('mocha', { name: { en: 'Mocha' }, category: 'coffee', prices: { usd: 500 }, optionGroups: [syrup] }, async () => {
      const { kioskId } = await provisionKiosk(baseUrl, { name: 'Optional syrup' });
      const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
      await page.getByRole('button', { name: /^Mocha \$5\.00/ }).click();
      const dialog = await see(page.getByRole('dialog', { name: 'Mocha' }));
      await see(dialog.getByText('Choose up to 1'));
      const vanilla = dialog.getByRole('checkbox', { name: 'Vanilla +$0.50' }).or(dialog.getByRole('radio', { name: 'Vanilla +$0.50' }));
      await vanilla.click();
      await see(dialog.getByRole('button', { name: 'Add to order, $5.50' }));
      // Changed their mind: no syrup after all.
      await vanilla.click();
      expect(await vanilla.isChecked()).toBe(false);
      await dialog.getByRole('button', { name: 'Add to order, $5.00' }).click();
      await see(page.getByRole('button', { name: 'Pay $5.00' }));
      await context.close();
    });
  });

  it('a "choose two" group says "Choose 2", and a customer who filled it can swap one of their picks for another', async () => {
    const sides = {
      id: 'sides',
      name: { en: 'Sides' },
      min: 2,
      max: 2,
      options: ['Fries', 'Salad', 'Soup'].map((side) => ({ id: side.toLowerCase(), name: { en: side }, priceChange: { usd: 0 } })),
    };
    await withOwnItem('combo', { name: { en: 'Combo' }, category: 'bakery', prices: { usd: 900 }, optionGroups: [sides] }, async () => {
      const { kioskId } = await provisionKiosk(baseUrl, { name: 'Choose two' });
      const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
      await page.getByRole('button', { name: /^Combo \$9\.00/ }).click();
      const dialog = await see(page.getByRole('dialog', { name: 'Combo' }));
      expect(await dialog.locator('legend').innerText()).toBe('Sides Choose 2');
      await dialog.getByRole('checkbox', { name: 'Fries' }).click();
      await dialog.getByRole('checkbox', { name: 'Salad' }).click();
      await dialog.getByRole('checkbox', { name: 'Fries' }).click();
      await dialog.getByRole('checkbox', { name: 'Soup' }).click();
      const checked = async (side: string) => dialog.getByRole('checkbox', { name: side }).isChecked();
      expect([await checked('Fries'), await checked('Salad'), await checked('Soup')]).toEqual([false, true, true]);
      await dialog.getByRole('button', { name: 'Add to order, $9.00' }).click();
      await see(page.getByText('Salad, Soup'));
      await context.close();
    });
  });

  it('a line stops at the most one order may hold (99): + is no longer offered, and the order can still be paid', async () => {
    const { kioskId } = await provisionKiosk(baseUrl, { name: 'Ninety-nine bagels', readerMode: 'js-sdk' });
    const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
    await addToOrder(page, 'Bagel');
    const more = page.getByRole('button', { name: 'Add one Bagel' });
    for (let bagels = 1; bagels < 99 && (await more.isEnabled()); bagels++) await more.click();
    await see(page.getByRole('button', { name: 'Pay $297.00' }));
    expect(await more.isDisabled()).toBe(true);
    await page.getByRole('button', { name: /^Bagel/ }).click();
    await see(page.getByRole('button', { name: 'Pay $297.00' }));
    await page.getByRole('button', { name: 'Pay $297.00' }).click();
    await see(page.getByText('Insert or tap your card'));
    expect((await sessionOf(baseUrl, (await currentSessionId(page))!)).amount).toBe(29_700);
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await see(page.getByRole('heading', { name: 'Payment cancelled' }));
    await context.close();
  });

  it('"Start over" asks first: "No, keep my order" keeps it, "Yes, start over" clears it for the next customer', async () => {
    const { context, page } = await openKiosk(browser(), baseUrl);
    await page.getByRole('button', { name: /^Bagel/ }).click();
    await page.getByRole('button', { name: 'Start over' }).click();
    const question = await see(page.getByRole('alertdialog', { name: 'Start over?' }));
    await see(question.getByText('Your order will be cleared.'));
    await question.getByRole('button', { name: 'No, keep my order' }).click();
    await see(page.getByRole('button', { name: 'Remove one Bagel' }));

    await page.getByRole('button', { name: 'Start over' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Yes, start over' }).click();
    await see(page.getByRole('heading', { name: 'Welcome' }));
    await page.getByRole('button', { name: 'Touch to start your order' }).click();
    await see(page.getByText('Tap an item to add it.'));
    await context.close();
  });
});
