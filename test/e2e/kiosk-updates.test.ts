import type { Browser, Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { newKiosk, useChromium } from '../support/browser.ts';
import { orderAndPay, pairingCodeFor, provisionKiosk, see, startOrdering, tapCard } from '../support/kiosk-page.ts';
import { deploymentFront, type DeploymentFront } from '../support/next-deployment.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();

let front: DeploymentFront | undefined;
afterEach(async () => {
  await front?.close();
  front = undefined;
});

/** A tablet paired with a kiosk of its own, that has run the kiosk app with its service worker since (a reload later). */
async function installedTablet(browser: Browser, url: string, name: string, { fakeClock = false } = {}) {
  const { kioskId } = await provisionKiosk(baseUrl, { name });
  const tablet = await newKiosk(browser, url);
  if (fakeClock) await tablet.page.clock.install();
  await tablet.page.goto(`/${new URL((await pairingCodeFor(baseUrl, kioskId)).url).hash}`);
  await see(tablet.page.getByRole('button', { name: 'Touch to start your order' }));
  await tablet.page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated', null, { timeout: 15_000 });
  await tablet.page.reload();
  await tablet.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
  await see(tablet.page.getByRole('button', { name: 'Touch to start your order' }));
  // What this page (the version the tablet runs now) keeps until it is replaced.
  await tablet.page.evaluate(() => Object.assign(window, { runningBeforeTheDeployment: true }));
  return tablet;
}

/** The page the tablet showed before the new deployment is still the one on screen (not reloaded). */
const samePage = (page: Page): Promise<boolean> =>
  page.evaluate(() => 'runningBeforeTheDeployment' in window).catch(() => true);

/** A new version the tablet has downloaded but does not run yet. */
const versionWaiting = (page: Page): Promise<boolean> =>
  page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting != null);

describe('a new deployment reaching the kiosk tablets', () => {
  it('a tablet left open on its start screen for a day, which nobody reloads, runs the new deployment by itself', { timeout: 90_000 }, async () => {
    front = await deploymentFront(baseUrl);
    const { context, page } = await installedTablet(browser(), front.url, 'Update, left open', { fakeClock: true });
    front.deploy();
    await page.clock.fastForward('24:00:00');

    await expect.poll(() => samePage(page), { timeout: 30_000 }).toBe(false);
    expect(front.newWorkerFetches()).toBeGreaterThan(0);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
    expect(await versionWaiting(page)).toBe(false);
    await startOrdering(page);
    await context.close();
  });

  it('a new version that arrives in the middle of a payment waits for the customer to finish, then takes over on the start screen', { timeout: 90_000 }, async () => {
    front = await deploymentFront(baseUrl);
    const { context, page } = await installedTablet(browser(), front.url, 'Update, mid-payment');
    await startOrdering(page);
    await orderAndPay(page, ['Americano']);
    front.deploy();
    // The browser's own check for a new version, as it makes on its schedule.
    await page.evaluate(async () => void (await (await navigator.serviceWorker.getRegistration())!.update()));
    await expect.poll(() => versionWaiting(page), { timeout: 30_000 }).toBe(true);

    expect(await samePage(page)).toBe(true);
    await tapCard(page, '4242424242424242');
    await see(page.getByRole('heading', { name: 'Payment successful' }), 30_000);
    expect(await samePage(page)).toBe(true);
    await page.getByRole('button', { name: 'Done' }).click();

    await expect.poll(() => samePage(page), { timeout: 30_000 }).toBe(false);
    await see(page.getByRole('button', { name: 'Touch to start your order' }));
    expect(await versionWaiting(page)).toBe(false);
    await context.close();
  });
});
