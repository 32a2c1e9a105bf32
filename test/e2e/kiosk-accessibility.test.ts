import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { axeViolations } from '../support/accessibility.ts';
import { useChromium } from '../support/browser.ts';
import { contrastRatio } from '../support/contrast.ts';
import { addToOrder, openKiosk, see } from '../support/kiosk-page.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();

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
