import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { newKiosk, useChromium } from '../support/browser.ts';
import { pairingCodeFor, provisionKiosk, see, startOrdering } from '../support/kiosk-page.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();

type Browser = 'keeps the screen on' | 'refuses' | 'has no wake lock';

/**
 * The tablet's browser, with a stand-in for its Screen Wake Lock API (`navigator.wakeLock`): it notes whether the page
 * was visible at each request, and lets the test hide or show the page and release the lock, as the browser does when
 * the page is hidden or the tablet saves power.
 */
async function tabletWhoseBrowser(context: BrowserContext, behaviour: Browser): Promise<void> {
  await context.addInitScript((behaviour: Browser) => {
    let visibility: DocumentVisibilityState = 'visible';
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => visibility === 'hidden' });
    const requests: DocumentVisibilityState[] = [];
    let held: EventTarget | null = null;
    const wakeLock = {
      request(type: string) {
        requests.push(visibility);
        if (behaviour === 'refuses' || type !== 'screen') return Promise.reject(new DOMException('Power saving is on', 'NotAllowedError'));
        held = new EventTarget();
        return Promise.resolve(Object.assign(held, { type, released: false, release: () => Promise.resolve() }));
      },
    };
    if (behaviour === 'has no wake lock') delete (Navigator.prototype as { wakeLock?: unknown }).wakeLock;
    else Object.defineProperty(navigator, 'wakeLock', { configurable: true, value: wakeLock });
    const show = (state: DocumentVisibilityState) => {
      visibility = state;
      document.dispatchEvent(new Event('visibilitychange'));
    };
    Object.assign(window, {
      wakeLockStandIn: {
        requests,
        show,
        /** The browser lets go of the lock, as it does for a hidden page or a tablet saving power. */
        release: () => held?.dispatchEvent(new Event('release')),
      },
    });
  }, behaviour);
}

interface StandIn {
  requests: DocumentVisibilityState[];
  show(state: DocumentVisibilityState): void;
  release(): void;
}
/** The page is hidden or shown again, or the browser lets go of the lock. */
const browserDoes = (page: Page, what: DocumentVisibilityState | 'release') =>
  page.evaluate((what) => {
    const tablet = (window as unknown as { wakeLockStandIn: StandIn }).wakeLockStandIn;
    if (what === 'release') tablet.release();
    else tablet.show(what);
  }, what);
/** The page's visibility at each request for the lock. */
const requests = (page: Page) => page.evaluate(() => [...(window as unknown as { wakeLockStandIn: StandIn }).wakeLockStandIn.requests]);

async function pairedKiosk(behaviour: Browser) {
  const { kioskId } = await provisionKiosk(baseUrl, { name: `Screen on (${behaviour})`, readerMode: 'js-sdk' });
  const { context, page } = await newKiosk(browser(), baseUrl);
  await tabletWhoseBrowser(context, behaviour);
  await page.goto((await pairingCodeFor(baseUrl, kioskId)).url);
  await see(page.getByRole('heading', { name: 'Welcome' }));
  return { context, page };
}

describe('the tablet’s screen stays on while the kiosk waits for customers', () => {
  it('the kiosk asks the browser to keep the screen on once it runs, again when its page is shown again, and again when the browser let go of it', async () => {
    const { context, page } = await pairedKiosk('keeps the screen on');
    await expect.poll(() => requests(page)).toEqual(['visible']);

    // Another app over the kiosk: the browser lets go of the lock; the kiosk asks again once it is back on screen.
    await browserDoes(page, 'hidden');
    await browserDoes(page, 'release');
    await browserDoes(page, 'visible');
    await expect.poll(() => requests(page)).toEqual(['visible', 'visible']);

    // The tablet let go of it while the kiosk is on screen (power saving turned off and on).
    await browserDoes(page, 'release');
    await expect.poll(() => requests(page)).toEqual(['visible', 'visible', 'visible']);
    await startOrdering(page);
    await context.close();
  });

  it.each(['refuses', 'has no wake lock'] as const)('a browser that %s leaves the kiosk working as before: no error, a customer orders', async (behaviour) => {
    const { context, page } = await pairedKiosk(behaviour);
    if (behaviour === 'refuses') await expect.poll(() => requests(page)).toEqual(['visible']);
    await startOrdering(page);
    await see(page.getByText('Tap an item to add it.'));
    await context.close();
  });
});
