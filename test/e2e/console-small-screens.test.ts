import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useChromium } from '../support/browser.ts';
import { signIn } from '../support/console-page.ts';
import { see } from '../support/kiosk-page.ts';
import { simulatedKiosk } from '../support/simulated-kiosk.ts';
import { simulatorStripe } from '../support/stripe-sdk.ts';
import { utcDay } from '../support/utc-day.ts';
import type { CatalogEntry } from '../../shared/api.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();

const VISA = '4242424242424242';
const ADMIN = { Authorization: 'Bearer dev-admin-token' };

/**
 * Screens an operator opens the console on: two phones, a tablet, and a 1280x800 desktop zoomed to 200% and to 400%
 * (its CSS viewport: WCAG 1.4.10 Reflow's 320 CSS px).
 */
const SCREENS = [
  { name: 'phone 390x844', width: 390, height: 844 },
  { name: 'phone 360x800', width: 360, height: 800 },
  { name: 'tablet 768x1024', width: 768, height: 1024 },
  { name: 'desktop 1280x800 at 200%', width: 640, height: 400 },
  { name: 'desktop 1280x800 at 400%', width: 320, height: 200 },
];

/**
 * A store whose kiosk took a payment that was partly refunded, and a menu item with options and a photo, sold out at two
 * other stores.
 */
async function busyStore() {
  const location = await simulatorStripe(baseUrl).terminal.locations.create({
    display_name: 'Harbourfront Boulevard Flagship',
    address: { line1: '1 Market Street', city: 'San Francisco', state: 'CA', postal_code: '94105', country: 'US' },
  });
  const kiosk = await simulatedKiosk(baseUrl, { name: 'Front counter by the window', locationId: location.id });
  await kiosk.heartbeat();
  const paid = await kiosk.pay(VISA, [{ id: 'latte', quantity: 2 }, { id: 'croissant', quantity: 1 }]);
  await fetch(`${baseUrl}/api/admin/sessions/${paid.sessionId}/refunds`, {
    method: 'POST',
    headers: { ...ADMIN, 'Content-Type': 'application/json' },
    body: JSON.stringify({ amount: 350, reason: 'requested_by_customer' }),
  });
  // The latte's options, on an item of this test's own that also has a photo: a name of its own, as every kiosk's
  // menu shows it while this file runs (a second "Café Latte" tile would be another test's two matches).
  const { items } = (await (await fetch(`${baseUrl}/api/admin/catalog`, { headers: ADMIN })).json()) as { items: CatalogEntry[] };
  const latte = items.find((item) => item.id === 'latte')!;
  const itemId = `small-screen-latte-${crypto.randomUUID().slice(0, 8)}`;
  const put = await fetch(`${baseUrl}/api/admin/catalog/items/${itemId}`, {
    method: 'PUT',
    headers: { ...ADMIN, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      name: { en: 'Small-screen sampler latte' },
      category: latte.category,
      prices: { usd: latte.prices.usd },
      optionGroups: latte.optionGroups.map((group) => ({
        ...group,
        options: group.options.map((option) => ({ ...option, priceChange: { usd: option.priceChange.usd ?? 0 } })),
      })),
    }),
  });
  expect(put.status).toBe(201);
  const png = await readFile(new URL('../../pwa/public/icon-192.png', import.meta.url));
  const photo = await fetch(`${baseUrl}/api/admin/catalog/items/${itemId}/photo`, { method: 'PUT', headers: { ...ADMIN, 'Content-Type': 'image/png' }, body: png });
  expect(photo.status).toBe(200);
  // Sold out at two stores with no kiosk, which the console names by their long Location ids.
  for (let store = 0; store < 2; store++) {
    const { id } = await simulatorStripe(baseUrl).terminal.locations.create({
      display_name: 'Unstaffed store',
      address: { line1: '2 Market Street', city: 'San Francisco', state: 'CA', postal_code: '94105', country: 'US' },
    });
    const soldOut = await fetch(`${baseUrl}/api/admin/locations/${id}/items/${itemId}/availability`, {
      method: 'PUT',
      headers: { ...ADMIN, 'Content-Type': 'application/json' },
      body: JSON.stringify({ available: false }),
    });
    expect(soldOut.status).toBe(200);
  }
  return { locationId: location.id, sessionId: paid.sessionId, kioskId: kiosk.kioskId, itemId };
}

let store: Awaited<ReturnType<typeof busyStore>>;
beforeAll(async () => {
  store = await busyStore();
});
afterAll(async () => {
  await fetch(`${baseUrl}/api/admin/catalog/items/${store.itemId}`, { method: 'DELETE', headers: ADMIN });
});

/** Every page of the console once signed in, and what shows once it has loaded (whatever the language). */
function pages(): { name: string; path: string; ready: (page: Page) => Promise<unknown> }[] {
  return [
    { name: 'live fleet', path: `/admin?store=${store.locationId}`, ready: (page) => see(page.locator('.kiosk-tile')) },
    { name: 'sessions', path: `/admin/sessions?store=${store.locationId}`, ready: (page) => see(page.locator('tbody tr')) },
    { name: 'session', path: `/admin/sessions/${store.sessionId}`, ready: (page) => see(page.locator('.refund-form')) },
    { name: 'menu', path: '/admin/menu', ready: (page) => see(page.locator('.menu-item')) },
    { name: 'item', path: `/admin/menu/${store.itemId}`, ready: (page) => see(page.locator('.item-photo')) },
    { name: 'new item', path: '/admin/menu/new', ready: (page) => see(page.locator('.item-form')) },
    { name: 'kiosks', path: '/admin/kiosks', ready: (page) => see(page.locator('tbody tr')) },
    {
      name: 'kiosk with a pairing code and its confirmations',
      path: `/admin/kiosks/${store.kioskId}`,
      ready: async (page) => {
        await see(page.locator('.readers li'));
        await page.locator('section').first().locator('button.primary').click();
        await see(page.locator('.pairing-code'));
        // Both of its confirmations open: removing the reader, and disabling the kiosk.
        await page.locator('.readers li button').click();
        await page.locator('button.danger').last().click();
        await expect.poll(() => page.locator('.confirm').count()).toBe(2);
      },
    },
    { name: 'new kiosk', path: '/admin/kiosks/new', ready: (page) => see(page.locator('form select')) },
    // The days either side of today: the store's payment counts on the day the simulator, whose clock another file may
    // have moved on, says it was charged, which near midnight is not the browser's today.
    { name: 'sales', path: `/admin/sales?store=${store.locationId}&from=${utcDay(-1)}&to=${utcDay(1)}`, ready: (page) => see(page.locator('.chart svg')) },
  ];
}

/**
 * What does not fit the screen: a page that scrolls sideways, a control (outside a table's own scrolling box) cut off
 * at the sides, smaller than 24x24 CSS px without the spacing WCAG 2.5.8 allows, overlapping another, a button
 * whose text does not fit it, or a header or status whose words are split over lines.
 */
function misfits(): string[] {
  const width = window.innerWidth;
  const found: string[] = [];
  const describe = (element: Element) =>
    `${element.tagName.toLowerCase()} "${(element.textContent || element.getAttribute('aria-label') || (element as HTMLInputElement).labels?.[0]?.textContent || '').trim().slice(0, 40)}"`;
  if (document.documentElement.scrollWidth > width) {
    const wide = (element: Element) => element.getBoundingClientRect().right > width + 0.5;
    const widest = [...document.body.querySelectorAll('*')].filter((element) => wide(element) && ![...element.children].some(wide));
    found.push(`the page is ${document.documentElement.scrollWidth}px wide (${widest.slice(0, 3).map(describe).join(', ')})`);
  }
  const scrolledInside = (element: Element) => element.closest('.table-scroll') !== null;
  // A control's target: a checkbox's is its label too, which a tap on it toggles.
  const targets = [...document.querySelectorAll('a[href], button, input, select, textarea, summary')]
    .filter((element) => element.checkVisibility({ visibilityProperty: true }) && !element.closest('.visually-hidden'))
    .map((element) => {
      const target = element instanceof HTMLInputElement && element.type === 'checkbox' ? (element.closest('label') ?? element) : element;
      // A link that wraps onto two lines covers only its lines' boxes, not the rectangle around them.
      return { element, box: target.getBoundingClientRect(), lines: [...target.getClientRects()] };
    })
    .filter(({ box }) => box.width > 1 && box.height > 1 && box.bottom + window.scrollY > 0);
  const inline = (element: Element) =>
    element.tagName === 'A' && getComputedStyle(element).display === 'inline' && (element.parentElement?.textContent ?? '').trim() !== (element.textContent ?? '').trim();
  const small = (box: DOMRect) => box.width < 23.5 || box.height < 23.5;
  const centre = (box: DOMRect) => ({ x: box.left + box.width / 2, y: box.top + box.height / 2 });
  const distance = (point: { x: number; y: number }, box: DOMRect) =>
    Math.hypot(Math.max(box.left - point.x, 0, point.x - box.right), Math.max(box.top - point.y, 0, point.y - box.bottom));
  for (const [index, { element, box, lines }] of targets.entries()) {
    if (!scrolledInside(element) && (box.left < -0.5 || box.right > width + 0.5)) found.push(`${describe(element)} is cut off (${Math.round(box.left)}..${Math.round(box.right)})`);
    // WCAG 2.5.8: a 24px circle on a smaller target's centre touches no other target, nor another such circle.
    if (small(box) && !inline(element)) {
      const crowded = targets.some(
        ({ box: other }, j) => j !== index && (small(other) ? Math.hypot(centre(box).x - centre(other).x, centre(box).y - centre(other).y) < 24 : distance(centre(box), other) < 12),
      );
      if (crowded) found.push(`${describe(element)} is ${Math.round(box.width)}x${Math.round(box.height)}, too close to another control`);
    }
    const overlap = (a: DOMRect, b: DOMRect) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
    for (const { element: other, lines: second } of targets.slice(index + 1)) {
      if (element.contains(other) || other.contains(element)) continue;
      if (lines.some((line) => second.some((otherLine) => overlap(line, otherLine)))) found.push(`${describe(element)} overlaps ${describe(other)}`);
    }
    if (element instanceof HTMLButtonElement && element.scrollWidth > element.clientWidth + 1) found.push(`${describe(element)}'s text does not fit it`);
  }
  // A table's headers, a status and the header's names are read at a glance: no word of theirs (a Japanese one has
  // no spaces) split over lines.
  for (const label of document.querySelectorAll('th, .status, .badge, .console-header a, .console-header button')) {
    if (!label.checkVisibility()) continue;
    const texts = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
    for (let text = texts.nextNode(); text; text = texts.nextNode()) {
      for (const word of (text.textContent ?? '').matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(text, word.index);
        range.setEnd(text, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].map((line) => Math.round(line.top)));
        if (lines.size > 1) found.push(`${describe(label)} breaks "${word[0]}" over ${lines.size} lines`);
      }
    }
  }
  return found;
}

const LANGUAGES = [
  { language: 'en', locale: 'en-US', fleet: 'Live fleet' },
  { language: 'ko', locale: 'ko-KR', fleet: '실시간 현황' },
  { language: 'ja', locale: 'ja-JP', fleet: 'リアルタイム状況' },
] as const;

describe('the console on a phone, a tablet and a zoomed desktop', () => {
  for (const { language, locale, fleet } of LANGUAGES) {
    it(`every page in ${language} fits each screen: no sideways scroll, every control whole, apart and big enough to tap`, { timeout: 240_000 }, async () => {
      const context = await browser().newContext({ baseURL: baseUrl, locale, viewport: SCREENS[0]! });
      const page = await context.newPage();
      const problems: string[] = [];
      const check = async (name: string) => {
        for (const screen of SCREENS) {
          await page.setViewportSize(screen);
          problems.push(...(await page.evaluate(misfits)).map((problem) => `${name} on a ${screen.name}: ${problem}`));
        }
      };
      await page.goto('/admin');
      await see(page.locator('form input'));
      await check('sign-in');
      await signIn(page);
      await see(page.getByRole('heading', { level: 1, name: fleet }));
      for (const { name, path, ready } of pages()) {
        await page.setViewportSize(SCREENS[0]!);
        await page.goto(path);
        await ready(page);
        await check(name);
      }
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
