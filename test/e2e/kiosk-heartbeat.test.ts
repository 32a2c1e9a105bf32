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

/**
 * A paired tablet whose clock the test moves: half a minute passes in an instant. It is moved only once the tablet
 * has connected its reader (SDK mode): the jump would also time out the calls in flight.
 */
async function openWithClock(kioskId: string): Promise<Page> {
  const { page } = await newKiosk(browser(), baseUrl);
  await page.clock.install();
  // Connected means the reader answered: a refused try (the tablet tries again by itself) is not a connection.
  const connected = page.waitForResponse((r) => /\/api\/simulated-reader\/readers\/[^/]+$/.test(r.url()) && r.ok(), { timeout: 45_000 });
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
    // Connecting takes the SDK a few steps, each waiting on the tablet's (moved) clock or on an answer still on its way
    // when the clock jumps: within a few beats, the kiosk must say its reader is connected.
    let beat = await halfAMinuteLater(page);
    for (let beats = 1; beats < 10 && beat.reader !== 'connected'; beats++) beat = await halfAMinuteLater(page);
    expect(beat).toEqual({ reader: 'connected' });
    await expect.poll(async () => (await inFleet(kiosk.locationId, kioskId)).readerStatus).toBe('online');
    expect((await inFleet(kiosk.locationId, kioskId)).online).toBe(true);
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
