import { describe, expect, inject, it } from 'vitest';
import { useChromium } from '../support/browser.ts';
import { openConsole, signIn } from '../support/console-page.ts';
import { see } from '../support/kiosk-page.ts';
import { simulatedKiosk } from '../support/simulated-kiosk.ts';
import { simulatorStripe } from '../support/stripe-sdk.ts';
import type { SessionSummary } from '../../shared/api.ts';
import { sessionReference } from '../../shared/session-reference.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();

const VISA = '4242424242424242';
const DECLINED = '4000000000000002';

/** The operator's calendar day of a moment (this machine's, as the browser's), as the date filter takes it. */
const dayOf = (at: number) => new Date(at).toLocaleDateString('sv-SE');

describe('the sessions list', () => {
  it('filters the ledger by store, kiosk, status and day, and opens a session with its PaymentIntent and charge', async () => {
    const north = await simulatedKiosk(baseUrl, { name: 'North kiosk' });
    const south = await simulatedKiosk(baseUrl, { name: 'South kiosk' });
    const paid = await north.pay(VISA, [{ id: 'latte', quantity: 1 }]);
    const declined = await north.pay(DECLINED, [{ id: 'croissant', quantity: 2 }]);
    expect(declined.status).toBe('failed');
    await south.pay(VISA, [{ id: 'green-tea', quantity: 1 }]);
    // The ledger is written just after each change: wait until it has every session as it ended.
    const ledger = async (query: string) =>
      (await (await fetch(`${baseUrl}/api/admin/sessions?${query}`, { headers: { Authorization: 'Bearer dev-admin-token' } })).json()).sessions;
    await expect.poll(async () => (await ledger(`kioskId=${north.kioskId}`)).map((s: { status: string }) => s.status).sort()).toEqual(['failed', 'success']);
    await expect.poll(async () => (await ledger(`kioskId=${south.kioskId}&status=success`)).length).toBe(1);

    const { context, page } = await openConsole(browser(), baseUrl, { path: '/admin/sessions' });
    const rows = page.getByRole('table').getByRole('row').filter({ has: page.getByRole('cell') });
    await page.getByLabel('Store').selectOption({ label: 'North kiosk' });
    await see(rows.filter({ hasText: '$7.00' }));
    await expect.poll(() => rows.count()).toBe(2);
    await see(rows.filter({ hasText: '$5.50' }).getByText('Paid'));
    await see(rows.filter({ hasText: '$7.00' }).getByText('Declined'));
    expect(await rows.filter({ hasText: 'South kiosk' }).count()).toBe(0);

    await page.getByLabel('Status').selectOption({ label: 'Paid' });
    await expect.poll(() => rows.count()).toBe(1);
    await see(rows.filter({ hasText: 'North kiosk' }).filter({ hasText: '$5.50' }));
    // The filters are in the address: the list can be bookmarked or shared.
    expect(new URL(page.url()).searchParams.get('status')).toBe('success');

    await page.getByLabel('Day').fill('2020-01-01');
    await see(page.getByText('No session matches these filters.'));
    // The day the payment was made, not the day now: a run across midnight made it yesterday.
    const [paidRow] = await ledger(`kioskId=${north.kioskId}&status=success`);
    await page.getByLabel('Day').fill(dayOf(paidRow.createdAt));
    await expect.poll(() => rows.count()).toBe(1);

    await page.getByLabel('Store').selectOption({ label: 'All stores' });
    await page.getByLabel('Kiosk').selectOption({ label: 'South kiosk' });
    await expect.poll(() => rows.count()).toBe(1);
    await see(rows.filter({ hasText: '$4.00' }));

    await page.getByLabel('Kiosk').selectOption({ label: 'North kiosk' });
    // Open the row once the list shows North's payment: until then it may still be South's.
    const northPaid = rows.filter({ hasText: 'North kiosk' }).filter({ hasText: '$5.50' });
    await see(northPaid);
    await northPaid.getByRole('link').click();
    await see(page.getByRole('heading', { level: 1, name: `Session ${paid.sessionId}` }));
    const [{ paymentIntentId, chargeId }] = await ledger(`kioskId=${north.kioskId}&status=success`);
    expect(chargeId).toMatch(/^ch_/);
    await see(page.getByText(paymentIntentId, { exact: true }));
    await see(page.getByText(chargeId, { exact: true }));
    await see(page.getByText('Visa •••• 4242'));
    await see(page.getByRole('link', { name: 'North kiosk' }));
    await context.close();
  });

  it('shows a paid session’s order number and dine-in or take-away, in the list and on its page; its staff reference finds it', async () => {
    const kiosk = await simulatedKiosk(baseUrl, { name: 'Counter kiosk', askServiceMode: true });
    const paid = await kiosk.pay(VISA, [{ id: 'latte', quantity: 1, options: ['large', 'iced', 'oat-milk'] }], 'take_away');
    expect(paid.status).toBe('success');
    // The store gives the number a moment after the payment; the ledger follows the session.
    const ledgerRows = async () =>
      (await (await fetch(`${baseUrl}/api/admin/sessions?kioskId=${kiosk.kioskId}`, { headers: { Authorization: 'Bearer dev-admin-token' } })).json())
        .sessions as SessionSummary[];
    const ledgerRow = async () => (await ledgerRows())[0];
    await expect.poll(async () => (await ledgerRow())?.orderNumber ?? null, { timeout: 15_000 }).not.toBeNull();
    const { orderNumber, chargeId } = (await ledgerRow())!;
    await kiosk.order([{ id: 'latte', quantity: 1 }], 'dine_in');
    // The ledger is written off the request's path: the list shows the open session once its row is there.
    await expect.poll(async () => (await ledgerRows()).length, { timeout: 15_000 }).toBe(2);

    const { context, page } = await openConsole(browser(), baseUrl, { path: '/admin/sessions' });
    const rows = page.getByRole('table').getByRole('row').filter({ has: page.getByRole('cell') });
    // A customer who needs staff reads the reference on the kiosk's screen; the operator types it, in any case.
    await page.getByLabel('Staff reference').fill(sessionReference(paid.sessionId).toLowerCase());
    await expect.poll(() => rows.count()).toBe(1);
    const row = rows.first();
    await see(row.getByRole('cell', { name: String(orderNumber), exact: true }));
    await see(row.getByRole('cell', { name: 'Take-away', exact: true }));
    expect(new URL(page.url()).searchParams.get('reference')).toBe(sessionReference(paid.sessionId));

    await row.getByRole('link').click();
    await see(page.getByRole('heading', { level: 1, name: `Session ${paid.sessionId}` }));
    const facts = page.locator('dl.facts');
    await see(facts.getByRole('definition').filter({ hasText: new RegExp(`^${orderNumber}$`) }));
    await see(facts.getByText('Take-away', { exact: true }));
    await see(facts.getByText(sessionReference(paid.sessionId), { exact: true }));
    await see(facts.getByText(chargeId!, { exact: true }));
    await see(page.getByRole('cell', { name: /Café Latte \(.*Large.*\)/ }));

    // Back in the list without a reference, the kiosk's open session has no number yet, but says dine-in.
    await page.goto(`/admin/sessions?kiosk=${kiosk.kioskId}`);
    await expect.poll(() => rows.count()).toBe(2);
    await see(rows.filter({ hasText: 'Dine-in' }).getByText('Waiting for the card'));
    await context.close();
  });

  it('an operator in Seoul reads a Los Angeles session’s times in the store’s time zone, named, and the list names the operator’s own', async () => {
    const kiosk = await simulatedKiosk(baseUrl, { name: 'Los Angeles kiosk', timeZone: 'America/Los_Angeles' });
    const paid = await kiosk.pay(VISA);
    expect(paid.status).toBe('success');
    const ledger = async () =>
      (await (await fetch(`${baseUrl}/api/admin/sessions?kioskId=${kiosk.kioskId}`, { headers: { Authorization: 'Bearer dev-admin-token' } })).json())
        .sessions as SessionSummary[];
    await expect.poll(async () => (await ledger()).length, { timeout: 15_000 }).toBe(1);
    /** The hour and minute a clock in that zone showed, as a pattern that allows the seconds between. */
    const clockIn = (timeZone: string, ms: number) => {
      const parts = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit', hour12: true }).formatToParts(ms);
      const part = (type: string) => parts.find((p) => p.type === type)!.value;
      return `${part('hour')}:${part('minute')}:\\d\\d\\s${part('dayPeriod')}`;
    };

    const { context, page } = await openConsole(browser(), baseUrl, { path: `/admin/sessions?kiosk=${kiosk.kioskId}`, timezoneId: 'Asia/Seoul' });
    const started = page.getByRole('table').getByRole('row').filter({ has: page.getByRole('cell') }).getByRole('link');
    await see(started.filter({ hasText: new RegExp(`${clockIn('Asia/Seoul', paid.createdAt)} GMT\\+9$`) }));

    await started.click();
    await see(page.getByRole('heading', { level: 1, name: `Session ${paid.sessionId}` }));
    const facts = page.locator('dl.facts');
    await see(facts.getByRole('definition').filter({ hasText: new RegExp(`${clockIn('America/Los_Angeles', paid.createdAt)} P[SD]T$`) }));
    await see(facts.getByRole('definition').filter({ hasText: new RegExp(`${clockIn('America/Los_Angeles', paid.paidAt!)} P[SD]T$`) }));
    const timeline = page.getByRole('region', { name: 'Timeline' }).locator('time');
    await expect.poll(() => timeline.count()).toBeGreaterThan(0);
    for (const shown of await timeline.allTextContents()) expect(shown).toMatch(/ P[SD]T$/);
    expect(await page.getByText(/GMT\+9/).count()).toBe(0);
    await context.close();
  });

  it('a payment that does not match its order says why in plain words, in the operator’s language', async () => {
    const kiosk = await simulatedKiosk(baseUrl, { name: 'Overcharged kiosk' });
    const session = await kiosk.order([{ id: 'bagel', quantity: 1 }]);
    // Someone changed the PaymentIntent's amount at Stripe: the card is charged $4.00 for a $3.00 order.
    await simulatorStripe(baseUrl).paymentIntents.update(session.paymentIntentId, { amount: session.amount + 100 });
    await kiosk.present(session, VISA);
    const { context, page } = await openConsole(browser(), baseUrl, { path: `/admin/sessions/${session.sessionId}` });
    const status = page.getByRole('term').filter({ hasText: 'Status' }).locator('+ dd');
    await see(status.getByText('Needs attention'));
    await see(status.getByText('The card was charged $4.00 for a $3.00 order.'));
    expect(await status.innerText()).not.toContain('!=');

    await page.getByRole('button', { name: '한국어' }).click();
    const 상태 = page.getByRole('term').filter({ hasText: '상태' }).locator('+ dd');
    await see(상태.getByText('US$3.00 주문에 카드로 US$4.00 결제되었습니다.'));
    await context.close();
  });

  it('a declined session says why the card was declined in the operator’s language, beside Stripe’s code', async () => {
    const kiosk = await simulatedKiosk(baseUrl, { name: 'Short of funds kiosk' });
    const declined = await kiosk.pay('4000000000009995', [{ id: 'bagel', quantity: 1 }]);
    expect(declined.status).toBe('failed');
    const { context, page } = await openConsole(browser(), baseUrl, { locale: 'ko-KR', path: `/admin/sessions/${declined.sessionId}` });
    const 상태 = page.getByRole('term').filter({ hasText: '상태' }).locator('+ dd');
    await see(상태.getByText('(마지막 카드 거절: 잔액 부족, insufficient_funds)'));
    await page.getByRole('button', { name: 'English' }).click();
    const status = page.getByRole('term').filter({ hasText: 'Status' }).locator('+ dd');
    await see(status.getByText('(last card declined: not enough funds, insufficient_funds)'));
    await context.close();
  });

  it('a cancel refused because the customer paid meanwhile says so, and the page shows the session paid', async () => {
    const kiosk = await simulatedKiosk(baseUrl, { name: 'Paid-meanwhile kiosk' });
    const session = await kiosk.order([{ id: 'bagel', quantity: 1 }]);
    const context = await browser().newContext({ baseURL: baseUrl, locale: 'en-US' });
    const page = await context.newPage();
    // The page's own clock stands still: it does not read the session again before the operator's click.
    await page.clock.install();
    await page.goto(`/admin/sessions/${session.sessionId}`);
    await signIn(page);
    const cancel = page.getByRole('region', { name: 'Cancel the session' });
    await see(cancel.getByRole('button', { name: 'Cancel this session' }));

    await kiosk.present(session, VISA);
    await cancel.getByRole('button', { name: 'Cancel this session' }).click();
    const status = page.getByRole('term').filter({ hasText: 'Status' }).locator('+ dd');
    await see(status.getByText('Paid', { exact: true }));
    await see(page.getByRole('alert').getByText('This session was paid meanwhile, so it cannot be cancelled. Refund it instead.'));
    expect(await page.getByRole('button', { name: 'Cancel this session' }).count()).toBe(0);
    await context.close();
  });

  it('a filter changed while the worker cannot be read shows the error and a way to try again, never the last filter’s rows', async () => {
    const kiosk = await simulatedKiosk(baseUrl, { name: 'Unreadable filter kiosk' });
    const paid = await kiosk.pay(VISA, [{ id: 'latte', quantity: 1 }]);
    expect(paid.status).toBe('success');
    const ledger = async () =>
      (await (await fetch(`${baseUrl}/api/admin/sessions?kioskId=${kiosk.kioskId}`, { headers: { Authorization: 'Bearer dev-admin-token' } })).json())
        .sessions as SessionSummary[];
    await expect.poll(async () => (await ledger()).map((s) => s.status), { timeout: 15_000 }).toEqual(['success']);

    const { context, page } = await openConsole(browser(), baseUrl, { path: `/admin/sessions?kiosk=${kiosk.kioskId}` });
    const rows = page.getByRole('table').getByRole('row').filter({ has: page.getByRole('cell') });
    await see(rows.filter({ hasText: '$5.50' }).getByText('Paid'));

    // The worker cannot be read: one read fails with a 500, the next never arrives.
    let failed = 0;
    await page.route(/\/api\/admin\/sessions\?/, (route) =>
      failed++ === 0
        ? route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { code: 'internal_error', message: 'Internal error' } }) })
        : route.abort('internetdisconnected'),
    );
    await page.getByLabel('Status').selectOption({ label: 'Needs attention' });
    await see(page.getByRole('alert').getByText('Something went wrong on the server. Please try again.'));
    expect(await rows.count()).toBe(0);
    expect(await page.getByText('This page could not be refreshed: it shows what was last loaded.').count()).toBe(0);

    await page.getByLabel('Status').selectOption({ label: 'Paid' });
    await see(page.getByRole('alert').getByText('The server could not be reached. Check the connection and try again.'));
    expect(await rows.count()).toBe(0);

    await page.unrouteAll();
    await page.getByRole('button', { name: 'Try again' }).click();
    await see(rows.filter({ hasText: '$5.50' }).getByText('Paid'));
    expect(await page.getByRole('alert').count()).toBe(0);
    await context.close();
  });

  it('more sessions asked for just before the filter changed are not added to the new filter’s rows', async () => {
    const first = await simulatedKiosk(baseUrl, { name: 'Paged first kiosk' });
    const second = await simulatedKiosk(baseUrl, { name: 'Paged second kiosk' });
    for (const kiosk of [first, second]) for (let n = 0; n < 2; n++) expect((await kiosk.pay(VISA, [{ id: 'bagel', quantity: 1 }])).status).toBe('success');
    const ledger = async (kioskId: string) =>
      (await (await fetch(`${baseUrl}/api/admin/sessions?kioskId=${kioskId}`, { headers: { Authorization: 'Bearer dev-admin-token' } })).json())
        .sessions as SessionSummary[];
    for (const kiosk of [first, second]) await expect.poll(async () => (await ledger(kiosk.kioskId)).length, { timeout: 15_000 }).toBe(2);

    const { context, page } = await openConsole(browser(), baseUrl, { path: '/admin/sessions' });
    // Pages of one session, so two sessions make two pages; the second page of the first kiosk is slow to come.
    let release = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/api\/admin\/sessions\?/, async (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('limit', '1');
      if (url.searchParams.has('cursor') && url.searchParams.get('kioskId') === first.kioskId) await slow;
      await route.continue({ url: url.toString() });
    });
    await page.getByLabel('Kiosk').selectOption({ label: 'Paged first kiosk' });
    const rows = page.getByRole('table').getByRole('row').filter({ has: page.getByRole('cell') });
    await see(rows.filter({ hasText: 'Paged first kiosk' }));
    const more = page.getByRole('button', { name: 'Show more sessions' });
    await more.click();

    await page.getByLabel('Kiosk').selectOption({ label: 'Paged second kiosk' });
    await see(rows.filter({ hasText: 'Paged second kiosk' }));
    const late = page.waitForResponse((response) => new URL(response.url()).searchParams.get('kioskId') === first.kioskId);
    release();
    await late;
    // The second kiosk's list offers its own next page once the late one is done with.
    await expect.poll(() => more.isEnabled()).toBe(true);
    expect(await rows.allInnerTexts()).toEqual([expect.stringContaining('Paged second kiosk')]);
    await context.close();
  });
});
