import { describe, expect, inject, it } from 'vitest';
import { newKiosk, useChromium } from '../support/browser.ts';
import { HEADINGS, walkEveryScreen } from '../support/every-screen.ts';
import { openKiosk, provisionKiosk, see } from '../support/kiosk-page.ts';
import { photograph } from '../support/screenshots.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();

describe('English and Korean on every screen', () => {
  it('an English kiosk shows every screen in English', async () => {
    const { token } = await provisionKiosk(baseUrl, { name: 'English kiosk', language: 'en', currency: 'usd', readerMode: 'js-sdk' });
    const { context, page } = await openKiosk(browser(), baseUrl, token);
    await walkEveryScreen(page, 'en', /^Americano \$4\.50/, { photos: true });
    await context.close();
  });

  it('a Korean kiosk shows every screen in Korean, with dollar amounts written the Korean way', async () => {
    const { token } = await provisionKiosk(baseUrl, { name: '강남 1호점', language: 'ko', readerMode: 'js-sdk' });
    const { context, page } = await newKiosk(browser(), baseUrl, 'ko-KR');
    await page.goto(`/?token=${token}`);
    await see(page.getByRole('button', { name: /^Americano US\$4\.50$/ }));
    await walkEveryScreen(page, 'ko', /^Americano US\$4\.50/, { photos: true });
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
      const { token } = await provisionKiosk(baseUrl, { name: 'Shibuya' });
      const { context, page } = await openKiosk(browser(), baseUrl, token);
      await see(page.getByRole('button', { name: /^Americano ¥500$/ }));
      await context.close();
    } finally {
      await moveAccount('US');
    }
  });

  it('the language button switches an English kiosk to Korean and back', async () => {
    const { context, page } = await openKiosk(browser(), baseUrl);
    await page.getByRole('button', { name: '한국어' }).click();
    await see(page.getByRole('heading', { name: '메뉴' }));
    await page.getByRole('button', { name: 'English' }).click();
    await see(page.getByRole('heading', { name: 'Menu' }));
    await context.close();
  });

  it('the pairing screen asks for a token in either language; pairing opens the menu in the kiosk\'s own language', async () => {
    const { token } = await provisionKiosk(baseUrl, { name: 'Pairing kiosk' });
    const { context, page } = await newKiosk(browser(), baseUrl);
    await page.goto('/?token=kt_not_a_real_token');
    await see(page.getByRole('heading', { name: HEADINGS.en.pairing }));
    await photograph(page, 'en-6-pairing');
    await page.getByRole('button', { name: '한국어' }).click();
    await see(page.getByRole('heading', { name: HEADINGS.ko.pairing }));
    await page.getByLabel('연결 토큰').fill(token);
    await page.getByRole('button', { name: '연결', exact: true }).click();
    await see(page.getByRole('heading', { name: HEADINGS.en.menu }));
    expect(await page.evaluate(() => localStorage.getItem('kiosk.token'))).toBe(token);
    await context.close();
  });
});
