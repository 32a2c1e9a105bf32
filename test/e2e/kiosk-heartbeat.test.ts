import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { FleetKiosk, StoreFleetView } from '../../shared/api.ts';
import { newKiosk, useChromium } from '../support/browser.ts';
import { orderAndPay, pairingCodeFor, provisionKiosk, see, startOrdering } from '../support/kiosk-page.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();
const admin = { Authorization: 'Bearer dev-admin-token', 'Content-Type': 'application/json' };

/** The kiosk as its store's live fleet shows it to operators. */
async function inFleet(locationId: string, kioskId: string): Promise<FleetKiosk> {
  const res = await fetch(`${baseUrl}/api/admin/stores/${locationId}/fleet`, { headers: admin });
  const fleet = (await res.json()) as StoreFleetView;
  return fleet.kiosks.find((k) => k.kioskId === kioskId)!;
}

/** The reader answered the kiosk's connect (its last step), and the page has read the answer. */
async function readerAnswered(page: Page): Promise<void> {
  const answer = await page.waitForResponse((r) => /\/api\/simulated-reader\/readers\/[^/]+$/.test(r.url()) && r.ok(), { timeout: 45_000 });
  await answer.finished();
}

/**
 * A paired tablet whose clock the test moves: half a minute passes in an instant. It is moved only once the tablet
 * has connected its reader (SDK mode): the jump also times out the calls in flight (Playwright moves
 * `AbortSignal.timeout` too), as a network drop would.
 */
async function openWithClock(kioskId: string): Promise<Page> {
  const { page } = await newKiosk(browser(), baseUrl);
  await page.clock.install();
  const connected = readerAnswered(page);
  await page.goto((await pairingCodeFor(baseUrl, kioskId)).url);
  await see(page.getByRole('heading', { name: 'Welcome' }));
  await connected;
  return page;
}

/** What the kiosk's next heartbeat said, once the worker answered it. */
async function halfAMinuteLater(page: Page): Promise<Record<string, unknown>> {
  const beat = page.waitForResponse((r) => r.url().endsWith('/api/kiosk/heartbeat') && r.request().method() === 'POST');
  await page.clock.fastForward(30_000);
  const response = await beat;
  expect(response.status()).toBe(200);
  return response.request().postDataJSON() as Record<string, unknown>;
}

describe('a running kiosk checks in with the worker every half minute', () => {
  it('with its reader connected (SDK mode), so operators see the kiosk and its reader online', async () => {
    const { kioskId, kiosk } = await provisionKiosk(baseUrl, { name: 'Heartbeat kiosk', readerMode: 'js-sdk' });
    const page = await openWithClock(kioskId);
    // The page may still be on its way from the reader's answer to "connected" when the clock jumps, and the jump
    // cuts the connect short: the kiosk then connects again by itself, and its next beat must say so.
    const reconnected = readerAnswered(page);
    reconnected.catch(() => undefined);
    let beat = await halfAMinuteLater(page);
    if (beat.reader !== 'connected') {
      await reconnected;
      beat = await halfAMinuteLater(page);
    }
    expect(beat).toEqual({ reader: 'connected' });
    await expect.poll(async () => (await inFleet(kiosk.locationId, kioskId)).readerStatus).toBe('online');
    expect((await inFleet(kiosk.locationId, kioskId)).online).toBe(true);
    await page.context().close();
  });

  it('connects its reader by itself when the first try was cut short, and says so at its next beat', async () => {
    const { kioskId } = await provisionKiosk(baseUrl, { name: 'Patient kiosk', readerMode: 'js-sdk' });
    const { page } = await newKiosk(browser(), baseUrl);
    await page.clock.install();
    // The reader's first answer is held until the tablet's clock has jumped past the call's timeout.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstCall = true;
    await page.route(/\/api\/simulated-reader\/readers\/[^/]+$/, async (route) => {
      if (firstCall) {
        firstCall = false;
        await held;
      }
      await route.continue().catch(() => undefined);
    });
    await page.goto((await pairingCodeFor(baseUrl, kioskId)).url);
    await see(page.getByRole('heading', { name: 'Welcome' }));
    await expect.poll(() => firstCall).toBe(false);

    const reconnected = readerAnswered(page);
    expect(await halfAMinuteLater(page)).toEqual({ reader: 'disconnected' });
    release();
    // No customer, no reload: the kiosk tries again on its own.
    await reconnected;
    expect(await halfAMinuteLater(page)).toEqual({ reader: 'connected' });
    await page.context().close();
  });

  it('and takes up the reader mode an operator switched it to, at its next customer, without a reload', async () => {
    const { kioskId } = await provisionKiosk(baseUrl, { name: 'Switched kiosk', readerMode: 'js-sdk' });
    const page = await openWithClock(kioskId);
    const res = await fetch(`${baseUrl}/api/admin/kiosks/${kioskId}`, {
      method: 'PATCH',
      headers: admin,
      body: JSON.stringify({ readerMode: 'server-driven' }),
    });
    expect(res.status).toBe(200);
    await halfAMinuteLater(page);

    // Server-driven: the worker hands the payment to the reader and the kiosk follows it on the session's live channel.
    const live = page.waitForRequest((r) => /\/api\/sessions\/[^/]+\/live$/.test(r.url()));
    await startOrdering(page);
    await orderAndPay(page);
    await live;
    await page.context().close();
  });
});
