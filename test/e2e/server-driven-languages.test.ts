import { describe, inject, it } from 'vitest';
import { newKiosk, useChromium } from '../support/browser.ts';
import { walkEveryScreen } from '../support/every-screen.ts';
import { pairingCodeFor, provisionKiosk } from '../support/kiosk-page.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();

describe('server-driven mode keeps every screen, in English and Korean', () => {
  it.each([
    ['an English', 'en', 'en-US', /^Americano \$4\.50/],
    ['a Korean', 'ko', 'ko-KR', /^아메리카노 US\$4\.50/],
  ] as const)('%s kiosk walks from the menu through a decline, another card, a cancel and going offline', async (_kiosk, language, locale, item) => {
    const { kioskId } = await provisionKiosk(baseUrl, { name: `Server-driven ${language}`, language, currency: 'usd', readerMode: 'server-driven' });
    const { context, page } = await newKiosk(browser(), baseUrl, locale);
    await page.goto((await pairingCodeFor(baseUrl, kioskId)).url);
    await walkEveryScreen(page, language, item);
    await context.close();
  });
});
