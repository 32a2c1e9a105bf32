import { mkdir } from 'node:fs/promises';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { SessionView } from '../../shared/api.ts';
import { provisionKioskWithReader } from '../../scripts/operator-api.ts';
import { newKiosk } from './browser.ts';

const ADMIN_TOKEN = 'dev-admin-token';

/** Waits until the locator is visible, failing with what the customer would have been looking for. */
export async function see(locator: Locator, timeout = 15_000): Promise<Locator> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch (err) {
    // Keep what the screen showed instead, for whoever reads the failure.
    const page = locator.page();
    await mkdir('test-results', { recursive: true });
    const file = `test-results/failure-${Date.now()}.png`;
    await page.screenshot({ path: file }).catch(() => undefined);
    const text = await page.locator('body').innerText().catch(() => '');
    throw new Error(`${(err as Error).message}\nScreen (${file}):\n${text.slice(0, 2000)}`);
  }
  return locator.first();
}

/** A kiosk of its own with its reader (set up through the admin API), so tests don't share a kiosk's rate limits. */
export const provisionKiosk = (baseUrl: string, body: Record<string, unknown> = {}) =>
  provisionKioskWithReader(baseUrl, { name: 'E2E kiosk', ...body });

/** A one-time pairing code for the kiosk, as the admin console shows it (and the URL its QR code holds). */
export async function pairingCodeFor(baseUrl: string, kioskId: string): Promise<{ code: string; url: string }> {
  const res = await fetch(`${baseUrl}/api/admin/kiosks/${kioskId}/pairing-code`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  if (res.status !== 201) throw new Error(`no pairing code: ${res.status} ${await res.text()}`);
  return (await res.json()) as { code: string; url: string };
}

/** The token the tablet keeps. */
export const tokenOf = (page: Page): Promise<string | null> => page.evaluate(() => localStorage.getItem('kiosk.token'));

/** The start screen's one big button: "touch to start your order". */
export async function startOrdering(page: Page): Promise<void> {
  await (await see(page.getByRole('button', { name: 'Touch to start your order' }))).click();
  await see(page.getByRole('heading', { name: 'Menu' }));
}

/**
 * Opens the kiosk on a fresh tablet, paired by scanning its pairing QR code (or, without a kiosk, as the dev kiosk),
 * starts an order from the start screen, and answers the token the tablet was given: pairing gives the kiosk a new
 * one, so earlier tokens stop working.
 */
export async function openKiosk(
  browser: Browser,
  baseUrl: string,
  kioskId?: string,
): Promise<{ context: BrowserContext; page: Page; token: string }> {
  const kiosk = await newKiosk(browser, baseUrl);
  await kiosk.page.goto(kioskId ? (await pairingCodeFor(baseUrl, kioskId)).url : '/');
  await startOrdering(kiosk.page);
  return { ...kiosk, token: (await tokenOf(kiosk.page))! };
}

/**
 * Adds one of the item to the order. An item with choices (its tile opens a dialog) gets `options` ticked, by their
 * names, on top of its defaults, then `add` (the dialog's "Add to order" in the kiosk's language).
 */
export async function addToOrder(page: Page, item: string | RegExp, options: string[] = [], add: RegExp = /^Add to order/): Promise<void> {
  const tile = page.getByRole('button', { name: typeof item === 'string' ? new RegExp(`^${item}`) : item });
  const choices = (await tile.getAttribute('aria-haspopup')) === 'dialog';
  await tile.click();
  if (!choices) return;
  const dialog = await see(page.getByRole('dialog'));
  for (const option of options) await dialog.getByRole('radio', { name: option }).or(dialog.getByRole('checkbox', { name: option })).check();
  await dialog.getByRole('button', { name: add }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
}

/** The customer's side: add items (with their default choices), tap Pay, wait for the reader. */
export async function orderAndPay(page: Page, items: string[] = ['Americano']): Promise<void> {
  for (const name of items) await addToOrder(page, name);
  await page.getByRole('button', { name: /^Pay / }).click();
  await see(page.getByText('Insert or tap your card'));
}

/** The developer panel stands in for the card: choose it, then tap it on the simulated reader. */
export async function tapCard(page: Page, cardNumber: string): Promise<void> {
  await page.getByLabel('Test card').selectOption(cardNumber);
  await page.getByRole('button', { name: 'Tap card' }).click();
}

/** Reads the kiosk's own view of its current session from the worker, as an operator would. */
export async function sessionOf(baseUrl: string, sessionId: string) {
  const res = await fetch(`${baseUrl}/api/admin/sessions/${sessionId}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  return ((await res.json()) as { session: Pick<SessionView, 'status' | 'paymentIntentId' | 'cancellationReason' | 'tip' | 'amount' | 'expiresAt' | 'orderNumber' | 'serviceMode' | 'items'> }).session;
}

/** What happens to a simulated reader outside the kiosk: it goes offline and back, or the customer cancels on it. */
/** The sessions an operator finds in the console by the reference a kiosk shows. */
export async function sessionsWithReference(baseUrl: string, reference: string): Promise<string[]> {
  const res = await fetch(`${baseUrl}/api/admin/sessions?reference=${reference}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  return ((await res.json()) as { sessions: { sessionId: string }[] }).sessions.map((session) => session.sessionId);
}

export async function readerControl(baseUrl: string, readerId: string, control: 'offline' | 'online' | 'customer-cancel'): Promise<void> {
  const res = await fetch(`${baseUrl}/v1/_simulator/readers/${readerId}/${control}`, { method: 'POST', headers: { Authorization: 'Bearer sk_test_e2e' } });
  if (!res.ok) throw new Error(`${control} on ${readerId}: ${res.status} ${await res.text()}`);
}

/** The in-flight session id the kiosk keeps for crash recovery. */
export async function currentSessionId(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const value = localStorage.getItem(localStorage.key(i)!) ?? '';
      const match = /"sessionId":"(cs_[A-Za-z0-9]+)"/.exec(value);
      if (match) return match[1]!;
    }
    return null;
  });
}

/**
 * Starts noting every headline and remark the kiosk shows, for a test that must prove what never appeared (a screen
 * may last less than a poll); the function it returns reads them.
 */
export async function recordScreens(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen = new Set<string>();
    const note = () => {
      for (const shown of document.querySelectorAll('h1, .notice')) seen.add(shown.textContent ?? '');
    };
    note();
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
    Object.assign(window, { kioskScreensSeen: seen });
  });
  return () => page.evaluate(() => [...(window as unknown as { kioskScreensSeen: Set<string> }).kioskScreensSeen]);
}

/** An error envelope the worker could send, and the headers that go with it. */
export interface WorkerAnswer {
  status: number;
  code: string;
  retryAfter?: number;
  sessionId?: string;
}

/**
 * The worker's next answers to `POST <path>` (its error envelope, with Retry-After if given) never reach the tablet's
 * request: these come instead, then the worker's own. The function returned gives the times the tablet sent that call.
 */
export async function workerAnswers(page: Page, path: string, answers: WorkerAnswer[]): Promise<() => number[]> {
  const left = [...answers];
  const sentAt: number[] = [];
  await page.route(`**${path}`, async (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    sentAt.push(Date.now());
    const answer = left.shift();
    if (!answer) return route.fallback();
    await route.fulfill({
      status: answer.status,
      contentType: 'application/json',
      headers: answer.retryAfter ? { 'Retry-After': String(answer.retryAfter) } : {},
      body: JSON.stringify({ error: { code: answer.code, message: `the worker answered ${answer.status}`, ...(answer.sessionId ? { sessionId: answer.sessionId } : {}) } }),
    });
  });
  return () => sentAt;
}
