import { describe, expect, inject, it } from 'vitest';
import { useChromium } from '../support/browser.ts';
import { openKiosk, see } from '../support/kiosk-page.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();

describe('an installable kiosk app', () => {
  it('has a valid web app manifest: fullscreen, theme colours, 192 and 512 px maskable icons', async () => {
    const { context, page } = await openKiosk(browser(), baseUrl);
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBeTruthy();
    const manifestUrl = new URL(href!, baseUrl);
    const manifest = (await (await fetch(manifestUrl)).json()) as Record<string, any>;
    expect(manifest).toMatchObject({ id: '/', lang: 'en', display: 'fullscreen', start_url: '/', scope: '/' });
    expect(manifest.name).toBeTruthy();
    expect(manifest.short_name).toBeTruthy();
    expect(manifest.theme_color).toMatch(/^#/);
    expect(manifest.background_color).toMatch(/^#/);
    for (const size of ['192x192', '512x512']) {
      const icons = (manifest.icons as { sizes: string; src: string; purpose?: string; type: string }[]).filter((i) => i.sizes === size);
      expect(icons.length, size).toBeGreaterThan(0);
      expect(icons.some((i) => (i.purpose ?? 'any').includes('maskable')), `${size} maskable`).toBe(true);
      const png = await fetch(new URL(icons[0]!.src, manifestUrl));
      expect(png.status).toBe(200);
      expect(png.headers.get('content-type')).toBe('image/png');
      // A PNG's width and height sit at bytes 16-23 of its IHDR chunk.
      const bytes = new DataView(await png.arrayBuffer());
      expect(`${bytes.getUint32(16)}x${bytes.getUint32(20)}`).toBe(size);
    }
    await context.close();
  });

  it('activates its service worker, which never caches the API, and opens offline to its offline screen', async () => {
    const { context, page } = await openKiosk(browser(), baseUrl);
    await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated', null, {
      timeout: 15_000,
    });
    // The app shell is precached; API answers are not.
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      }
      return urls;
    });
    expect(cached.some((path) => path === '/index.html' || path === '/')).toBe(true);
    expect(cached.filter((path) => path.startsWith('/api/') || path.startsWith('/v1/'))).toEqual([]);

    await context.setOffline(true);
    await page.reload();
    await see(page.getByRole('heading', { name: 'No connection' }));
    await context.setOffline(false);
    await see(page.getByRole('heading', { name: 'Welcome' }));
    await context.close();
  });

  it('leaves every console address to the console, one store’s fleet (/admin?store=…) too, in a browser that has the kiosk installed', async () => {
    const { context, page } = await openKiosk(browser(), baseUrl);
    await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated', null, {
      timeout: 15_000,
    });
    for (const address of ['/admin', '/admin/sessions?status=succeeded', '/admin?store=tml_FleetStore']) {
      await page.goto(address);
      await see(page.getByRole('heading', { name: 'Sign in to the kiosk console' }));
      expect(await page.locator('link[rel="manifest"]').getAttribute('href'), address).toBe('/admin.webmanifest');
    }
    await context.close();
  });
});

describe('what browsers may keep of the kiosk app', () => {
  const cacheControl = async (path: string) => (await fetch(new URL(path, baseUrl))).headers.get('cache-control');

  it('keeps the build’s hashed files for good, and asks again every time for the page, the service worker and the manifest', async () => {
    const page = await (await fetch(new URL('/', baseUrl))).text();
    const hashed = [...page.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map(([, path]) => path!);
    expect(hashed.length).toBeGreaterThan(0);
    for (const path of hashed) expect(await cacheControl(path), path).toBe('public, max-age=31536000, immutable');
    for (const path of ['/', '/sw.js', '/manifest.webmanifest', '/admin']) expect(await cacheControl(path), path).toMatch(/max-age=0|no-cache/);
  });

  it('answers a file of an earlier deployment that is gone with 404, not with the kiosk’s page in its place', async () => {
    const gone = await fetch(new URL('/assets/Payment-0ldBu1ld.js', baseUrl));
    expect(gone.status).toBe(404);
    expect(gone.headers.get('content-type')).not.toMatch(/html/);
    expect(gone.headers.get('cache-control') ?? '').not.toMatch(/immutable/);
  });
});
