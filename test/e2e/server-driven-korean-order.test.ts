import { describe, expect, inject, it } from 'vitest';
import { newKiosk, useChromium } from '../support/browser.ts';
import { currentSessionId, pairingCodeFor, provisionKiosk, see, sessionOf } from '../support/kiosk-page.ts';
import { simulatorStripe } from '../support/stripe-sdk.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();
const stripe = simulatorStripe(baseUrl);

describe('done when: a stranger orders in Korean and takes their order number (server-driven kiosk)', () => {
  it('a large iced latte with an extra shot, to take away, paid at the reader: the order number, amount, card and receipt stay at least 20 s, then the kiosk’s own language again', async () => {
    const { kioskId, kiosk } = await provisionKiosk(baseUrl, { name: 'Seoul station', readerMode: 'server-driven', askServiceMode: true });
    const { context, page } = await newKiosk(browser(), baseUrl, 'ko-KR');
    // The kiosk's clock, moved on to show how long the success screen stays.
    await page.clock.install();
    await page.goto((await pairingCodeFor(baseUrl, kioskId)).url);

    // The start screen is in the kiosk's language; the stranger picks theirs there.
    await see(page.getByRole('heading', { name: 'Welcome' }));
    await page.getByRole('button', { name: '한국어' }).click();
    await see(page.getByRole('heading', { name: '어서 오세요' }));
    await page.getByRole('button', { name: '화면을 눌러 주문을 시작하세요' }).click();

    await page.getByRole('button', { name: /^카페 라테 US\$5\.50/ }).click();
    const dialog = await see(page.getByRole('dialog', { name: '카페 라테' }));
    await dialog.getByRole('radio', { name: /^라지/ }).check();
    await dialog.getByRole('radio', { name: '아이스' }).check();
    await dialog.getByRole('checkbox', { name: /^샷 추가/ }).check();
    await dialog.getByRole('button', { name: '주문에 담기, US$6.50' }).click();
    await see(page.getByText('라지, 아이스, 일반 우유, 샷 추가'));
    await page.getByRole('button', { name: 'US$6.50 결제' }).click();
    await see(page.getByRole('heading', { name: '매장에서 드시나요, 포장하시나요?' }));
    await page.getByRole('button', { name: '포장하기' }).click();

    await see(page.getByRole('heading', { name: '카드를 넣거나 대주세요' }));
    await see(page.getByText('휴대폰과 스마트워치로도 결제할 수 있습니다.'));
    const sessionId = (await currentSessionId(page))!;
    // The customer's own card, at the reader.
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(kiosk.readerId!, { card_present: { number: '4242424242424242' } });

    await see(page.getByRole('heading', { name: '결제 완료' }));
    await see(page.getByText('주문 번호'));
    await expect.poll(async () => (await sessionOf(baseUrl, sessionId)).orderNumber).toBeGreaterThan(0);
    const session = await sessionOf(baseUrl, sessionId);
    await see(page.getByText(String(session.orderNumber), { exact: true }));
    expect(session).toMatchObject({ status: 'success', amount: 650, serviceMode: 'take_away' });
    expect(session.items[0]!.options.map((option) => option.id)).toEqual(['large', 'iced', 'whole-milk', 'extra-shot']);
    await see(page.getByText('US$6.50'));
    await see(page.getByText('Visa •••• 4242'));
    await see(page.getByRole('img', { name: '영수증을 보려면 스캔하세요' }));

    // Time to read the number: at least 20 seconds unless the customer taps "완료" (Done); then the next customer.
    await page.clock.fastForward(20_000);
    await see(page.getByRole('heading', { name: '결제 완료' }));
    await page.clock.fastForward(11_000);
    await see(page.getByRole('heading', { name: 'Welcome' }));
    await context.close();
  });
});
