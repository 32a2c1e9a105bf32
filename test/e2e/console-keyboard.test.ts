import { describe, expect, inject, it } from 'vitest';
import { useChromium } from '../support/browser.ts';
import { openConsole, openPaidSession, refundAsAnotherOperator, signIn } from '../support/console-page.ts';
import { see } from '../support/kiosk-page.ts';
import { simulatedKiosk } from '../support/simulated-kiosk.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();

const focused = (page: import('playwright-core').Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { tag: el?.tagName.toLowerCase(), text: el?.textContent?.trim() ?? '' };
  });

/** The keyboard focus as drawn: its outline's width and its contrast with the colour around it (WCAG 1.4.11). */
const focusRing = (page: import('playwright-core').Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement;
    const rgb = (colour: string) => (colour.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = (colour: string) => {
      const [r, g, b] = rgb(colour).map((channel) => channel / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    let around = element.parentElement;
    while (around && (rgb(getComputedStyle(around).backgroundColor)[3] ?? 1) === 0) around = around.parentElement;
    const style = getComputedStyle(element);
    const [light, dark] = [luminance(style.outlineColor), luminance(getComputedStyle(around ?? document.documentElement).backgroundColor)].sort((a, b) => b - a);
    return {
      control: `${element.tagName.toLowerCase()} "${(element.textContent || element.getAttribute('aria-label') || '').trim().slice(0, 30)}"`,
      width: style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth),
      contrast: Math.round(((light! + 0.05) / (dark! + 0.05)) * 10) / 10,
    };
  });

describe('the console from the keyboard alone', () => {
  it('shows where the focus is on every control, in the header and on the page, at 3:1 against what surrounds it', async () => {
    const kiosk = await simulatedKiosk(baseUrl, { name: 'Focus kiosk' });
    const paid = await kiosk.pay('4242424242424242', [{ id: 'americano', quantity: 1 }]);
    const context = await browser().newContext({ baseURL: baseUrl, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`/admin/sessions/${paid.sessionId}`);
    await signIn(page);
    await see(page.getByRole('region', { name: 'Refunds' }).getByRole('button', { name: /^Refund/ }));
    const faint: string[] = [];
    // Every control once, from the skip link to the page's last.
    for (let press = 0; press < 40; press++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement === document.body)) break;
      const ring = await focusRing(page);
      if (ring.width < 2 || ring.contrast < 3) faint.push(`${ring.control}: ${ring.width}px at ${ring.contrast}:1`);
    }
    expect(faint).toEqual([]);
    await context.close();
  });

  it('skips to the content, moves between sections with focus on each page’s title, and makes a refund', async () => {
    const kiosk = await simulatedKiosk(baseUrl, { name: 'Keyboard kiosk' });
    const paid = await kiosk.pay('4242424242424242', [{ id: 'americano', quantity: 2 }]);
    const { context, page } = await openConsole(browser(), baseUrl);
    await see(page.getByRole('heading', { level: 1, name: 'Live fleet' }));

    await page.keyboard.press('Tab');
    expect(await focused(page)).toEqual({ tag: 'a', text: 'Skip to content' });
    await page.keyboard.press('Enter');
    expect((await focused(page)).tag).toBe('main');

    // The sections: Tab to "Sessions", Enter, and the new page's title has the focus.
    await page.getByRole('navigation').getByRole('link', { name: 'Live fleet' }).focus();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toEqual({ tag: 'a', text: 'Sessions' });
    await page.keyboard.press('Enter');
    await see(page.getByRole('heading', { level: 1, name: 'Sessions' }));
    await expect.poll(() => focused(page)).toEqual({ tag: 'h1', text: 'Sessions' });
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Sessions' }).getAttribute('aria-current')).toBe('page');

    // The browser's Back goes back to the previous section.
    await page.goBack();
    await see(page.getByRole('heading', { level: 1, name: 'Live fleet' }));

    await page.goto(`/admin/sessions/${paid.sessionId}`);
    const amount = page.getByLabel('Amount to refund (USD)');
    await amount.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('1.25');
    await page.keyboard.press('Tab');
    expect((await focused(page)).tag).toBe('select');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toEqual({ tag: 'button', text: 'Refund $1.25' });
    await page.keyboard.press('Enter');
    await see(page.getByRole('status').getByText('Refund of $1.25 made.'));
    await context.close();
  });

  it('a refund refused from the keyboard leaves the focus on its button and says why', async () => {
    const { paid, context, page } = await openPaidSession(browser(), baseUrl, 'Refused keyboard kiosk');
    // Another operator refunds part of it; this page has not read the session again yet.
    await see(page.getByRole('button', { name: 'Refund $11.00' }));
    expect(await refundAsAnotherOperator(baseUrl, paid.sessionId, 300)).toBe(201);

    await page.getByRole('button', { name: /^Refund \$/ }).focus();
    await page.keyboard.press('Enter');
    await see(page.getByRole('alert').getByText(/Nothing was refunded\.$/));
    await see(page.getByText('$8.00 can still be refunded.'));
    expect(await focused(page)).toEqual({ tag: 'button', text: 'Refund $8.00' });
    await page.keyboard.press('Enter');
    await see(page.getByRole('status').getByText('Refund of $8.00 made.'));
    await context.close();
  });

  it('typing an amount to refund keeps the focus in its field while the page reads the session again', async () => {
    const { paid, context, page } = await openPaidSession(browser(), baseUrl, 'Slow typist kiosk');
    const amount = page.getByLabel('Amount to refund (USD)');
    await amount.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('1');

    // Another operator refunds part of it; this page hears of it on its next read of the session.
    expect(await refundAsAnotherOperator(baseUrl, paid.sessionId, 300)).toBe(201);
    await see(page.getByText('$8.00 can still be refunded.'));

    await page.keyboard.type('.25');
    expect(await amount.inputValue()).toBe('1.25');
    await page.keyboard.press('Enter');
    await see(page.getByRole('status').getByText('Refund of $1.25 made.'));
    await context.close();
  });
});
