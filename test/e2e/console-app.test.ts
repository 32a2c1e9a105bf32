import { describe, expect, inject, it } from 'vitest';
import { newKiosk, useChromium } from '../support/browser.ts';
import { DESKTOP } from '../support/console-page.ts';
import { see } from '../support/kiosk-page.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();

describe('the console app beside the kiosk app', () => {
  it('has its own web app manifest, scoped to /admin', async () => {
    const context = await browser().newContext({ baseURL: baseUrl, viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto('/admin');
    await see(page.getByRole('heading', { name: 'Sign in to the kiosk console' }));
    const links = await page.locator('link[rel="manifest"]').evaluateAll((all) => all.map((link) => link.getAttribute('href')));
    expect(links).toHaveLength(1);
    const manifestUrl = new URL(links[0]!, baseUrl);
    const manifest = (await (await fetch(manifestUrl)).json()) as Record<string, any>;
    expect(manifest).toMatchObject({ name: 'Kiosk console', start_url: '/admin', scope: '/admin', display: 'standalone' });
    for (const icon of manifest.icons as { src: string }[]) expect((await fetch(new URL(icon.src, manifestUrl))).status).toBe(200);
    await context.close();
  });

  it('every console address opens the console, on its own page', async () => {
    const context = await browser().newContext({ baseURL: baseUrl, viewport: DESKTOP });
    const page = await context.newPage();
    for (const path of ['/admin/sessions/cs_missing', '/admin/kiosks/new', '/admin/sales?store=tml_x']) {
      await page.goto(path);
      await see(page.getByRole('heading', { name: 'Sign in to the kiosk console' }));
    }
    await context.close();
  });

  it('a tablet running the kiosk never downloads the console, and its service worker leaves /admin to the console', async () => {
    const { context, page } = await newKiosk(browser(), baseUrl);
    const loaded: string[] = [];
    page.on('request', (request) => loaded.push(new URL(request.url()).pathname));
    await page.goto('/');
    await see(page.getByRole('heading', { name: 'Welcome' }));
    await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated', null, { timeout: 15_000 });
    const precached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      }
      return urls;
    });
    expect(precached.length).toBeGreaterThan(0);
    expect(precached.filter((path) => path.includes('admin'))).toEqual([]);
    expect(loaded.filter((path) => path.includes('admin'))).toEqual([]);

    // The same browser, with the kiosk's service worker in control, opens the console.
    await page.goto('/admin/kiosks');
    await see(page.getByRole('heading', { name: 'Sign in to the kiosk console' }));
    await context.close();
  });
});
