import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * Where the end-to-end tests photograph the kiosk's screens and the console's pages: an ignored folder, so `npm test`
 * never changes a tracked file. `npm run screenshots` copies these photos to docs/screenshots for the README.
 */
export const SCREENSHOTS_DIR = 'test-results/screenshots';

export async function photograph(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`) });
}

/** The screen on a landscape tablet, then turned to portrait (`<name>-landscape.png`, `<name>-portrait.png`). */
export async function photographBothWays(page: Page, name: string): Promise<void> {
  const landscape = page.viewportSize() ?? { width: 1024, height: 768 };
  await photograph(page, `${name}-landscape`);
  await page.setViewportSize({ width: landscape.height, height: landscape.width });
  await photograph(page, `${name}-portrait`);
  await page.setViewportSize(landscape);
}
