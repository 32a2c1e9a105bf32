import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/** Debian's Chromium, headless, with its background networking off (this machine has no internet). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A tablet's own network address, as headers for its browser context. The worker counts pairing tries and wrong tokens
 * per client address (the CF-Connecting-IP Cloudflare sets, which `wrangler dev` takes from the request), a minute at a
 * time; every test file's tablets would otherwise be one client, 127.0.0.1, spending one budget shared with whichever
 * files ran that minute.
 */
export const ownNetwork = (): Record<string, string> => ({ 'CF-Connecting-IP': `10.${[...crypto.getRandomValues(new Uint8Array(3))].join('.')}` });

/** A fresh kiosk tablet: its own storage, its own network address, a tablet-sized screen. */
export async function newKiosk(browser: Browser, baseUrl: string, locale = 'en-US'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1024, height: 768 },
    locale,
    extraHTTPHeaders: ownNetwork(),
  });
  const page = await context.newPage();
  return { context, page };
}

/** One Chromium for a test file: launched before its tests, closed after them. */
export function useChromium(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser!;
}
