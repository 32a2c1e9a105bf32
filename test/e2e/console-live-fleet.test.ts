import { describe, expect, inject, it } from 'vitest';
import { useChromium } from '../support/browser.ts';
import { openConsole } from '../support/console-page.ts';
import { see } from '../support/kiosk-page.ts';
import { middayTimeZone } from '../support/midday.ts';
import { simulatedKiosk } from '../support/simulated-kiosk.ts';
import { simulatorStripe } from '../support/stripe-sdk.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();

const VISA = '4242424242424242';

/** The console's live view of one store, marked so a test can tell it was never reloaded. */
async function watchStore(locationId: string) {
  const opened = await openConsole(browser(), baseUrl, { path: `/admin?store=${locationId}` });
  await see(opened.page.getByText('Live', { exact: true }));
  await opened.page.evaluate(() => Object.assign(window, { notReloaded: true }));
  return opened;
}

describe('the live fleet', () => {
  it('shows a kiosk come online, its customer’s payment as it happens and today’s takings, without a reload', async () => {
    // A store at midday: its two payments are both today's takings.
    const kiosk = await simulatedKiosk(baseUrl, { name: 'Live lobby kiosk', timeZone: middayTimeZone() });
    const { context, page } = await watchStore(kiosk.kiosk.locationId);

    await kiosk.heartbeat();
    const tile = page.getByRole('article', { name: 'Live lobby kiosk' });
    await see(tile.getByText('Online', { exact: true }).first());
    await see(tile.getByText('None yet'));
    // Online says it all: no "seen" time that would stay at the moment it came online.
    expect(await tile.textContent()).not.toMatch(/seen/);

    const session = await kiosk.order([{ id: 'latte', quantity: 2 }]);
    await see(tile.getByRole('link', { name: 'Waiting for the card · $11.00' }));
    await kiosk.present(session, VISA);
    await see(tile.getByRole('link', { name: 'Paid · $11.00' }));
    await see(tile.getByText('$11.00', { exact: true }));

    await kiosk.pay(VISA, [{ id: 'americano', quantity: 1 }]);
    await see(tile.getByRole('link', { name: 'Paid · $4.50' }));
    await see(tile.getByText('$15.50', { exact: true }));
    expect(await tile.getByRole('list', { name: 'Needs attention' }).count()).toBe(0);
    expect(await page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true);

    // The session's link opens its page.
    await tile.getByRole('link', { name: 'Paid · $4.50' }).click();
    await see(page.getByRole('heading', { level: 1, name: /^Session cs_/ }));
    await context.close();
  });

  it('flags a kiosk whose payment does not match its session: it needs an operator', async () => {
    const kiosk = await simulatedKiosk(baseUrl, { name: 'Mismatched kiosk' });
    await kiosk.heartbeat();
    const { context, page } = await watchStore(kiosk.kiosk.locationId);
    const tile = page.getByRole('article', { name: 'Mismatched kiosk' });
    await see(tile.getByText('Online', { exact: true }).first());

    // Someone changed the PaymentIntent at Stripe: the worker will not call the session paid.
    const session = await kiosk.order();
    await simulatorStripe(baseUrl).paymentIntents.update(session.paymentIntentId, { amount: session.amount + 100 });
    await kiosk.present(session, VISA);

    await see(tile.getByRole('list', { name: 'Needs attention' }).getByText('A payment needs an operator'));
    await see(page.getByRole('status').getByText('Needs attention: 1'));
    await see(tile.getByRole('link', { name: /^Needs attention · / }));

    // The operator deals with it, and marks it handled on its page: back in the live view, the kiosk is not flagged.
    await tile.getByRole('link', { name: /^Needs attention · / }).click();
    await see(page.getByRole('heading', { level: 2, name: 'Needs an operator' }));
    await page.getByRole('button', { name: 'Mark as handled' }).click();
    await see(page.getByText(/^Handled /).first());
    await expect.poll(() => page.getByRole('button', { name: 'Mark as handled' }).count()).toBe(0);
    await page.goBack();
    await see(tile.getByText('Online', { exact: true }).first());
    await expect.poll(() => tile.getByRole('list', { name: 'Needs attention' }).count()).toBe(0);
    await context.close();
  });

  it('a keyboard user’s focus stays on a kiosk while the live view changes around it', async () => {
    const kiosk = await simulatedKiosk(baseUrl, { name: 'Focused kiosk' });
    await kiosk.heartbeat();
    const { context, page } = await watchStore(kiosk.kiosk.locationId);
    const tile = page.getByRole('article', { name: 'Focused kiosk' });
    await see(tile.getByText('Online', { exact: true }).first());
    await tile.getByRole('link', { name: 'Focused kiosk' }).focus();

    // The kiosk's customer orders: the tile shows it, and the operator's focus is where it was.
    await kiosk.order([{ id: 'latte', quantity: 1 }]);
    await see(tile.getByRole('link', { name: 'Waiting for the card · $5.50' }));
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Focused kiosk');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Waiting for the card · $5.50');
    await context.close();
  });

  it('an address naming a store the fleet does not have says so, and leads back to every store', async () => {
    await simulatedKiosk(baseUrl, { name: 'Somewhere kiosk' });
    const { context, page } = await openConsole(browser(), baseUrl, { locale: 'ko-KR', path: '/admin?store=tml_closed_long_ago' });
    await see(page.getByText('이 매장에는 키오스크가 없습니다.'));
    await page.getByRole('link', { name: '모든 매장 보기' }).click();
    await see(page.getByRole('region', { name: 'Somewhere kiosk' }).or(page.getByRole('link', { name: 'Somewhere kiosk' })));
    await context.close();
  });
});
