import type { Browser } from 'playwright-core';
import { expect } from 'vitest';
import type { Language, ReaderMode } from '../../shared/api.ts';
import type { MessageKey, Texts } from '../../pwa/src/i18n.ts';
import english from '../../pwa/src/texts/en.ts';
import japanese from '../../pwa/src/texts/ja.ts';
import korean from '../../pwa/src/texts/ko.ts';
import { axeViolations } from './accessibility.ts';
import { newKiosk } from './browser.ts';
import { addToOrder, pairingCodeFor, provisionKiosk, readerControl, see, tapCard } from './kiosk-page.ts';
import { photographBothWays } from './screenshots.ts';

/** Each language's own texts: the walk looks for what the kiosk shows in that language. */
export const TEXTS: Record<Language, Texts> = { en: english.texts, ko: korean.texts, ja: japanese.texts };

/** A text with its blanks filled by anything (`Pay {amount}`, `{amount} 결제`): enough to find the button. */
export const filled = (text: string) =>
  new RegExp(`^${text.split(/\{\w+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`);

export interface WalkOptions {
  language: Language;
  readerMode: ReaderMode;
  /** The menu tile of an item with choices, as the language shows it (name and price). */
  item: RegExp;
  /** Photograph each screen, landscape and portrait (`npm run screenshots` copies them for the README). */
  photos?: boolean;
}

/**
 * Walks a new kiosk (offering every language, asking dine-in or take-away) through every screen a customer can meet, in
 * one language: the start screen, the menu, an item's choices, "Start over?", "Are you still there?", dine-in or
 * take-away, waiting for the card, declined, paid with the order number, cancelled, a reader staff must bring back
 * (server-driven) or a payment for staff (SDK mode), and offline. On each, the heading is in the language and axe-core
 * finds nothing wrong.
 */
export async function walkEveryScreen(browser: Browser, baseUrl: string, options: WalkOptions): Promise<void> {
  const { language, readerMode } = options;
  const text = TEXTS[language];
  const { kioskId, kiosk } = await provisionKiosk(baseUrl, {
    name: `Every screen (${language}, ${readerMode})`,
    language,
    currency: 'usd',
    readerMode,
    askServiceMode: true,
  });
  const { context, page } = await newKiosk(browser, baseUrl, { en: 'en-US', ko: 'ko-KR', ja: 'ja-JP' }[language]);
  // The kiosk's clock, moved on to reach "Are you still there?" without a minute's wait (only while nothing is in flight).
  await page.clock.install();
  await page.goto((await pairingCodeFor(baseUrl, kioskId)).url);

  const heading = (key: MessageKey) => see(page.getByRole('heading', { name: text[key], exact: true }));
  const button = (key: MessageKey) => page.getByRole('button', { name: filled(text[key]) });
  const seen: Record<string, string[]> = {};
  const check = async (screen: string) => {
    seen[screen] = await axeViolations(page);
    if (options.photos) await photographBothWays(page, `${language}-${screen}`);
  };
  const pay = async () => {
    await button('cart.pay').click();
    await heading('service.title');
  };

  await heading('attract.title');
  await check('01-start');
  await button('attract.start').click();
  await heading('app.title');
  await check('02-menu');
  await page.getByRole('button', { name: options.item }).click();
  await see(page.getByRole('dialog'));
  await check('03-choices');
  await page.getByRole('dialog').getByRole('button', { name: filled(text['options.add']) }).click();
  await addToOrder(page, options.item, [], filled(text['options.add']));
  await check('04-order');

  await button('cart.startOver').click();
  await see(page.getByRole('alertdialog', { name: text['startOver.title'] }));
  await check('05-start-over');
  await page.getByRole('button', { name: text['startOver.keep'] }).click();

  await page.clock.fastForward(61_000);
  await see(page.getByRole('alertdialog', { name: text['idle.title'] }));
  await check('06-still-there');
  await page.getByRole('button', { name: text['idle.continue'] }).click();
  await page.getByRole('alertdialog').waitFor({ state: 'detached' });

  await pay();
  await check('07-eat-here-or-take-away');
  await page.getByRole('button', { name: text['service.dine_in'] }).click();
  await heading('status.waiting_card');
  await check('08-waiting-for-card');
  await tapCard(page, '4000000000009995');
  await heading('status.failed');
  await check('09-declined');
  await button('payment.tryAnotherCard').click();
  await heading('status.waiting_card');
  await tapCard(page, '4242424242424242');
  await heading('status.success');
  await see(page.getByText(text['payment.orderNumber']));
  await check('10-paid');
  await button('payment.finish').click();

  await heading('attract.title');
  await button('attract.start').click();
  await addToOrder(page, options.item, [], filled(text['options.add']));
  await pay();
  await page.getByRole('button', { name: text['service.take_away'] }).click();
  await heading('status.waiting_card');
  await page.getByRole('button', { name: text['payment.cancel'], exact: true }).click();
  await heading('status.cancelled');
  await check('11-cancelled');
  await button('payment.backToOrder').click();
  await heading('app.title');
  await expect.poll(() => button('cart.pay').isEnabled()).toBe(true);

  if (readerMode === 'server-driven') {
    await readerControl(baseUrl, kiosk.readerId!, 'offline');
    await pay();
    await page.getByRole('button', { name: text['service.dine_in'] }).click();
    await see(page.getByText(text['reader.offline']));
    await check('12-reader-offline');
    await readerControl(baseUrl, kiosk.readerId!, 'online');
    await page.getByRole('button', { name: text['payment.cancel'], exact: true }).click();
  } else {
    // The server says the payment needs a person (a PaymentIntent that does not match its session, say).
    await page.route('**/api/sessions/*/complete', (route) => route.fulfill({ json: { success: false, status: 'requires_attention' } }));
    await pay();
    await page.getByRole('button', { name: text['service.dine_in'] }).click();
    await heading('status.waiting_card');
    await tapCard(page, '4242424242424242');
    await see(page.getByText(text['error.attention']));
    await check('12-ask-staff');
    await page.unroute('**/api/sessions/*/complete');
    await button('payment.done').click();
    await heading('attract.title');
    await button('attract.start').click();
  }

  await heading('app.title');
  await context.setOffline(true);
  await heading('offline.title');
  await check('13-offline');
  await context.setOffline(false);
  await heading('app.title');
  await context.close();

  expect(seen).toEqual(Object.fromEntries(Object.keys(seen).map((screen) => [screen, []])));
}
