import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { newKiosk, useChromium } from '../support/browser.ts';
import { openKiosk, pairingCodeFor, provisionKiosk, see, tapCard, tokenOf } from '../support/kiosk-page.ts';
import { photograph } from '../support/screenshots.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();

/** What each screen's heading says in each language. */
const HEADINGS = {
  en: {
    menu: 'Menu',
    waiting: 'Insert or tap your card',
    declined: 'Payment declined',
    success: 'Payment successful',
    cancelled: 'Payment cancelled',
    offline: 'No connection',
    pairing: 'Pair this kiosk',
  },
  ko: {
    menu: '메뉴',
    waiting: '카드를 넣거나 대주세요',
    declined: '결제 거절',
    success: '결제 완료',
    cancelled: '결제 취소됨',
    offline: '연결 없음',
    pairing: '키오스크 연결',
  },
} as const;

const BUTTONS = {
  en: { pay: /^Pay /, tryAgain: 'Try another card', cancel: 'Cancel', newOrder: 'New order' },
  ko: { pay: / 결제$/, tryAgain: '다른 카드로 결제', cancel: '취소', newOrder: '새 주문' },
} as const;

/** Walks a kiosk through every screen, checking each heading in the language, and photographs them (`npm run screenshots`). */
async function walkEveryScreen(page: Page, language: 'en' | 'ko', item: RegExp) {
  const h = HEADINGS[language];
  const b = BUTTONS[language];
  const heading = (name: string) => see(page.getByRole('heading', { name, exact: true }));
  const photo = (name: string) => photograph(page, `${language}-${name}`);

  await heading(h.menu);
  await page.getByRole('button', { name: item }).click();
  await page.getByRole('button', { name: item }).click();
  await photo('1-catalog');
  await page.getByRole('button', { name: b.pay }).click();
  await heading(h.waiting);
  await photo('2-waiting-for-card');
  await tapCard(page, '4000000000009995');
  await heading(h.declined);
  await photo('3-declined');
  await page.getByRole('button', { name: b.tryAgain }).click();
  await heading(h.waiting);
  await tapCard(page, '4242424242424242');
  await heading(h.success);
  await photo('4-success');
  await page.getByRole('button', { name: b.newOrder }).click();

  await heading(h.menu);
  await page.getByRole('button', { name: item }).click();
  await page.getByRole('button', { name: b.pay }).click();
  await heading(h.waiting);
  await page.getByRole('button', { name: b.cancel, exact: true }).click();
  await heading(h.cancelled);
  await page.getByRole('button', { name: b.newOrder }).click();

  await heading(h.menu);
  await page.context().setOffline(true);
  await heading(h.offline);
  await photo('5-offline');
  await page.context().setOffline(false);
  await heading(h.menu);
}

describe('English and Korean on every screen', () => {
  it('an English kiosk shows every screen in English', async () => {
    const { kioskId } = await provisionKiosk(baseUrl, { name: 'English kiosk', language: 'en', currency: 'usd' });
    const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
    await walkEveryScreen(page, 'en', /^Americano \$4\.50/);
    await context.close();
  });

  it('a Korean kiosk shows every screen and the menu in Korean, with dollar amounts written the Korean way', async () => {
    const { kioskId } = await provisionKiosk(baseUrl, { name: '강남 1호점', language: 'ko' });
    const { context, page } = await newKiosk(browser(), baseUrl, 'ko-KR');
    await page.goto((await pairingCodeFor(baseUrl, kioskId)).url);
    await see(page.getByRole('button', { name: /^아메리카노 US\$4\.50$/ }));
    await walkEveryScreen(page, 'ko', /^아메리카노 US\$4\.50/);
    await see(page.getByRole('button', { name: 'US$0.00 결제' }));
    await context.close();
  });

  it('a kiosk of a Japanese Stripe account charges in yen, without decimals', async () => {
    const moveAccount = (country: string) =>
      fetch(`${baseUrl}/v1/_simulator/account`, {
        method: 'POST',
        headers: { Authorization: 'Bearer sk_test_e2e', 'Content-Type': 'application/json' },
        body: JSON.stringify({ country }),
      });
    await moveAccount('JP');
    try {
      const { kioskId } = await provisionKiosk(baseUrl, { name: 'Shibuya' });
      const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
      await see(page.getByRole('button', { name: /^Americano ¥500$/ }));
      await context.close();
    } finally {
      await moveAccount('US');
    }
  });

  it('the language button switches an English kiosk, its menu included, to Korean and back', async () => {
    const { context, page } = await openKiosk(browser(), baseUrl);
    await page.getByRole('button', { name: '한국어' }).click();
    await see(page.getByRole('heading', { name: '메뉴' }));
    await see(page.getByRole('button', { name: /^카페 라테/ }));
    await page.getByRole('button', { name: 'English' }).click();
    await see(page.getByRole('heading', { name: 'Menu' }));
    await see(page.getByRole('button', { name: /^Café Latte/ }));
    await context.close();
  });

  it("the pairing screen asks for the code in either language; pairing opens the menu in the kiosk's own language", async () => {
    const { kioskId } = await provisionKiosk(baseUrl, { name: 'Pairing kiosk' });
    const { context, page } = await newKiosk(browser(), baseUrl);
    // A QR code from an earlier visit: its code is not known (any more).
    await page.goto('/#pair=ZZZZ-ZZZZ');
    await see(page.getByRole('heading', { name: HEADINGS.en.pairing }));
    await see(page.getByRole('alert').getByText('That code was not accepted.'));
    await photograph(page, 'en-6-pairing');
    await page.getByRole('button', { name: '한국어' }).click();
    await see(page.getByRole('heading', { name: HEADINGS.ko.pairing }));
    await page.getByLabel('연결 코드').fill((await pairingCodeFor(baseUrl, kioskId)).code);
    await page.getByRole('button', { name: '연결', exact: true }).click();
    await see(page.getByRole('heading', { name: HEADINGS.en.menu }));
    expect(await tokenOf(page)).toMatch(new RegExp(`^kt_${kioskId}\\.`));
    await context.close();
  });
});
