import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { READER_MODES, type Language } from '../../shared/api.ts';
import { axeViolations } from '../support/accessibility.ts';
import { newKiosk, ownNetwork, useChromium } from '../support/browser.ts';
import { contrastRatio } from '../support/contrast.ts';
import { filled, TEXTS } from '../support/every-screen.ts';
import { addToOrder, openKiosk, orderAndPay, pairingCodeFor, provisionKiosk, readerControl, see, startOrdering, tapCard } from '../support/kiosk-page.ts';
import { outOfView, unreachable } from '../support/on-screen.ts';
import { recordAnnouncements } from '../support/screen-reader.ts';
import { simulatorStripe } from '../support/stripe-sdk.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();
const stripe = simulatorStripe(baseUrl);

/**
 * The customer's controls the screen offers now (behind an open dialog, none but the dialog's; the developer panel, a
 * stand-in for the card, is not one of them): where each starts, as a share of the screen's height, and its size.
 */
const controls = (page: Page) =>
  page.evaluate(() => {
    const within = document.querySelector('dialog[open]') ?? document;
    return [...within.querySelectorAll<HTMLElement>('button, [role="tab"], select')]
      .filter((control) => !control.closest('.dev-panel') && control.getClientRects().length > 0)
      .map((control) => {
        const box = control.getBoundingClientRect();
        return { name: control.getAttribute('aria-label') ?? control.textContent?.trim() ?? '', top: box.top / innerHeight, width: box.width, height: box.height };
      });
  });
const outOfSeatedReach = async (page: Page) => (await controls(page)).filter(({ top }) => top < 0.4).map(({ name }) => name);

describe('access for everyone', () => {
  it('zoom works: the page does not forbid pinching', async () => {
    const { context, page } = await openKiosk(browser(), baseUrl);
    const viewport = await page.locator('meta[name="viewport"]').getAttribute('content');
    expect(viewport).not.toMatch(/user-scalable|maximum-scale/);
    await context.close();
  });

  it('a customer’s taps select no text, and a double tap does not zoom the page (a pinch still does)', async () => {
    const { context, page } = await openKiosk(browser(), baseUrl);
    await addToOrder(page, 'Bagel');
    const heading = page.getByRole('heading', { name: 'Menu' });
    await heading.dblclick();
    await heading.click({ clickCount: 3 });
    await page.getByRole('button', { name: /^Bagel/ }).dblclick();
    expect(await page.evaluate(() => getSelection()?.toString() ?? '')).toBe('');
    expect(await page.evaluate(() => getComputedStyle(document.body).touchAction)).toBe('manipulation');
    await context.close();
  });

  it('accessibility mode brings every control within a seated reach, with text of 20 px or more and no contrast problem', async () => {
    const { context, page } = await openKiosk(browser(), baseUrl);
    await addToOrder(page, 'Bagel');
    expect(await outOfSeatedReach(page)).not.toEqual([]);

    await page.getByRole('button', { name: 'Accessibility mode' }).click();
    await see(page.getByRole('button', { name: 'Accessibility mode', pressed: true }));
    const baseText = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    expect(baseText).toBeGreaterThanOrEqual(20);
    expect(await outOfSeatedReach(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);

    // In portrait too, and in a dialog.
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.getByRole('button', { name: /^Café Latte/ }).click();
    await see(page.getByRole('dialog'));
    expect(await outOfSeatedReach(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('menu tiles look like buttons: their borders contrast at least 3:1 with the page; every control is at least 48 px', async () => {
    const { context, page } = await openKiosk(browser(), baseUrl);
    await addToOrder(page, 'Bagel');
    expect((await controls(page)).filter(({ width, height }) => width < 48 || height < 48)).toEqual([]);
    const colours = await page.getByRole('button', { name: /^Bagel/ }).evaluate((tile) => {
      const transparent = (element: Element) => getComputedStyle(element).backgroundColor === 'rgba(0, 0, 0, 0)';
      let around = tile.parentElement!;
      while (transparent(around) && around.parentElement) around = around.parentElement;
      return {
        border: getComputedStyle(tile).borderTopColor,
        inside: getComputedStyle(tile).backgroundColor,
        around: getComputedStyle(around).backgroundColor,
      };
    });
    expect(contrastRatio(colours.border, colours.around)).toBeGreaterThanOrEqual(3);
    expect(contrastRatio(colours.border, colours.inside)).toBeGreaterThanOrEqual(3);
    await context.close();
  });

  it('a screen reader hears cart changes and is taken to each new screen’s heading; buttons say what they act on', async () => {
    const { context, page } = await openKiosk(browser(), baseUrl);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Order here');
    await addToOrder(page, 'Bagel');
    const spoken = () => page.locator('[aria-live="polite"]').allTextContents();
    await expect.poll(spoken).toContainEqual(expect.stringMatching(/^Bagel added\. Total \$\d+\.\d\d\.$/));
    await page.getByRole('button', { name: 'Add one Bagel' }).click();
    await page.getByRole('button', { name: 'Remove one Bagel' }).click();
    await expect.poll(spoken).toContainEqual(expect.stringMatching(/^One Bagel removed\. Total \$/));

    await page.getByRole('button', { name: /^Pay / }).click();
    await see(page.getByRole('heading', { name: 'Insert or tap your card' }));
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Insert or tap your card');
    await context.close();
  });
});

describe('keyboard-only use', () => {
  it('a keyboard user who adds an item stays on its tile: focus moves to the heading only when the screen changes', async () => {
    const { context, page } = await openKiosk(browser(), baseUrl);
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim());
    await page.getByRole('button', { name: /^Bagel/ }).focus();
    await page.keyboard.press('Enter');
    await see(page.getByRole('button', { name: 'Add one Bagel' }));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.line-quantity').textContent()).toBe('2');
    expect(await focused()).toMatch(/^Bagel/);
    await context.close();
  });
  it('a keyboard user who taps + or − on a line of the order stays on that button', async () => {
    const { context, page } = await openKiosk(browser(), baseUrl);
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim());
    await addToOrder(page, 'Bagel');
    await expect.poll(() => page.locator('.line-quantity').textContent()).toBe('1');
    await page.getByRole('button', { name: 'Add one Bagel' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.line-quantity').textContent()).toBe('2');
    expect(await focused()).toBe('Add one Bagel');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.line-quantity').textContent()).toBe('1');
    expect(await focused()).toBe('Remove one Bagel');
    await context.close();
  });
});

describe('countdowns are heard, not only seen', () => {
  it('the paid screen says, through a live region, that it goes back to the start by itself, and when', async () => {
    const { context, page } = await newKiosk(browser(), baseUrl);
    // The tablet's clock, moved on second by second through the paid screen's half minute.
    await page.clock.install();
    await page.goto('/');
    await startOrdering(page);
    await orderAndPay(page, ['Bagel']);
    await tapCard(page, '4242424242424242');
    await see(page.getByRole('heading', { name: 'Payment successful' }));
    const heard = await recordAnnouncements(page);
    for (let second = 0; second < 26; second++) await page.clock.runFor(1_000);
    expect((await heard()).filter((said) => said.startsWith('Back to the start'))).toEqual(['Back to the start in 20 s', 'Back to the start in 10 s', 'Back to the start in 5 s']);
    await context.close();
  });
});

for (const readerMode of READER_MODES) {
  describe(`a screen reader hears what happens by itself (${readerMode})`, () => {
    it('a declined card is announced: focus moves to the new screen’s heading, and why it was declined is heard, each time', async () => {
      const { kioskId, kiosk } = await provisionKiosk(baseUrl, { name: `Declined aloud (${readerMode})`, readerMode });
      const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
      await orderAndPay(page, ['Americano']);
      await see(page.getByRole('button', { name: 'Cancel' }));
      const heard = await recordAnnouncements(page);
      // Stripe's `insufficient_funds` decline, which the kiosk explains in words of its own.
      const presentCard = async () => {
        if (readerMode === 'server-driven') {
          await stripe.testHelpers.terminal.readers.presentPaymentMethod(kiosk.readerId!, { card_present: { number: '4000000000009995' } });
        } else {
          await tapCard(page, '4000000000009995');
        }
        await see(page.getByRole('heading', { name: 'Payment declined' }), 30_000);
      };
      const why = 'There is not enough money on this card.';
      await presentCard();
      await expect.poll(heard).toContain('focus: Payment declined');
      await expect.poll(heard).toContain(why);

      await page.getByRole('button', { name: 'Try another card' }).click();
      await see(page.getByRole('heading', { name: 'Insert or tap your card' }), 30_000);
      await presentCard();
      await expect.poll(async () => (await heard()).filter((said) => said === why)).toHaveLength(2);
      await context.close();
    });

    it('a paid order’s number is heard, once, not only shown under the heading focus moves to', async () => {
      const { kioskId, kiosk } = await provisionKiosk(baseUrl, { name: `Order number aloud (${readerMode})`, readerMode });
      const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
      await orderAndPay(page, ['Americano']);
      await see(page.getByRole('button', { name: 'Cancel' }));
      const heard = await recordAnnouncements(page);
      if (readerMode === 'server-driven') {
        await stripe.testHelpers.terminal.readers.presentPaymentMethod(kiosk.readerId!, { card_present: { number: '4242424242424242' } });
      } else {
        await tapCard(page, '4242424242424242');
      }
      const shown = await see(page.locator('.order-number-value'), 30_000);
      const number = await shown.textContent();
      await expect.poll(heard).toContain('focus: Payment successful');
      await expect.poll(async () => (await heard()).filter((said) => said.includes('order number') && said.includes(number!))).toHaveLength(1);
      await context.close();
    });
  });
}

describe('a screen reader hears what staff must do', () => {
  it('a reader that is offline is announced: focus moves to the heading, and the instruction to staff is heard, each time', async () => {
    const { kioskId, kiosk } = await provisionKiosk(baseUrl, { name: 'Reader offline aloud', readerMode: 'server-driven' });
    const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
    await readerControl(baseUrl, kiosk.readerId!, 'offline');
    await addToOrder(page, 'Americano');
    const heard = await recordAnnouncements(page);
    const instruction = 'The card reader is offline. Staff: make sure it is switched on and connected to the internet, then tap Try again.';
    await page.getByRole('button', { name: /^Pay / }).click();
    await see(page.getByRole('heading', { name: 'Please ask a member of staff' }), 30_000);
    await expect.poll(heard).toContain('focus: Please ask a member of staff');
    await expect.poll(heard).toContain(instruction);

    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(async () => (await heard()).filter((said) => said === instruction), { timeout: 30_000 }).toHaveLength(2);
    await context.close();
  });
});

describe('buttons name what they act on', () => {
  it('two lines of the same drink with different options get − and + buttons a screen-reader user can tell apart', async () => {
    const { context, page } = await openKiosk(browser(), baseUrl);
    await addToOrder(page, 'Café Latte');
    await addToOrder(page, 'Café Latte', ['Iced']);
    await expect.poll(() => page.locator('.cart-line').count()).toBe(2);
    const names = await page.locator('.cart-line button').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label')));
    expect(names).toHaveLength(4);
    expect(new Set(names).size).toBe(4);
    expect(names.filter((name) => name?.startsWith('Add one Café Latte (') && name.includes('Iced'))).toHaveLength(1);
    await context.close();
  });
});

describe('quantities are said in words', () => {
  it('a menu tile and the payment screen’s summary say how many are in the order in the kiosk’s language, where the eye sees ×2', async () => {
    const { context, page } = await openKiosk(browser(), baseUrl);
    await addToOrder(page, 'Bagel');
    await addToOrder(page, 'Bagel');
    const tile = await see(page.getByRole('button', { name: 'Bagel $3.00 2 in your order', exact: true }));
    await see(tile.getByText('×2', { exact: true }));
    await page.getByRole('button', { name: '한국어' }).click();
    await see(page.getByRole('button', { name: '베이글 US$3.00 주문에 2개', exact: true }));
    await page.getByRole('button', { name: '日本語' }).click();
    await see(page.getByRole('button', { name: 'ベーグル $3.00 注文に2個', exact: true }));

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: /^Pay / }).click();
    await see(page.getByRole('heading', { name: 'Insert or tap your card' }));
    await see(page.locator('.summary').getByText('×2'));
    await see(page.locator('.summary').getByRole('img', { name: '2 in your order', exact: true }));
    await context.close();
  });
});

describe('the paid screen fits the tablet', () => {
  for (const viewport of [{ width: 1024, height: 768 }, { width: 768, height: 1024 }]) {
    it(`on a ${viewport.width} x ${viewport.height} tablet, the order number, Done and the language and accessibility buttons are in view without scrolling`, async () => {
      const { kioskId, kiosk } = await provisionKiosk(baseUrl, { name: 'Paid screen', readerMode: 'server-driven', askServiceMode: true });
      const context = await browser().newContext({ baseURL: baseUrl, viewport, extraHTTPHeaders: ownNetwork() });
      const page = await context.newPage();
      await page.goto((await pairingCodeFor(baseUrl, kioskId)).url);
      await page.addStyleTag({ content: '.dev-panel { display: none !important; }' });
      await startOrdering(page);
      await addToOrder(page, 'Americano');
      await page.getByRole('button', { name: /^Pay / }).click();
      await (await see(page.getByRole('button', { name: 'Eat here' }))).click();
      await see(page.getByText('Insert or tap your card'));
      await stripe.testHelpers.terminal.readers.presentPaymentMethod(kiosk.readerId!, { card_present: { number: '4242424242424242' } });
      await see(page.getByText('Your order number', { exact: true }), 30_000);
      await see(page.getByRole('img', { name: 'Scan for your receipt' }));
      const out: string[] = [];
      for (const control of [
        page.getByText('Your order number', { exact: true }),
        page.locator('.order-number-value'),
        page.getByRole('button', { name: 'Done' }),
        page.getByRole('button', { name: '日本語' }),
        page.getByRole('button', { name: 'Accessibility mode' }),
      ]) {
        const why = await control.evaluate(outOfView);
        if (why) out.push(`${await control.textContent()}: ${why}`);
      }
      expect(out).toEqual([]);
      await context.close();
    });
  }
});

/** A kiosk of its own in accessibility mode, on a tablet of this size, on its start screen (in its language). */
async function accessibleKiosk(readerMode: string, viewport = { width: 1024, height: 768 }, language: Language = 'en') {
  const { kioskId, kiosk } = await provisionKiosk(baseUrl, { name: `Accessible (${readerMode})`, readerMode, language });
  const context = await browser().newContext({ baseURL: baseUrl, viewport, deviceScaleFactor: 2, extraHTTPHeaders: ownNetwork() });
  const page = await context.newPage();
  await page.goto((await pairingCodeFor(baseUrl, kioskId)).url);
  // The developer panel exists only in simulated mode (kiosks in test or live mode never have it): out of the way.
  await page.addStyleTag({ content: '.dev-panel { display: none !important; }' });
  const toggle = TEXTS[language]['access.toggle'];
  await (await see(page.getByRole('button', { name: toggle }), 30_000)).click();
  await see(page.getByRole('button', { name: toggle, pressed: true }));
  return { context, page, readerId: kiosk.readerId };
}

describe('accessibility mode keeps every screen’s own buttons in view', () => {
  it('on a 1024 x 768 tablet, Cancel while the reader waits and Done once paid are on the screen without scrolling', async () => {
    const { context, page, readerId } = await accessibleKiosk('server-driven');
    await (await see(page.getByRole('button', { name: 'Touch to start your order' }))).click();
    await see(page.getByRole('heading', { name: 'Menu' }));
    await orderAndPay(page, ['Americano']);
    const cancel = await see(page.getByRole('button', { name: 'Cancel' }));
    expect(await cancel.evaluate(outOfView), 'Cancel, waiting for the card').toBeNull();

    await stripe.testHelpers.terminal.readers.presentPaymentMethod(readerId!, { card_present: { number: '4242424242424242' } });
    await see(page.getByRole('heading', { name: 'Payment successful' }), 30_000);
    const done = await see(page.getByRole('button', { name: 'Done' }));
    expect(await done.evaluate(outOfView), 'Done, paid').toBeNull();
    await context.close();
  });

  it('on a 1024 x 768 tablet, the options dialog’s "Add to order" is on the screen without scrolling the dialog', async () => {
    const { context, page } = await accessibleKiosk('js-sdk');
    await (await see(page.getByRole('button', { name: 'Touch to start your order' }))).click();
    await see(page.getByRole('heading', { name: 'Menu' }));
    await page.getByRole('button', { name: /^Café Latte/ }).click();
    const dialog = await see(page.getByRole('dialog'));
    const add = await see(dialog.getByRole('button', { name: /^Add to order/ }));
    expect(await add.evaluate(outOfView)).toBeNull();
    await context.close();
  });

  for (const viewport of [{ width: 1024, height: 768 }, { width: 1280, height: 800 }, { width: 768, height: 1024 }, { width: 800, height: 1280 }]) {
    it(`on a ${viewport.width} x ${viewport.height} tablet, the page fits the screen: the language and accessibility buttons, and Pay, are in view without scrolling`, async () => {
      const { context, page } = await accessibleKiosk('js-sdk', viewport);
      const bar = ['English', '한국어', '日本語', 'Accessibility mode'];
      const offScreen = async () => {
        const out: string[] = [];
        for (const name of bar) {
          const why = await page.getByRole('button', { name, exact: true }).evaluate(outOfView);
          if (why) out.push(`${name}: ${why}`);
        }
        return out;
      };
      await see(page.getByRole('button', { name: 'Touch to start your order' }));
      expect(await offScreen(), 'start screen').toEqual([]);
      await page.getByRole('button', { name: 'Touch to start your order' }).click();
      await addToOrder(page, 'Bagel');
      expect(await offScreen(), 'menu').toEqual([]);
      expect(await page.getByRole('button', { name: 'Pay $3.00' }).evaluate(outOfView), 'Pay').toBeNull();
      expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(viewport.height);
      await context.close();
    });
  }

  it('zoomed to 200% (512 x 384), "Touch to start your order" can still be seen and touched', async () => {
    const { context, page } = await accessibleKiosk('server-driven', { width: 512, height: 384 });
    const start = await see(page.getByRole('button', { name: 'Touch to start your order' }));
    expect(await start.evaluate(unreachable)).toBeNull();
    await context.close();
  });
});

/** What covers the element's middle, where a finger lands, or its top or bottom edge; or null. */
function covered(element: Element): string | null {
  const box = element.getBoundingClientRect();
  for (const y of [box.top + 2, box.top + box.height / 2, box.bottom - 2]) {
    const hit = document.elementFromPoint(box.left + box.width / 2, y);
    if (!hit || !(element === hit || element.contains(hit))) return `covered by ${hit?.outerHTML.slice(0, 80)}`;
  }
  return null;
}

/** What cuts off part of the element on any side (a scroller it is in), or null. */
function cutOff(element: Element): string | null {
  const box = element.getBoundingClientRect();
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    const style = getComputedStyle(parent);
    if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
    const edge = parent.getBoundingClientRect();
    if (box.left < edge.left - 1 || box.right > edge.right + 1 || box.top < edge.top - 1 || box.bottom > edge.bottom + 1) {
      return `cut off by .${parent.className}: ${Math.round(box.left)},${Math.round(box.top)}-${Math.round(box.right)},${Math.round(box.bottom)} outside ${Math.round(edge.left)},${Math.round(edge.top)}-${Math.round(edge.right)},${Math.round(edge.bottom)}`;
    }
  }
  return null;
}

describe('accessibility mode: the order screen works on a tablet held either way', () => {
  const viewports = [{ width: 768, height: 1024 }, { width: 800, height: 1280 }, { width: 1024, height: 768 }, { width: 1280, height: 800 }];
  for (const language of ['en', 'ko', 'ja'] as const) {
    for (const viewport of viewports) {
      it(`${TEXTS[language]['language.name']}, ${viewport.width} x ${viewport.height}: a whole menu tile can be touched as the menu opens, each line of a three-item order has − and + that can be touched, and Pay stays in view`, async () => {
        const text = TEXTS[language];
        const { context, page } = await accessibleKiosk('js-sdk', viewport, language);
        await page.getByRole('button', { name: text['attract.start'] }).click();
        await see(page.getByRole('heading', { name: text['catalog.heading'] }));
        const problems: string[] = [];

        // As the menu opens, with nothing ordered yet: a tile to touch, without scrolling.
        const tiles = await page.getByRole('tabpanel').getByRole('button').all();
        const touchable: string[] = [];
        for (const tile of tiles) {
          if (!((await tile.evaluate(outOfView)) ?? (await tile.evaluate(covered)))) touchable.push((await tile.textContent())!);
        }
        if (touchable.length === 0) problems.push(`no whole menu tile to touch: ${await tiles[0]!.evaluate((tile) => tile.getBoundingClientRect().height)} px tall`);
        problems.push(...(await outOfSeatedReach(page)).map((name) => `out of a seated reach, empty order: ${name}`));

        // Three different items (the first two with choices, so their lines are long), then back to the menu's top.
        const names = (await page.locator('.item-name').allTextContents()).slice(0, 3);
        for (const name of names) await addToOrder(page, name, [], filled(text['options.add']));
        await expect.poll(() => page.locator('.cart-line').count()).toBe(3);
        await page.getByRole('heading', { name: text['catalog.heading'], exact: true }).evaluate((shown) => shown.scrollIntoView({ block: 'start' }));
        problems.push(...(await outOfSeatedReach(page)).map((name) => `out of a seated reach, three items: ${name}`));
        // On each whole tile in view, the count of it in the order ("×1") is whole too.
        let counts = 0;
        for (const tile of await page.getByRole('tabpanel').getByRole('button').all()) {
          const count = tile.locator('.item-count');
          if ((await tile.evaluate(outOfView)) ?? (await tile.evaluate(covered)) ?? (await count.count()) === 0) continue;
          counts++;
          const why = (await count.evaluate(cutOff)) ?? (await count.evaluate(covered));
          if (why) problems.push(`${await count.getAttribute('aria-label')} on ${await tile.locator('.item-name').textContent()}: ${why}`);
        }
        if (counts === 0) problems.push('no tile in view with its count in the order');
        const total = page.getByText(text['cart.total'], { exact: true });
        const pay = page.getByRole('button', { name: filled(text['cart.pay']) });
        for (const [what, shown] of [['Total', total], ['Pay', pay]] as const) {
          const why = (await shown.evaluate(outOfView)) ?? (await shown.evaluate(covered));
          if (why) problems.push(`${what}: ${why}`);
        }

        // Each line's − and +, scrolled to the top of what scrolls (as a customer would, clear of the order's Pay): the whole button.
        for (const step of await page.locator('.cart-line').getByRole('button').all()) {
          await step.evaluate((shown) => shown.scrollIntoView({ block: 'start' }));
          const why = (await step.evaluate(outOfView)) ?? (await step.evaluate(covered));
          if (why) problems.push(`${await step.getAttribute('aria-label')}: ${why}`);
        }
        // The order's heading, its panel scrolled back to its top.
        const heading = page.getByRole('heading', { name: text['cart.heading'], exact: true });
        await heading.evaluate((shown) => shown.scrollIntoView({ block: 'start' }));
        const why = (await heading.evaluate(outOfView)) ?? (await heading.evaluate(covered));
        if (why) problems.push(`${text['cart.heading']}: ${why}`);
        const payScrolled = (await pay.evaluate(outOfView)) ?? (await pay.evaluate(covered));
        if (payScrolled) problems.push(`Pay, the order scrolled: ${payScrolled}`);
        if ((await page.evaluate(() => document.documentElement.scrollHeight)) > viewport.height) problems.push('the page scrolls');
        problems.push(...(await axeViolations(page)));

        expect(problems).toEqual([]);
        await context.close();
      });
    }
  }
});

/**
 * Where what scrolls behind a pinned button shows through its row: points across the scroller (edge to edge), at the
 * button's top, middle and bottom, that land on something other than the pinned band the button sits on.
 */
function seeThrough(button: Element): string[] {
  let pinned: Element | null = null;
  let scroller: Element | null = null;
  for (let at: Element | null = button; at && !scroller; at = at.parentElement) {
    const style = getComputedStyle(at);
    if (style.position === 'sticky') pinned = at;
    else if (style.overflowY !== 'visible') scroller = at;
  }
  if (!pinned || !scroller) return [`not pinned in a scroller (pinned: ${pinned?.className}, scroller: ${scroller?.className})`];
  const box = button.getBoundingClientRect();
  const left = scroller.getBoundingClientRect().left + scroller.clientLeft;
  const found = new Set<string>();
  for (const y of [box.top + 2, box.top + box.height / 2, box.bottom - 2]) {
    for (let x = left + 1; x < left + scroller.clientWidth; x += 8) {
      const hit = document.elementFromPoint(x, y);
      if (!hit || !pinned.contains(hit)) found.add(`at y ${Math.round(y - box.top)} of the button: ${hit?.outerHTML.slice(0, 60)}`);
    }
  }
  return [...found];
}

describe('accessibility mode: a payment screen’s pinned buttons sit on a solid band, with nothing seen through it', () => {
  for (const language of ['en', 'ko', 'ja'] as const) {
    for (const viewport of [{ width: 1024, height: 768 }, { width: 1280, height: 800 }]) {
      it(`${TEXTS[language]['language.name']}, ${viewport.width} x ${viewport.height}: Cancel while the reader waits, Try another card once declined and Done once paid`, async () => {
        const text = TEXTS[language];
        const { context, page, readerId } = await accessibleKiosk('server-driven', viewport, language);
        await page.getByRole('button', { name: text['attract.start'] }).click();
        await see(page.getByRole('heading', { name: text['catalog.heading'] }));
        await addToOrder(page, (await page.locator('.item-name').first().textContent())!, [], filled(text['options.add']));
        await page.getByRole('button', { name: filled(text['cart.pay']) }).click();
        const problems: string[] = [];
        const check = async (what: string, name: string) => {
          const button = await see(page.getByRole('button', { name, exact: true }), 30_000);
          problems.push(...(await button.evaluate(seeThrough)).map((where) => `${what}: ${where}`));
        };
        await check('waiting for the card', text['payment.cancel']);
        // Cancel shows from the moment Pay is pressed; the card is asked for once the reader has the payment.
        await see(page.getByText(text['status.waiting_card']), 30_000);
        await stripe.testHelpers.terminal.readers.presentPaymentMethod(readerId!, { card_present: { number: '4000000000000002' } });
        await check('declined', text['payment.tryAnotherCard']);
        await page.getByRole('button', { name: text['payment.tryAnotherCard'], exact: true }).click();
        await see(page.getByText(text['status.waiting_card']), 30_000);
        await stripe.testHelpers.terminal.readers.presentPaymentMethod(readerId!, { card_present: { number: '4242424242424242' } });
        await see(page.getByRole('img', { name: text['payment.receiptQr'] }), 30_000);
        await check('paid', text['payment.finish']);
        expect(problems).toEqual([]);
        await context.close();
      });
    }
  }
});
