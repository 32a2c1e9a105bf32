import { describe, expect, inject, it } from 'vitest';
import { useChromium } from '../support/browser.ts';
import { DESKTOP, openConsole, signIn } from '../support/console-page.ts';
import { see } from '../support/kiosk-page.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();

const adminStatus = (page: import('playwright-core').Page) => page.evaluate(async () => (await fetch('/api/admin/me')).status);

describe('signing in to the console', () => {
  it('refuses a wrong token, then signs in with the admin token into an HttpOnly cookie, stays signed in across a reload, and signs out', async () => {
    const context = await browser().newContext({ baseURL: baseUrl, viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto('/admin/kiosks');
    await see(page.getByRole('heading', { name: 'Sign in to the kiosk console' }));

    await page.getByLabel('Admin token').fill('not-the-admin-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await see(page.getByRole('alert').getByText('This admin token is not valid.'));

    await signIn(page);
    // The page asked for before signing in.
    await see(page.getByRole('heading', { level: 1, name: 'Kiosks' }));
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    // Nothing the page can read holds a credential.
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }]))).not.toContain('dev-admin-token');

    await page.reload();
    await see(page.getByRole('heading', { level: 1, name: 'Kiosks' }));
    expect(await adminStatus(page)).toBe(200);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await see(page.getByRole('heading', { name: 'Sign in to the kiosk console' }));
    expect(await adminStatus(page)).toBe(401);
    await page.reload();
    await see(page.getByRole('heading', { name: 'Sign in to the kiosk console' }));
    await context.close();
  });

  it('a console whose sign-in ended elsewhere goes back to its sign-in screen at its next request, and says why', async () => {
    const { context, page } = await openConsole(browser(), baseUrl, { path: '/admin/menu' });
    const otherTab = await context.newPage();
    await otherTab.goto('/admin/menu');
    await see(otherTab.getByRole('button', { name: 'Sign out' }));
    await otherTab.getByRole('button', { name: 'Sign out' }).click();
    await see(otherTab.getByRole('heading', { name: 'Sign in to the kiosk console' }));

    await page.getByRole('navigation').getByRole('link', { name: 'Sessions' }).click();
    await see(page.getByRole('heading', { name: 'Sign in to the kiosk console' }));
    await see(page.getByText('Your sign-in has ended. Please sign in again.'));
    await signIn(page);
    await see(page.getByRole('heading', { level: 1, name: 'Sessions' }));
    await context.close();
  });
});
