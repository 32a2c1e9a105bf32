import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { useChromium } from '../support/browser.ts';
import { DESKTOP, expectAccessible, signIn, TABLET } from '../support/console-page.ts';
import { see } from '../support/kiosk-page.ts';
import { splitKoreanWords } from '../support/korean-words.ts';
import { photograph } from '../support/screenshots.ts';
import { simulatedKiosk } from '../support/simulated-kiosk.ts';
import { simulatorStripe } from '../support/stripe-sdk.ts';
import { utcDay } from '../support/utc-day.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();

const VISA = '4242424242424242';

/** A store with a kiosk that took a payment (partly refunded), one waiting for a card, and one that needs an operator. */
async function showcaseStore() {
  const location = await simulatorStripe(baseUrl).terminal.locations.create({
    display_name: 'Market Street',
    address: { line1: '1 Market Street', city: 'San Francisco', state: 'CA', postal_code: '94105', country: 'US' },
  });
  const [counter, window, corner] = await Promise.all(
    ['Counter', 'Window', 'Corner'].map((name) => simulatedKiosk(baseUrl, { name, locationId: location.id })),
  );
  await Promise.all([counter, window, corner].map((kiosk) => kiosk!.heartbeat()));
  const paid = await counter!.pay(VISA, [{ id: 'latte', quantity: 2 }, { id: 'croissant', quantity: 1 }]);
  await counter!.pay(VISA, [{ id: 'americano', quantity: 1 }]);
  await fetch(`${baseUrl}/api/admin/sessions/${paid.sessionId}/refunds`, {
    method: 'POST',
    headers: { Authorization: 'Bearer dev-admin-token', 'Content-Type': 'application/json' },
    body: JSON.stringify({ amount: 350, reason: 'requested_by_customer' }),
  });
  const mismatched = await corner!.order([{ id: 'orange-juice', quantity: 1 }]);
  await simulatorStripe(baseUrl).paymentIntents.update(mismatched.paymentIntentId, { amount: mismatched.amount + 100 });
  await corner!.present(mismatched, VISA);
  await window!.order([{ id: 'green-tea', quantity: 2 }]);
  return { locationId: location.id, sessionId: paid.sessionId, kioskId: counter!.kioskId };
}

let store: Awaited<ReturnType<typeof showcaseStore>>;
beforeAll(async () => {
  store = await showcaseStore();
});

/** Every page of the console, how to reach it, and what shows once it has loaded (whatever the language). */
function pages(): { name: string; path: string; ready: (page: Page) => Promise<unknown> }[] {
  return [
    { name: 'fleet', path: `/admin?store=${store.locationId}`, ready: (page) => see(page.locator('.kiosk-tile.flagged')) },
    { name: 'sessions', path: `/admin/sessions?store=${store.locationId}`, ready: (page) => see(page.locator('tbody tr')) },
    { name: 'session', path: `/admin/sessions/${store.sessionId}`, ready: (page) => see(page.locator('.timeline li')) },
    { name: 'menu', path: '/admin/menu', ready: (page) => see(page.locator('.menu-item')) },
    { name: 'item', path: '/admin/menu/latte', ready: (page) => see(page.locator('.item-form')) },
    { name: 'new-item', path: '/admin/menu/new', ready: (page) => see(page.locator('.item-form')) },
    { name: 'kiosks', path: '/admin/kiosks', ready: (page) => see(page.locator('tbody tr')) },
    {
      name: 'kiosk',
      path: `/admin/kiosks/${store.kioskId}`,
      ready: async (page) => {
        await see(page.locator('.readers li'));
        await page.locator('section').first().locator('button.primary').click();
        await see(page.locator('.pairing-code'));
      },
    },
    { name: 'new-kiosk', path: '/admin/kiosks/new', ready: (page) => see(page.locator('form select')) },
    // The days either side of today: the store's payment counts on the day the simulator, whose clock another file may
    // have moved on, says it was charged, which near midnight is not the browser's today.
    { name: 'sales', path: `/admin/sales?store=${store.locationId}&from=${utcDay(-1)}&to=${utcDay(1)}`, ready: (page) => see(page.locator('.chart svg')) },
    {
      // The item's page again, at its option groups (below the first screen).
      name: 'item-options',
      path: '/admin/menu/latte',
      ready: async (page) => (await see(page.locator('.option-group'))).first().scrollIntoViewIfNeeded(),
    },
  ];
}

const LANGUAGES = [
  { language: 'en', locale: 'en-US', viewport: DESKTOP, fleet: 'Live fleet', signIn: 'Sign in to the kiosk console' },
  { language: 'ko', locale: 'ko-KR', viewport: TABLET, fleet: '실시간 현황', signIn: '키오스크 콘솔 로그인' },
  { language: 'ja', locale: 'ja-JP', viewport: DESKTOP, fleet: 'リアルタイム状況', signIn: 'キオスク管理コンソールにログイン' },
] as const;

const DESCRIBED = { en: 'English (desktop)', ko: 'Korean (tablet)', ja: 'Japanese (desktop)' } as const;

describe('the console in English, Korean and Japanese, on a desktop and a tablet', () => {
  for (const { language, locale, viewport, fleet, signIn: signInTitle } of LANGUAGES) {
    it(`every page in ${DESCRIBED[language]} reads well and has no serious accessibility violation`, { timeout: 120_000 }, async () => {
      const context = await browser().newContext({ baseURL: baseUrl, locale, viewport });
      const page = await context.newPage();
      await page.goto('/admin');
      await see(page.getByRole('heading', { level: 1, name: signInTitle }));
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
      await expectAccessible(page, 'sign-in');
      await photograph(page, `console-${language}-00-sign-in`);
      await signIn(page);
      await see(page.getByRole('heading', { level: 1, name: fleet }));

      for (const [index, { name, path, ready }] of pages().entries()) {
        await page.goto(path);
        await ready(page);
        await expectAccessible(page, `${language} ${name}`);
        await photograph(page, `console-${language}-${String(index + 1).padStart(2, '0')}-${name}`);
      }
      await context.close();
    });
  }

  it('the menu and a session’s lines name items, options and categories in the operator’s language', async () => {
    const context = await browser().newContext({ baseURL: baseUrl, locale: 'en-US', viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto('/admin/menu');
    await signIn(page);
    const coffee = page.getByRole('region', { name: 'coffee' });
    await see(coffee.getByRole('heading', { level: 2, name: 'Coffee coffee' }));
    await see(coffee.getByText(/^Options: Size, Hot or iced/).first());
    await page.getByRole('button', { name: '한국어' }).click();
    await see(coffee.getByRole('heading', { level: 2, name: '커피 coffee' }));
    await see(coffee.getByText(/^옵션: 사이즈, /).first());
    await page.goto(`/admin/sessions/${store.sessionId}`);
    const lines = page.getByRole('region', { name: '주문 내역' });
    await see(lines.getByRole('cell', { name: /^카페 라테\(레귤러, 핫, / }));
    await see(lines.getByRole('cell', { name: '크루아상' }));
    // Japanese lists with 、 and brackets full-width, as the kiosk does.
    await page.getByRole('button', { name: '日本語' }).click();
    await see(page.getByRole('region', { name: '注文内容' }).getByRole('cell', { name: /^カフェラテ（レギュラー、ホット、/ }));
    await page.goto('/admin/menu');
    await see(page.getByRole('region', { name: 'coffee' }).getByText(/^オプション：サイズ、ホット\/アイス/).first());
    await context.close();
  });

  it('switching the language changes every text at once, and is remembered', async () => {
    const context = await browser().newContext({ baseURL: baseUrl, locale: 'en-US', viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(`/admin/sessions/${store.sessionId}`);
    await signIn(page);
    await see(page.getByRole('heading', { level: 2, name: 'Timeline' }));
    await page.getByRole('button', { name: '한국어' }).click();
    await see(page.getByRole('heading', { level: 2, name: '진행 기록' }));
    await see(page.getByRole('navigation').getByRole('link', { name: '결제 세션' }));
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ko');
    await page.reload();
    await see(page.getByRole('heading', { level: 2, name: '진행 기록' }));
    await page.getByRole('button', { name: '日本語' }).click();
    await see(page.getByRole('heading', { level: 2, name: '経過' }));
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
    await page.getByRole('button', { name: 'English' }).click();
    await see(page.getByRole('heading', { level: 2, name: 'Timeline' }));
    await context.close();
  });
});

describe('Korean keeps its words whole, breaking lines at spaces', () => {
  it('on a 360 px wide phone, no Korean word on any page of the console is split over two lines', { timeout: 120_000 }, async () => {
    const context = await browser().newContext({ baseURL: baseUrl, locale: 'ko-KR', viewport: { width: 360, height: 800 } });
    const page = await context.newPage();
    const split: string[] = [];
    const check = async (name: string) => split.push(...(await page.evaluate(splitKoreanWords)).map((word) => `${name}: ${word}`));
    await page.goto('/admin');
    await see(page.getByRole('heading', { level: 1, name: '키오스크 콘솔 로그인' }));
    await check('sign-in');
    await signIn(page);
    await see(page.getByRole('heading', { level: 1, name: '실시간 현황' }));
    for (const { name, path, ready } of pages()) {
      await page.goto(path);
      await ready(page);
      await check(name);
    }
    expect(split).toEqual([]);
    await context.close();
  });
});
