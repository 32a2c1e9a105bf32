import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import { useChromium } from '../support/browser.ts';
import { openConsole } from '../support/console-page.ts';
import { see } from '../support/kiosk-page.ts';
import { middayTimeZone } from '../support/midday.ts';
import { simulatedKiosk } from '../support/simulated-kiosk.ts';
import { storeDay } from '../../shared/store-day.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();

const VISA = '4242424242424242';
const ADMIN = { Authorization: 'Bearer dev-admin-token' };

describe('daily sales', () => {
  it('shows the day’s sessions of a store per day with a chart, and downloads them as CSV', async () => {
    // The store and its operator at midday: the payments, the refund and the console's "today" share one day.
    const timeZone = middayTimeZone();
    const today = storeDay(Date.now(), timeZone);
    const kiosk = await simulatedKiosk(baseUrl, { name: 'Sales kiosk', timeZone });
    const first = await kiosk.pay(VISA, [{ id: 'latte', quantity: 2 }]);
    await kiosk.pay(VISA, [{ id: 'bagel', quantity: 1 }]);
    const refund = await fetch(`${baseUrl}/api/admin/sessions/${first.sessionId}/refunds`, {
      method: 'POST',
      headers: { ...ADMIN, 'Content-Type': 'application/json' },
      body: JSON.stringify({ amount: 250 }),
    });
    expect(refund.status).toBe(201);
    const { locationId } = kiosk.kiosk;
    // The ledger is written just after each payment and refund: wait until it has them all.
    const report = async () =>
      (await (await fetch(`${baseUrl}/api/admin/reports/daily?from=${today}&to=${today}&location=${locationId}`, { headers: ADMIN })).json()).days;
    await expect.poll(report, { timeout: 20_000 }).toEqual([expect.objectContaining({ count: 2, refunded: 250 })]);

    const { context, page } = await openConsole(browser(), baseUrl, { path: '/admin/sales', timezoneId: timeZone });
    await page.getByLabel('Store').selectOption({ label: 'Sales kiosk' });
    await see(page.getByRole('row', { name: `${today} Sales kiosk 2 $14.00 $2.50 $11.50` }));
    await see(page.getByRole('img', { name: /^Net sales per day\. Days shown: 7\. Total: \$11\.50\./ }));

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const from = new Date(Date.parse(today) - 6 * 86_400_000).toISOString().slice(0, 10);
    expect(download.suggestedFilename()).toBe(`sales-${from}-to-${today}-${locationId}.csv`);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\r\n')).toEqual(['date,location_id,currency,count,gross,refunded,net', `${today},${locationId},usd,2,1400,250,1150`, '']);
    await see(page.getByRole('status').getByText(`sales-${from}-to-${today}-${locationId}.csv was downloaded.`));

    // Days without sales: nothing to report.
    await page.getByLabel('From', { exact: true }).fill('2020-01-01');
    await page.getByLabel('To', { exact: true }).fill('2020-01-31');
    await see(page.getByText('No sales on these days.'));
    await context.close();
  });

  it('days the report cannot cover are said in the operator’s language, before asking the worker', async () => {
    const { context, page } = await openConsole(browser(), baseUrl, { locale: 'ko-KR', path: '/admin/sales?from=2026-01-10&to=2026-01-01' });
    await see(page.getByRole('alert').getByText('시작일이 종료일보다 늦습니다.'));
    await page.getByRole('button', { name: 'CSV 다운로드' }).click();
    await see(page.getByRole('alert').getByText('시작일이 종료일보다 늦습니다.').first());

    await page.goto('/admin/sales?from=2024-01-01&to=2025-12-31');
    await see(page.getByRole('alert').getByText('보고서는 최대 366일까지 볼 수 있습니다.'));
    expect(await page.getByText(/^(from must|A report covers)/).count()).toBe(0);

    await page.getByRole('button', { name: 'English' }).click();
    await see(page.getByRole('alert').getByText('A report covers at most 366 days: choose fewer.'));
    await context.close();
  });

  it('days or a store changed while the worker cannot be read show the error and a way to try again, never the last report', async () => {
    const timeZone = middayTimeZone();
    const today = storeDay(Date.now(), timeZone);
    const kiosk = await simulatedKiosk(baseUrl, { name: 'Unreadable report kiosk', timeZone });
    await kiosk.pay(VISA, [{ id: 'bagel', quantity: 1 }]);
    const { locationId } = kiosk.kiosk;
    const report = async () =>
      (await (await fetch(`${baseUrl}/api/admin/reports/daily?from=${today}&to=${today}&location=${locationId}`, { headers: ADMIN })).json()).days;
    await expect.poll(report, { timeout: 20_000 }).toEqual([expect.objectContaining({ count: 1 })]);

    const path = `/admin/sales?from=${today}&to=${today}&store=${locationId}`;
    const { context, page } = await openConsole(browser(), baseUrl, { path, timezoneId: timeZone });
    const row = page.getByRole('row', { name: `${today} Unreadable report kiosk 1 $3.00 $0.00 $3.00` });
    await see(row);

    // The worker cannot be read: one read fails with a 500, the next never arrives.
    let failed = 0;
    await page.route(/\/api\/admin\/reports\/daily\?/, (route) =>
      failed++ === 0
        ? route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { code: 'internal_error', message: 'Internal error' } }) })
        : route.abort('internetdisconnected'),
    );
    const yesterday = new Date(Date.parse(today) - 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('From', { exact: true }).fill(yesterday);
    await see(page.getByRole('alert').getByText('Something went wrong on the server. Please try again.'));
    expect(await row.count()).toBe(0);
    expect(await page.getByText('This page could not be refreshed: it shows what was last loaded.').count()).toBe(0);

    await page.getByLabel('Store').selectOption({ label: 'All stores' });
    await see(page.getByRole('alert').getByText('The server could not be reached. Check the connection and try again.'));
    expect(await page.getByRole('table').count()).toBe(0);

    await page.unrouteAll();
    await page.getByRole('button', { name: 'Try again' }).click();
    await see(page.getByRole('row', { name: `${today} Unreadable report kiosk 1 $3.00 $0.00 $3.00` }));
    expect(await page.getByRole('alert').count()).toBe(0);
    await context.close();
  });
});
