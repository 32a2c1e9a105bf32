import type { Page } from 'playwright-core';

/**
 * Notes every text a screen reader would hear: text that changes inside a live region (aria-live, role status/alert)
 * that was already on the page, and the heading that receives focus (a focus event) with its text then.
 */
export async function recordAnnouncements(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const heard: string[] = [];
    const live = (node: Node | null): Element | null => {
      for (let el = node instanceof Element ? node : (node?.parentElement ?? null); el; el = el.parentElement) {
        const polite = el.getAttribute('aria-live');
        if ((polite && polite !== 'off') || ['status', 'alert', 'log'].includes(el.getAttribute('role') ?? '')) return el;
      }
      return null;
    };
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        const region = live(mutation.target);
        // A region inserted with its text already in it is not announced: only changes inside a region that was there.
        if (region && mutation.target.isConnected && !(mutation.type === 'childList' && [...mutation.addedNodes].includes(region))) {
          heard.push(region.textContent ?? '');
        }
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
    document.addEventListener('focusin', (event) => heard.push(`focus: ${(event.target as Element).textContent ?? ''}`));
    Object.assign(window, { screenReaderHeard: heard });
  });
  return () => page.evaluate(() => [...(window as unknown as { screenReaderHeard: string[] }).screenReaderHeard]);
}
