import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEV_ADMIN_TOKEN } from '../../scripts/operator-api.ts';
import { see } from './kiosk-page.ts';
import { simulatedKiosk } from './simulated-kiosk.ts';

/** An operator's screen: a desktop by default, a tablet when asked. */
export const DESKTOP = { width: 1280, height: 900 };
export const TABLET = { width: 820, height: 1180 };

export interface ConsoleOptions {
  locale?: string;
  /** The operator's own time zone (IANA); default the machine's. */
  timezoneId?: string;
  viewport?: { width: number; height: number };
  /** Where to land after signing in (default /admin). */
  path?: string;
}

/** Opens the console in a fresh browser profile and signs in with the admin token, as an operator does. */
export async function openConsole(browser: Browser, baseUrl: string, options: ConsoleOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: options.viewport ?? DESKTOP,
    locale: options.locale ?? 'en-US',
    timezoneId: options.timezoneId,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto(options.path ?? '/admin');
  await signIn(page);
  return { context, page };
}

/** A customer pays for two lattes ($11.00) at a kiosk of its own, and an operator opens that session's page. */
export async function openPaidSession(browser: Browser, baseUrl: string, kioskName: string) {
  const kiosk = await simulatedKiosk(baseUrl, { name: kioskName });
  const paid = await kiosk.pay('4242424242424242', [{ id: 'latte', quantity: 2 }]);
  const { context, page } = await openConsole(browser, baseUrl, { path: `/admin/sessions/${paid.sessionId}` });
  const refunds = page.getByRole('region', { name: 'Refunds' });
  return { paid, context, page, refunds, amount: refunds.getByLabel('Amount to refund (USD)') };
}

/** Another operator refunds part of a session (in cents) from their own console; answers the worker's status. */
export async function refundAsAnotherOperator(baseUrl: string, sessionId: string, amount: number): Promise<number> {
  const res = await fetch(`${baseUrl}/api/admin/sessions/${sessionId}/refunds`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${DEV_ADMIN_TOKEN}`, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({ amount }),
  });
  return res.status;
}

export async function signIn(page: Page, token = DEV_ADMIN_TOKEN): Promise<void> {
  await page.getByLabel(/Admin token|관리자 토큰|管理者トークン/).fill(token);
  await page.getByRole('button', { name: /^(Sign in|로그인|ログイン)$/ }).click();
  await see(page.getByRole('navigation'));
}

/** Follows one of the console's own links, as a click in its navigation does. */
export async function goTo(page: Page, section: string | RegExp): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: section }).click();
  await see(page.getByRole('heading', { level: 1 }));
}

/** axe-core on the page as it is now: no serious or critical violation (WCAG 2.1 A and AA, and best practices). */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, name).toEqual([]);
}
