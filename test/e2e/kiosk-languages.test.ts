import { describe, expect, inject, it } from 'vitest';
import { READER_MODES } from '../../shared/api.ts';
import { newKiosk, ownNetwork, useChromium } from '../support/browser.ts';
import { axeViolations } from '../support/accessibility.ts';
import { filled, TEXTS, walkEveryScreen } from '../support/every-screen.ts';
import { splitKoreanWords } from '../support/korean-words.ts';
import { addToOrder, currentSessionId, openKiosk, pairingCodeFor, provisionKiosk, see, tokenOf } from '../support/kiosk-page.ts';
import { photographBothWays } from '../support/screenshots.ts';
import { simulatorStripe } from '../support/stripe-sdk.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();

describe('every screen in English, Korean and Japanese (SDK mode), each without an accessibility problem axe-core can find', () => {
  it.each([
    ['English', 'en', /^Americano \$4\.50/],
    ['Korean', 'ko', /^아메리카노 US\$4\.50/],
    ['Japanese', 'ja', /^アメリカーノ \$4\.50/],
  ] as const)('in %s: from the start screen through choices, a decline, another card, a cancel, a payment for staff and going offline', async (_name, language, item) => {
    await walkEveryScreen(browser(), baseUrl, { language, readerMode: 'js-sdk', item, photos: true });
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

  it('the language buttons switch the kiosk, its menu included, to Korean, Japanese and back; the next customer gets the kiosk’s own language', async () => {
    const { context, page } = await openKiosk(browser(), baseUrl);
    await page.getByRole('button', { name: '한국어' }).click();
    await see(page.getByRole('heading', { name: '메뉴' }));
    await see(page.getByRole('button', { name: /^카페 라테/ }));
    await page.getByRole('button', { name: '日本語' }).click();
    await see(page.getByRole('heading', { name: 'メニュー' }));
    await see(page.getByRole('button', { name: /^カフェラテ/ }));
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
    await page.getByRole('button', { name: 'English' }).click();
    await see(page.getByRole('heading', { name: 'Menu' }));
    await see(page.getByRole('button', { name: /^Café Latte/ }));

    await page.getByRole('button', { name: '日本語' }).click();
    await page.getByRole('button', { name: '最初からやり直す' }).click();
    await see(page.getByRole('heading', { name: 'Welcome' }));
    await see(page.getByRole('button', { name: 'English', pressed: true }));
    await context.close();
  });

  it('a customer who chose Korean and the accessible layout on the start screen and walked away leaves the next one the kiosk’s own, a minute later', async () => {
    const { context, page } = await newKiosk(browser(), baseUrl);
    await page.clock.install();
    await page.goto('/');
    await see(page.getByRole('heading', { name: 'Welcome' }));
    await page.getByRole('button', { name: '한국어' }).click();
    await page.getByRole('button', { name: TEXTS.ko['access.toggle'] }).click();
    await see(page.getByRole('heading', { name: TEXTS.ko['attract.title'] }));
    await see(page.getByRole('button', { name: TEXTS.ko['access.toggle'], pressed: true }));

    // Still there, touching the screen: the choice stays.
    await page.clock.fastForward(45_000);
    await page.mouse.click(5, 5);
    await page.clock.fastForward(45_000);
    await see(page.getByRole('heading', { name: TEXTS.ko['attract.title'] }));
    // Gone: a minute untouched and the start screen is the kiosk's own again.
    await page.clock.fastForward(16_000);
    await see(page.getByRole('heading', { name: 'Welcome' }));
    await see(page.getByRole('button', { name: 'English', pressed: true }));
    await see(page.getByRole('button', { name: 'Accessibility mode', pressed: false }));
    await context.close();
  });

  it('the payment screen names each line of a Japanese order as the cart does, options in full-width brackets', async () => {
    const { context, page } = await openKiosk(browser(), baseUrl);
    await page.getByRole('button', { name: '日本語' }).click();
    await addToOrder(page, /^カフェラテ/, ['アイス'], /^注文に追加/);
    const removeOne = await page.locator('.cart-line button').first().getAttribute('aria-label');
    const inCart = removeOne!.replace(/を1つ減らす$/, '');
    expect(inCart).toMatch(/^カフェラテ（.*アイス.*）$/);
    await page.getByRole('button', { name: /を支払う$/ }).click();
    await see(page.getByRole('heading', { name: TEXTS.ja['status.waiting_card'] }), 30_000);
    expect(await page.locator('.summary li').allInnerTexts()).toEqual([`${inCart} ×1`]);
    await context.close();
  });

  it.each([
    ['한국어', /^카페 라테/, ['아이스'], /^주문에 담기/, '레귤러, 아이스, 일반 우유', '카페 라테(레귤러, 아이스, 일반 우유)', / 하나 빼기$/],
    ['日本語', /^カフェラテ/, ['アイス'], /^注文に追加/, 'レギュラー、アイス、牛乳', 'カフェラテ（レギュラー、アイス、牛乳）', /を1つ減らす$/],
    ['English', /^Café Latte/, ['Iced'], /^Add to order/, 'Regular, Iced, Whole milk', 'Café Latte (Regular, Iced, Whole milk)', /^Remove one /],
  ])('in %s, a line’s options are listed as the language lists things, in the cart and on the payment screen', async (language, item, options, add, listed, named, removeWords) => {
    const { context, page } = await openKiosk(browser(), baseUrl);
    await page.getByRole('button', { name: language }).click();
    await addToOrder(page, item, options, add);
    expect(await page.locator('.cart-line .line-options').allInnerTexts()).toEqual([listed]);
    const removeOne = await page.locator('.cart-line button').first().getAttribute('aria-label');
    expect(removeOne!.replace(removeWords, '')).toBe(named);
    await page.locator('.cart button.pay').click();
    await expect.poll(() => page.locator('.summary li').allInnerTexts(), { timeout: 30_000 }).toEqual([`${named} ×1`]);
    await context.close();
  });

  it('a kiosk offers only its own languages, and starts each customer in its default one', async () => {
    const { kioskId } = await provisionKiosk(baseUrl, { name: 'Kyoto', language: 'ja', languages: ['ja', 'en'] });
    const { context, page } = await newKiosk(browser(), baseUrl);
    await page.goto((await pairingCodeFor(baseUrl, kioskId)).url);
    await see(page.getByRole('heading', { name: TEXTS.ja['attract.title'] }));
    const languages = page.getByRole('group', { name: TEXTS.ja['language.choose'] }).getByRole('button');
    expect(await languages.allInnerTexts()).toEqual(['日本語', 'English']);
    await context.close();
  });

  it("the pairing screen asks for the code in any language; pairing opens the start screen in the kiosk's own language", async () => {
    const { kioskId } = await provisionKiosk(baseUrl, { name: 'Pairing kiosk' });
    const { context, page } = await newKiosk(browser(), baseUrl);
    // A QR code from an earlier visit: its code is not known (any more).
    await page.goto('/#pair=ZZZZ-ZZZZ');
    await see(page.getByRole('heading', { name: TEXTS.en['pairing.title'] }));
    await see(page.getByRole('alert').getByText('That code was not accepted.'));
    await photographBothWays(page, 'en-00-pairing');
    await page.getByRole('button', { name: '한국어' }).click();
    await see(page.getByRole('heading', { name: TEXTS.ko['pairing.title'] }));
    await page.getByLabel('연결 코드').fill((await pairingCodeFor(baseUrl, kioskId)).code);
    await page.getByRole('button', { name: '연결', exact: true }).click();
    await see(page.getByRole('heading', { name: TEXTS.en['attract.title'] }));
    expect(await tokenOf(page)).toMatch(new RegExp(`^kt_${kioskId}\\.`));
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});

describe('a kiosk starting up, before its language file has loaded', () => {
  it('a Korean kiosk restarting says it is starting in Korean too, never in English alone, and so does its page title', async () => {
    const { kioskId } = await provisionKiosk(baseUrl, { name: 'Jeju, slow start', language: 'ko' });
    // No service worker: every file of the restart comes from the network, as on a tablet whose cache was cleared.
    const context = await browser().newContext({ baseURL: baseUrl, viewport: { width: 1024, height: 768 }, serviceWorkers: 'block', extraHTTPHeaders: ownNetwork() });
    const page = await context.newPage();
    await page.goto((await pairingCodeFor(baseUrl, kioskId)).url);
    await see(page.getByRole('heading', { name: TEXTS.ko['attract.title'] }));
    // On the restart the Korean texts and the kiosk's configuration are slow to come: they are held.
    await context.route(/\/assets\/ko-[\w-]+\.js$/, () => undefined);
    await context.route(/\/api\/kiosk$/, () => undefined);
    await page.reload();

    const heading = await see(page.getByRole('heading', { level: 1 }));
    expect(await heading.textContent()).toContain('시작하는 중…');
    expect(await page.title()).toContain('키오스크');
    await context.close();
  });
});

describe('a tablet that restarts with no connection speaks the language it was speaking', () => {
  it("a kiosk whose own language is Korean says it has no connection in Korean", async () => {
    const { kioskId } = await provisionKiosk(baseUrl, { name: 'Busan, offline restart', language: 'ko' });
    const { context, page } = await newKiosk(browser(), baseUrl);
    await page.goto((await pairingCodeFor(baseUrl, kioskId)).url);
    await see(page.getByRole('heading', { name: TEXTS.ko['attract.title'] }));
    // The restart offline is served by the service worker.
    await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated', null, { timeout: 30_000 });
    await context.setOffline(true);
    await page.reload();
    await see(page.getByRole('heading', { name: TEXTS.ko['offline.title'] }), 30_000);
    await see(page.getByText(TEXTS.ko['offline.body']));
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ko');
    await context.setOffline(false);
    await see(page.getByRole('heading', { name: TEXTS.ko['attract.title'] }), 30_000);
    await context.close();
  });

  it('a kiosk that offers Korean and English offers only those two after a restart with no connection', async () => {
    const { kioskId } = await provisionKiosk(baseUrl, { name: 'Daegu, two languages', language: 'ko', languages: ['ko', 'en'] });
    const { context, page } = await newKiosk(browser(), baseUrl);
    await page.goto((await pairingCodeFor(baseUrl, kioskId)).url);
    await see(page.getByRole('heading', { name: TEXTS.ko['attract.title'] }));
    await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated', null, { timeout: 30_000 });
    await context.setOffline(true);
    await page.reload();
    await see(page.getByRole('heading', { name: TEXTS.ko['offline.title'] }), 30_000);
    const languageButtons = page.getByRole('group', { name: TEXTS.ko['language.choose'] }).getByRole('button');
    await see(languageButtons.filter({ hasText: '한국어' }));
    await see(languageButtons.filter({ hasText: 'English' }));
    expect(await languageButtons.allTextContents()).toEqual(['한국어', 'English']);
    await context.setOffline(false);
    await see(page.getByRole('heading', { name: TEXTS.ko['attract.title'] }), 30_000);
    expect(await languageButtons.allTextContents()).toEqual(['한국어', 'English']);
    await context.close();
  });

  it('a Japanese customer whose payment the server-driven reader holds is told in Japanese not to pay again', async () => {
    const { kioskId } = await provisionKiosk(baseUrl, { name: 'Offline restart in Japanese', readerMode: 'server-driven' });
    const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
    await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated', null, { timeout: 30_000 });
    await page.getByRole('button', { name: '日本語' }).click();
    await addToOrder(page, /^ベーグル/, [], /^注文に追加/);
    await page.getByRole('button', { name: /を支払う$/ }).click();
    await see(page.getByRole('heading', { name: TEXTS.ja['status.waiting_card'] }), 30_000);

    await context.setOffline(true);
    await page.reload();
    await see(page.getByRole('heading', { name: TEXTS.ja['offline.title'] }), 30_000);
    await see(page.getByText(TEXTS.ja['offline.checking']));
    await context.setOffline(false);
    await see(page.getByRole('heading', { name: TEXTS.ja['status.waiting_card'] }), 30_000);
    await page.getByRole('button', { name: TEXTS.ja['payment.cancel'], exact: true }).click();
    await see(page.getByRole('heading', { name: TEXTS.ja['status.cancelled'] }));
    await context.close();
  });
});

for (const readerMode of READER_MODES) {
  describe(`a reload in the middle of a payment (${readerMode})`, () => {
    it('a customer who chose Korean and accessibility mode still has both when the tablet reloads while the reader waits for their card', async () => {
      const { kioskId } = await provisionKiosk(baseUrl, { name: `Korean reload (${readerMode})`, readerMode });
      const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
      await page.getByRole('button', { name: '한국어' }).click();
      await (await see(page.getByRole('button', { name: '접근성 모드' }))).click();
      await see(page.getByRole('button', { name: '접근성 모드', pressed: true }));
      await addToOrder(page, /^아메리카노/, [], /^주문에 담기/);
      await page.getByRole('button', { name: /결제$/ }).click();
      await see(page.getByRole('heading', { name: '카드를 넣거나 대주세요' }), 30_000);
      const sessionId = (await currentSessionId(page))!;

      await page.reload();
      // Recovery resumes the same payment, in the customer's language and layout, not the kiosk's own.
      await see(page.getByRole('heading', { name: '카드를 넣거나 대주세요' }), 30_000);
      const intents = (await simulatorStripe(baseUrl).paymentIntents.list({ limit: 100 })).data.filter((pi) => pi.metadata.kioskId === kioskId);
      expect(intents.map((pi) => pi.metadata.sessionId)).toEqual([sessionId]);
      await see(page.getByRole('button', { name: '접근성 모드', pressed: true }));
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('ko');
      await context.close();
    });
  });
}

describe('Korean keeps its words whole, breaking lines at spaces', () => {
  const ko = TEXTS.ko;
  const stripe = simulatorStripe(baseUrl);
  for (const { name, viewport, accessible } of [
    { name: 'on a 360 px wide screen', viewport: { width: 360, height: 800 }, accessible: false },
    { name: 'in accessibility mode on a tablet held sideways', viewport: { width: 1024, height: 768 }, accessible: true },
  ]) {
    it(`${name}: no Korean word is split over two lines, from the start screen to paid`, async () => {
      const { kioskId, kiosk } = await provisionKiosk(baseUrl, { name: '광화문 본점 셀프 주문 키오스크', language: 'ko', readerMode: 'server-driven' });
      const context = await browser().newContext({ baseURL: baseUrl, viewport, locale: 'ko-KR', extraHTTPHeaders: ownNetwork() });
      const page = await context.newPage();
      await page.goto((await pairingCodeFor(baseUrl, kioskId)).url);
      await page.addStyleTag({ content: '.dev-panel { display: none !important; }' });
      const split: string[] = [];
      const check = async (screen: string) => split.push(...(await page.evaluate(splitKoreanWords)).map((word) => `${screen}: ${word}`));
      await see(page.getByRole('button', { name: ko['attract.start'] }), 30_000);
      if (accessible) await page.getByRole('button', { name: ko['access.toggle'] }).click();
      await check('start');
      await page.getByRole('button', { name: ko['attract.start'] }).click();
      await see(page.getByRole('heading', { name: ko['catalog.heading'] }));
      await check('menu');
      await page.getByRole('button', { name: /^카페 라테/ }).click();
      await see(page.getByRole('dialog'));
      await check('choices');
      await page.getByRole('dialog').getByRole('button', { name: filled(ko['options.add']) }).click();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await check('order');
      await page.getByRole('button', { name: filled(ko['cart.pay']) }).click();
      await see(page.getByRole('heading', { name: ko['status.waiting_card'], exact: true }), 30_000);
      await check('waiting for the card');
      await stripe.testHelpers.terminal.readers.presentPaymentMethod(kiosk.readerId!, { card_present: { number: '4000000000009995' } });
      await see(page.getByRole('heading', { name: ko['status.failed'], exact: true }), 30_000);
      await check('declined');
      await page.getByRole('button', { name: ko['payment.tryAnotherCard'] }).click();
      await see(page.getByRole('heading', { name: ko['status.waiting_card'], exact: true }), 30_000);
      await stripe.testHelpers.terminal.readers.presentPaymentMethod(kiosk.readerId!, { card_present: { number: '4242424242424242' } });
      await see(page.getByText(ko['payment.orderNumber']), 30_000);
      await check('paid');
      expect(split).toEqual([]);
      await context.close();
    });
  }
});
