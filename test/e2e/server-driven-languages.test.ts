import { describe, inject, it } from 'vitest';
import { useChromium } from '../support/browser.ts';
import { walkEveryScreen } from '../support/every-screen.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();

describe('server-driven mode: every screen in English, Korean and Japanese, each without an accessibility problem axe-core can find', () => {
  it.each([
    ['English', 'en', /^Americano \$4\.50/],
    ['Korean', 'ko', /^아메리카노 US\$4\.50/],
    ['Japanese', 'ja', /^アメリカーノ \$4\.50/],
  ] as const)('in %s: from the start screen through choices, a decline, another card, a cancel, an offline reader and going offline', async (_name, language, item) => {
    await walkEveryScreen(browser(), baseUrl, { language, readerMode: 'server-driven', item });
  });
});
