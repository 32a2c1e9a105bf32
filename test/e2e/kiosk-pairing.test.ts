import { describe, expect, inject, it } from 'vitest';
import { newKiosk, useChromium } from '../support/browser.ts';
import { pairingCodeFor, provisionKiosk, see, startOrdering, tokenOf } from '../support/kiosk-page.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();

const kioskCall = (token: string) => fetch(`${baseUrl}/api/kiosk`, { headers: { Authorization: `Bearer ${token}` } });

describe('pairing a tablet with a code, never a token in a URL', () => {
  it('a fresh tablet pairs with a code typed in', async () => {
    const kiosk = await provisionKiosk(baseUrl, { name: 'Typed-in kiosk' });
    const { context, page } = await newKiosk(browser(), baseUrl);
    // The installer's first scan was of an old code; the pairing screen asks for one.
    await page.goto('/#pair=ZZZZ-ZZZZ');
    await see(page.getByRole('heading', { name: 'Pair this kiosk' }));
    await see(page.getByRole('alert').getByText('That code was not accepted. Check it and try again.'));

    const { code } = await pairingCodeFor(baseUrl, kiosk.kioskId);
    await page.getByLabel('Pairing code').fill(code.toLowerCase().replace('-', ' '));
    await page.getByRole('button', { name: 'Pair', exact: true }).click();
    await see(page.getByRole('heading', { name: 'Welcome' }));
    await see(page.getByText('Typed-in kiosk'));

    const token = (await tokenOf(page))!;
    expect((await kioskCall(token)).status).toBe(200);
    // The token it was provisioned with belongs to no tablet any more.
    expect((await kioskCall(kiosk.token)).status).toBe(401);
    await context.close();
  });

  it('a scanned QR code opens the kiosk with the code in the URL fragment: it pairs, and the code leaves the address bar', async () => {
    const kiosk = await provisionKiosk(baseUrl, { name: 'Scanned kiosk' });
    const { url } = await pairingCodeFor(baseUrl, kiosk.kioskId);
    expect(url).toMatch(/\/#pair=[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    const { context, page } = await newKiosk(browser(), baseUrl);
    const serverSaw: string[] = [];
    page.on('request', (request) => serverSaw.push(request.url()));
    await page.goto(url);
    await see(page.getByRole('heading', { name: 'Welcome' }));
    await see(page.getByText('Scanned kiosk'));
    expect(page.url()).toBe(`${baseUrl}/`);
    expect(serverSaw.filter((seen) => seen.includes('pair='))).toEqual([]);
    expect((await kioskCall((await tokenOf(page))!)).status).toBe(200);

    // The same code on a second tablet: already used, and the first tablet stays paired.
    const second = await newKiosk(browser(), baseUrl);
    await second.page.goto(url);
    await see(second.page.getByRole('alert').getByText('That code was already used. Ask the admin console for a new one.'));
    expect(await tokenOf(second.page)).toBeNull();
    expect((await kioskCall((await tokenOf(page))!)).status).toBe(200);
    await second.context.close();
    await context.close();
  });

  it('the old install URL with ?token= pairs nothing any more', async () => {
    const kiosk = await provisionKiosk(baseUrl, { name: 'Old-style kiosk' });
    const { context, page } = await newKiosk(browser(), baseUrl);
    await page.goto(`/?token=${encodeURIComponent(kiosk.token)}`);
    // In simulated mode a tablet with no kiosk becomes the development kiosk, as before.
    await see(page.getByText('Development kiosk'));
    expect(await tokenOf(page)).not.toBe(kiosk.token);
    await context.close();
  });
});

describe('the menu on the kiosk', () => {
  /** A 1×1 PNG. */
  const PIXEL = Uint8Array.from(
    atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='),
    (ch) => ch.charCodeAt(0),
  );
  const admin = (path: string, init: RequestInit) =>
    fetch(`${baseUrl}/api/admin${path}`, { ...init, headers: { Authorization: 'Bearer dev-admin-token', ...init.headers } });

  it('shows photos (kept for offline use), and items sold out at its store as sold out', async () => {
    const kiosk = await provisionKiosk(baseUrl, { name: 'Photo kiosk' });
    const item = `muffin-${crypto.randomUUID().slice(0, 6)}`;
    const created = await admin(`/catalog/items/${item}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: { en: 'Blueberry Muffin', ko: '블루베리 머핀' }, category: 'bakery', prices: { usd: 375 } }),
    });
    expect(created.status).toBe(201);
    const bagelAvailable = (available: boolean) =>
      admin(`/locations/${kiosk.kiosk.locationId}/items/bagel/availability`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ available }),
      });
    try {
      const photo = await admin(`/catalog/items/${item}/photo`, { method: 'PUT', headers: { 'Content-Type': 'image/png' }, body: PIXEL });
      const { photoUrl } = ((await photo.json()) as { item: { photoUrl: string } }).item;
      expect((await bagelAvailable(false)).status).toBe(200);

      const { context, page } = await newKiosk(browser(), baseUrl);
      await page.goto((await pairingCodeFor(baseUrl, kiosk.kioskId)).url);
      await see(page.getByRole('heading', { name: 'Welcome' }));
      // Once the kiosk's service worker runs the page, the photos it loads are kept.
      await page.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller !== null);
      await page.reload();
      await startOrdering(page);
      const muffin = await see(page.getByRole('button', { name: /^Blueberry Muffin \$3\.75/ }));
      const image = muffin.locator('img');
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
      expect(await image.getAttribute('src')).toBe(photoUrl);

      const bagel = await see(page.getByRole('button', { name: /^Bagel \$3\.00 Sold out/ }));
      expect(await bagel.isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: /^Croissant/ }).isDisabled()).toBe(false);

      const kept = () => page.evaluate(async (url) => Boolean(await (await caches.open('menu-photos')).match(url)), photoUrl);
      await expect.poll(kept, { timeout: 10_000 }).toBe(true);
      await context.close();
    } finally {
      // The e2e tests share one fleet: leave its menu as it was (the console lists every store a demo item is sold out at).
      await admin(`/catalog/items/${item}`, { method: 'DELETE' });
      await bagelAvailable(true);
    }
  });
});
