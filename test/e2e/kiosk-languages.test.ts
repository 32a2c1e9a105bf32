import { describe, expect, inject, it } from 'vitest';
import { newKiosk, useChromium } from '../support/browser.ts';
import { HEADINGS, walkEveryScreen } from '../support/every-screen.ts';
import { openKiosk, pairingCodeFor, provisionKiosk, see, tokenOf } from '../support/kiosk-page.ts';
import { photograph } from '../support/screenshots.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();

describe('English and Korean on every screen', () => {
  it('an English kiosk shows every screen in English', async () => {
    const { kioskId } = await provisionKiosk(baseUrl, { name: 'English kiosk', language: 'en', currency: 'usd', readerMode: 'js-sdk' });
    const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
    await walkEveryScreen(page, 'en', /^Americano \$4\.50/, { photos: true });
    await context.close();
  });

  it('a Korean kiosk shows every screen and the menu in Korean, with dollar amounts written the Korean way', async () => {
    const { kioskId } = await provisionKiosk(baseUrl, { name: '강남 1호점', language: 'ko', readerMode: 'js-sdk' });
    const { context, page } = await newKiosk(browser(), baseUrl, 'ko-KR');
    await page.goto((await pairingCodeFor(baseUrl, kioskId)).url);
    await see(page.getByRole('button', { name: /^아메리카노 US\$4\.50$/ }));
    await walkEveryScreen(page, 'ko', /^아메리카노 US\$4\.50/, { photos: true });
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
