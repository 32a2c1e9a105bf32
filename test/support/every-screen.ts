import type { Page } from 'playwright-core';
import { see, tapCard } from './kiosk-page.ts';
import { photograph } from './screenshots.ts';

/** What each screen's heading says in each language. */
export const HEADINGS = {
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

export const BUTTONS = {
  en: { pay: /^Pay /, tryAgain: 'Try another card', cancel: 'Cancel', newOrder: 'New order' },
  ko: { pay: / 결제$/, tryAgain: '다른 카드로 결제', cancel: '취소', newOrder: '새 주문' },
} as const;

/**
 * Walks a kiosk through every screen of a payment (menu, waiting for the card, declined, another card, paid; cancelled;
 * offline), checking each heading in the language; with `photos`, photographs them (`npm run screenshots`).
 */
export async function walkEveryScreen(page: Page, language: 'en' | 'ko', item: RegExp, options: { photos?: boolean } = {}) {
  const h = HEADINGS[language];
  const b = BUTTONS[language];
  const heading = (name: string) => see(page.getByRole('heading', { name, exact: true }));
  const photo = async (name: string) => {
    if (options.photos) await photograph(page, `${language}-${name}`);
  };

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
