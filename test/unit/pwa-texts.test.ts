import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../shared/api.ts';
import { formatMoney } from '../../shared/money.ts';
import { brandName } from '../../pwa/src/card-brand.ts';
import { ENGLISH, loadLanguage, translate, type MessageKey } from '../../pwa/src/i18n.ts';
import { en as consoleEnglish } from '../../pwa/src/console/texts-en.ts';
import { ja as consoleJapanese } from '../../pwa/src/console/texts-ja.ts';
import { ko as consoleKorean } from '../../pwa/src/console/texts-ko.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('one file of texts per language', () => {
  it.each(LANGUAGES.filter((language) => language !== 'en'))('%s has every text English has, with the same blanks to fill in', async (language) => {
    const file = await loadLanguage(language);
    expect(file).not.toBe(ENGLISH);
    for (const key of Object.keys(ENGLISH.texts) as MessageKey[]) {
      expect(file.texts[key], key).toMatch(/\S/);
      expect(placeholders(file.texts[key]), key).toEqual(placeholders(ENGLISH.texts[key]));
    }
    expect(Object.keys(file.texts).sort()).toEqual(Object.keys(ENGLISH.texts).sort());
  });

  it.each([
    ['ko', consoleKorean],
    ['ja', consoleJapanese],
  ] as const)('the operators’ console in %s has the same blanks to fill in as in English', (_language, texts) => {
    for (const key of Object.keys(consoleEnglish) as (keyof typeof consoleEnglish)[]) {
      expect(texts[key], key).toMatch(/\S/);
      expect(placeholders(texts[key]), key).toEqual(placeholders(consoleEnglish[key]));
    }
  });

  it.each(LANGUAGES)('the kiosk’s pairing screen in %s names the code as the console does', async (language) => {
    const consoleTexts = { en: consoleEnglish, ko: consoleKorean, ja: consoleJapanese }[language];
    expect((await loadLanguage(language)).texts['pairing.label']).toBe(consoleTexts['pairing.codeLabel']);
  });

  it('Japanese writes brackets and colons full-width, on the kiosk and in the console alike', async () => {
    const texts = [...Object.values((await loadLanguage('ja')).texts), ...Object.values(consoleJapanese)];
    expect(texts.filter((text) => /[():]/.test(text))).toEqual([]);
  });

  it('Korean writes a bracket against the word before it, on the kiosk and in the console alike', async () => {
    const texts = [...Object.values((await loadLanguage('ko')).texts), ...Object.values(consoleKorean)];
    expect(texts.filter((text) => /\s\(/.test(text))).toEqual([]);
  });

  it('each language names itself on its button', async () => {
    const names = await Promise.all(LANGUAGES.map(async (language) => (await loadLanguage(language)).texts['language.name']));
    expect(names).toEqual(['English', '한국어', '日本語']);
  });

  it.each([
    ['status.waiting_card', 'Insert or tap your card', '카드를 넣거나 대주세요', 'カードを挿入するか、かざしてください'],
    ['status.success', 'Payment successful', '결제 완료', 'お支払いが完了しました'],
    ['catalog.heading', 'Menu', '메뉴', 'メニュー'],
    ['idle.title', 'Are you still there?', '계속 주문하시겠어요?', 'ご注文を続けますか？'],
  ] as const)('the end-to-end tests look for %s in each language', async (key, english, korean, japanese) => {
    expect(translate(ENGLISH, key)).toBe(english);
    expect(translate(await loadLanguage('ko'), key)).toBe(korean);
    expect(translate(await loadLanguage('ja'), key)).toBe(japanese);
  });

  it('fills in names, amounts and card details', async () => {
    expect(translate(ENGLISH, 'cart.removeOne', { item: 'Americano' })).toBe('Remove one Americano');
    expect(translate(await loadLanguage('ko'), 'cart.removeOne', { item: '아메리카노' })).toBe('아메리카노 하나 빼기');
    expect(translate(ENGLISH, 'cart.pay', { amount: '₩9,000' })).toBe('Pay ₩9,000');
    expect(translate(ENGLISH, 'payment.card', { brand: brandName('visa'), last4: '4242' })).toBe('Visa •••• 4242');
  });

  // One drink in a dozen different choices, up to 99 of each: its menu tile counts more than a thousand.
  it('writes counts the way the language writes numbers', async () => {
    expect(translate(ENGLISH, 'cart.inOrder', { count: 1089 })).toBe('1,089 in your order');
    expect(translate(await loadLanguage('ko'), 'cart.inOrder', { count: 1089 })).toBe('주문에 1,089개');
    expect(translate(await loadLanguage('ja'), 'cart.inOrder', { count: 1089 })).toBe('注文に1,089個');
    expect(translate({ locale: 'de-DE', texts: ENGLISH.texts }, 'cart.inOrder', { count: 1089 })).toBe('1.089 in your order');
  });
});

describe('prices in the kiosk’s currency, written the way its language writes money', () => {
  it.each([
    ['en', 'usd', 450, '$4.50'],
    ['en', 'krw', 4500, '₩4,500'],
    ['en', 'eur', 1400, '€14.00'],
    ['ko', 'krw', 4500, '₩4,500'],
    ['ko', 'usd', 450, 'US$4.50'],
    ['ja', 'jpy', 500, '￥500'],
    ['ja', 'usd', 450, '$4.50'],
  ] as const)('%s, %s %i: %s', async (language, currency, amount, shown) => {
    expect(formatMoney(amount, currency, (await loadLanguage(language)).locale)).toBe(shown);
  });

  it('a language whose convention puts the euro after a decimal comma writes 14,00 €', () => {
    expect(formatMoney(1400, 'eur', 'de-DE').replace(/\s/g, ' ')).toBe('14,00 €');
  });
});
