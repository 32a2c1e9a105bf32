import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { newKiosk, useChromium } from '../support/browser.ts';
import { openConsole } from '../support/console-page.ts';
import { currentSessionId, pairingCodeFor, provisionKiosk, see, sessionOf, startOrdering } from '../support/kiosk-page.ts';
import { simulatedKiosk } from '../support/simulated-kiosk.ts';
import type { CatalogResponse } from '../../shared/api.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();

/** Items and category names these tests add are theirs alone, and leave with them: other tests share the worker's menu. */
const added: string[] = [];
const namedCategories: string[] = [];
afterEach(async () => {
  const admin = { method: 'DELETE', headers: { Authorization: 'Bearer dev-admin-token' } };
  for (const id of added.splice(0)) await fetch(`${baseUrl}/api/admin/catalog/items/${id}`, admin);
  for (const id of namedCategories.splice(0)) await fetch(`${baseUrl}/api/admin/catalog/categories/${id}`, admin);
});

const uniqueItem = (name: string) => {
  const id = `${name.toLowerCase().replaceAll(' ', '-')}-${Date.now().toString(36)}`;
  added.push(id);
  return id;
};

/** A tablet paired with the kiosk, whose own clock a test moves on (the kiosk reads its menu again every 30 s). */
async function tabletOf(kioskId: string): Promise<Page> {
  const { page } = await newKiosk(browser(), baseUrl);
  await page.clock.install();
  await page.goto((await pairingCodeFor(baseUrl, kioskId)).url);
  await startOrdering(page);
  return page;
}

/** Waits, as a tablet left alone would (its clock moved on to each menu refresh), until its screen shows the locator. */
async function untilTabletShows(tablet: Page, locator: Locator): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await locator.isVisible()) return;
    await tablet.clock.runFor(31_000);
    // Left alone with nothing ordered, the kiosk went back to its start screen: the next customer touches it.
    const start = tablet.getByRole('button', { name: 'Touch to start your order' });
    if (await start.isVisible()) await start.click();
    await locator.waitFor({ state: 'visible', timeout: 3000 }).catch(() => undefined);
  }
  await see(locator);
}

async function addItem(page: Page, item: { id: string; en: string; ko?: string; category: string; usd: string }) {
  await page.goto('/admin/menu');
  await page.getByRole('link', { name: 'Add an item' }).click();
  await page.getByLabel('Identifier').fill(item.id);
  await page.getByLabel('Name in English').fill(item.en);
  if (item.ko) await page.getByLabel('Name in Korean (optional)').fill(item.ko);
  const category = page.getByLabel('Category');
  // The menu's categories are offered as the operator types one.
  const offered = await category.evaluate((input: HTMLInputElement) => [...(input.list?.options ?? [])].map((option) => option.value));
  expect(offered).toEqual(expect.arrayContaining(['bakery', 'coffee', 'juice', 'tea']));
  await category.fill(item.category);
  await page.getByLabel('Price in USD').fill(item.usd);
  await page.getByRole('button', { name: 'Add to the menu' }).click();
  await see(page.getByRole('heading', { level: 1, name: item.en }));
}

// Each test waits for a running kiosk to take a change in by itself.
describe('the fleet menu', { timeout: 120_000 }, () => {
  it('a new item, then its new price, reach a kiosk’s screen by themselves, and its next session is charged the new price', async () => {
    const kiosk = await provisionKiosk(baseUrl, { name: 'Menu kiosk' });
    const tablet = await tabletOf(kiosk.kioskId);
    const { context, page } = await openConsole(browser(), baseUrl);
    const id = uniqueItem('Lemon muffin');
    await addItem(page, { id, en: 'Lemon Muffin', ko: '레몬 머핀', category: 'bakery', usd: '3.25' });
    const onTablet = tablet.getByRole('button', { name: /^Lemon Muffin/ });
    await untilTabletShows(tablet, onTablet.getByText('$3.25'));

    await page.getByLabel('Price in USD').fill('4.10');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await see(page.getByRole('status').getByText('Lemon Muffin was saved. Kiosks show it within seconds.'));
    await untilTabletShows(tablet, onTablet.getByText('$4.10'));

    await onTablet.click();
    await tablet.getByRole('button', { name: 'Pay $4.10' }).click();
    await see(tablet.getByText('Insert or tap your card'));
    const session = (await sessionOf(baseUrl, (await currentSessionId(tablet))!)) as unknown as { amount: number };
    expect(session.amount).toBe(410);

    // In the console's menu, with its Korean name.
    await page.getByRole('link', { name: 'Back to the menu' }).click();
    await see(page.getByRole('link', { name: 'Lemon Muffin · 레몬 머핀' }));
    await context.close();
    await tablet.context().close();
  });

  it('an operator names a new category in English and Korean: the kiosk’s tab takes the name of the customer’s language', async () => {
    const kiosk = await provisionKiosk(baseUrl, { name: 'Category kiosk', languages: ['en', 'ko'] });
    const tablet = await tabletOf(kiosk.kioskId);
    const { context, page } = await openConsole(browser(), baseUrl);
    const category = `gifts-${Date.now().toString(36)}`;
    namedCategories.push(category);
    await addItem(page, { id: uniqueItem('Gift box'), en: 'Gift Box', ko: '선물 상자', category, usd: '12.00' });
    // Unnamed, the kiosk shows the category as its slug reads.
    await untilTabletShows(tablet, tablet.getByRole('tab', { name: new RegExp(`^Gifts ${category.slice('gifts-'.length)}$`) }));

    await page.getByRole('link', { name: 'Back to the menu' }).click();
    const section = page.getByRole('region', { name: category });
    await section.getByText('Names of this category').click();
    await section.getByLabel('Name in English').fill('Gift boxes');
    await section.getByLabel('Name in Korean (optional)').fill('선물 세트');
    await section.getByRole('button', { name: 'Save the names' }).click();
    await see(section.getByRole('status').getByText('The names of “Gift boxes” were saved.'));
    await see(page.getByRole('heading', { level: 2, name: `Gift boxes ${category}` }));

    await untilTabletShows(tablet, tablet.getByRole('tab', { name: 'Gift boxes' }));
    await tablet.getByRole('button', { name: '한국어' }).click();
    await see(tablet.getByRole('tab', { name: '선물 세트' }));
    await context.close();
    await tablet.context().close();
  });

  it('an operator names a category before any item is in it: it is listed, offered to items, and gone once its names are forgotten', async () => {
    const { context, page } = await openConsole(browser(), baseUrl);
    const category = `seasonal-${Date.now().toString(36)}`;
    namedCategories.push(category);
    await page.goto('/admin/menu');
    const form = page.locator('details', { hasText: 'Name a new category' });
    await form.getByText('Name a new category').click();
    await form.getByLabel('Category').fill('Seasonal Specials');
    await form.getByLabel('Name in English').fill('Seasonal');
    await form.getByRole('button', { name: 'Save the names' }).click();
    await see(form.getByRole('alert').getByText('The category must be lowercase letters and digits, words joined by hyphens.'));

    await form.getByLabel('Category').fill(category);
    await form.getByLabel('Name in Korean (optional)').fill('계절 메뉴');
    await form.getByRole('button', { name: 'Save the names' }).click();
    await see(form.getByRole('status').getByText('The names of “Seasonal” were saved.'));
    const section = page.getByRole('region', { name: category });
    await see(section.getByRole('heading', { level: 2, name: `Seasonal ${category}` }));
    await see(section.getByText('No item is in this category yet: kiosks show it once one is.'));

    // Still there on the next visit (the worker keeps it), and offered to the next item.
    await page.reload();
    await see(section.getByRole('heading', { level: 2, name: `Seasonal ${category}` }));
    await page.getByRole('link', { name: 'Add an item' }).click();
    const offered = await page
      .getByLabel('Category')
      .evaluate((input: HTMLInputElement) => [...(input.list?.options ?? [])].map((option) => option.value));
    expect(offered).toContain(category);

    await page.getByRole('link', { name: 'Back to the menu' }).click();
    await section.getByText('Names of this category').click();
    await section.getByRole('button', { name: 'Forget the names' }).click();
    await see(section.getByRole('status').getByText('The names of “Seasonal” were forgotten: kiosks show the category as its slug reads.'));
    await see(section.getByRole('heading', { level: 2, name: category, exact: true }));
    await page.reload();
    await see(page.getByRole('heading', { level: 1, name: 'Menu' }));
    expect(await page.getByRole('region', { name: category }).count()).toBe(0);
    await context.close();
  });

  it('an operator adds a Size group with a dearer Large to an item: kiosks offer it, and the worker charges it on a new session', async () => {
    const kiosk = await simulatedKiosk(baseUrl, { name: 'Options kiosk' });
    const { context, page } = await openConsole(browser(), baseUrl);
    const id = uniqueItem('Chai');
    await addItem(page, { id, en: 'Chai', category: 'tea', usd: '4.00' });
    await page.getByLabel('Name in Japanese (optional)').fill('チャイ');

    await page.getByRole('button', { name: 'Add an option group' }).click();
    const size = page.getByRole('group', { name: 'Option group 1' });
    await size.getByLabel('Group name in English').fill('Size');
    await size.getByLabel('Group name in Japanese (optional)').fill('サイズ');
    await size.getByLabel('Customers choose at least').fill('1');
    await size.getByLabel('Customers choose at most').fill('3');
    const regular = size.getByRole('group', { name: 'Option 1' });
    await regular.getByLabel('Option name in English').fill('Regular');
    await regular.getByLabel('Chosen unless the customer chooses otherwise').check();
    await size.getByRole('button', { name: 'Add an option to group 1' }).click();
    const large = size.getByRole('group', { name: 'Option 2' });
    await large.getByLabel('Option name in English').fill('Large');
    await large.getByLabel('Option name in Korean (optional)').fill('라지');
    await large.getByLabel('Price change in USD').fill('0.50');

    // More choices than the group has options: said in plain words, and nothing is saved.
    await page.getByRole('button', { name: 'Save changes' }).click();
    await see(page.getByRole('alert').getByText('In option group 1, “at most” must be a whole number from 1 to the number of its options'));
    await size.getByLabel('Customers choose at most').fill('1');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await see(page.getByRole('status').getByText('Chai was saved. Kiosks show it within seconds.'));

    // The kiosk's menu has the group within seconds, in its currency.
    const menuItem = async () => {
      const res = await fetch(`${baseUrl}/api/catalog`, { headers: { Authorization: `Bearer ${kiosk.token}` } });
      return ((await res.json()) as CatalogResponse).items.find((item) => item.id === id);
    };
    await expect.poll(async () => (await menuItem())?.optionGroups, { timeout: 15_000 }).toEqual([
      {
        id: 'size',
        name: 'Size',
        names: { en: 'Size', ja: 'サイズ' },
        min: 1,
        max: 1,
        options: [
          { id: 'regular', name: 'Regular', names: { en: 'Regular' }, priceChange: 0, default: true },
          { id: 'large', name: 'Large', names: { en: 'Large', ko: '라지' }, priceChange: 50, default: false },
        ],
      },
    ]);
    expect((await menuItem())?.names).toEqual({ en: 'Chai', ja: 'チャイ' });

    // The worker prices the line: Large costs 50 cents more, and a line that names no option gets Regular.
    expect((await kiosk.order([{ id, quantity: 2, options: ['large'] }])).amount).toBe(900);
    expect((await kiosk.order([{ id, quantity: 1 }])).amount).toBe(400);

    // The page shows the item as saved, and moving or removing options edits the form.
    await page.reload();
    await see(page.getByRole('group', { name: 'Option group 1' }).getByRole('group', { name: 'Option 2' }).getByLabel('Price change in USD'));
    expect(await page.getByRole('group', { name: 'Option 2' }).getByLabel('Option name in English').inputValue()).toBe('Large');
    await page.getByRole('group', { name: 'Option 2' }).getByRole('button', { name: 'Move option 2 up' }).click();
    expect(await page.getByRole('group', { name: 'Option 1' }).getByLabel('Option name in English').inputValue()).toBe('Large');
    await context.close();
  });

  it('an item sold out at a store shows as sold out on that store’s kiosks, and cannot be ordered there', async () => {
    const kiosk = await provisionKiosk(baseUrl, { name: 'Sold-out kiosk' });
    const tablet = await tabletOf(kiosk.kioskId);
    const { context, page } = await openConsole(browser(), baseUrl);
    const id = uniqueItem('Plum tart');
    await addItem(page, { id, en: 'Plum Tart', category: 'bakery', usd: '4.00' });
    const onTablet = tablet.getByRole('button', { name: /^Plum Tart/ });
    await untilTabletShows(tablet, onTablet);
    expect(await onTablet.isEnabled()).toBe(true);

    await page.getByRole('checkbox', { name: 'Sold out at Sold-out kiosk' }).check();
    await see(page.getByRole('status').getByText('Plum Tart is sold out at Sold-out kiosk.'));
    await untilTabletShows(tablet, onTablet.getByText('Sold out'));
    expect(await onTablet.isDisabled()).toBe(true);
    const ordered = await fetch(`${baseUrl}/api/sessions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await tablet.evaluate(() => localStorage.getItem('kiosk.token'))}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ items: [{ id, quantity: 1 }] }),
    });
    expect(await ordered.json()).toMatchObject({ error: { code: 'item_sold_out' } });

    await page.goto('/admin/menu');
    await see(page.getByRole('listitem').filter({ hasText: 'Plum Tart' }).getByText('Sold out at Sold-out kiosk'));
    await context.close();
    await tablet.context().close();
  });

  it('a photo uploaded in the console shows in the console and on the kiosks, and can be removed', async () => {
    const kiosk = await provisionKiosk(baseUrl, { name: 'Photo kiosk' });
    const tablet = await tabletOf(kiosk.kioskId);
    const { context, page } = await openConsole(browser(), baseUrl);
    const id = uniqueItem('Fig roll');
    await addItem(page, { id, en: 'Fig Roll', category: 'bakery', usd: '2.75' });

    const png = await readFile(new URL('../../pwa/public/icon-192.png', import.meta.url));
    await page.getByLabel('Upload a photo').setInputFiles({ name: 'fig-roll.png', mimeType: 'image/png', buffer: png });
    await see(page.getByRole('status').getByText('The photo was uploaded.'));
    const photo = page.getByRole('img', { name: 'Photo of Fig Roll' });
    await see(photo);
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(192);
    const src = (await photo.getAttribute('src'))!;

    const onTablet = tablet.getByRole('button', { name: /^Fig Roll/ }).locator('img');
    await untilTabletShows(tablet, onTablet);
    expect(await onTablet.getAttribute('src')).toBe(src);
    await expect.poll(() => onTablet.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(192);

    // Not an image: refused, and said so.
    await page.getByLabel('Upload a photo').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') });
    await see(page.getByRole('alert').getByText('The photo must be a JPEG, PNG or WebP image.'));

    await page.getByRole('button', { name: 'Remove the photo' }).click();
    await see(page.getByText('No photo yet.'));
    await context.close();
    await tablet.context().close();
  });

  it('a new item with the identifier of one already on the menu is refused: the item on the menu is not overwritten', async () => {
    const { context, page } = await openConsole(browser(), baseUrl);
    const id = uniqueItem('Rye loaf');
    await addItem(page, { id, en: 'Rye Loaf', ko: '호밀빵', category: 'bakery', usd: '6.00' });

    await page.goto('/admin/menu/new');
    await page.getByLabel('Identifier').fill(id);
    await page.getByLabel('Name in English').fill('Rye Bread');
    await page.getByLabel('Category').fill('bakery');
    await page.getByLabel('Price in USD').fill('1.00');
    await page.getByRole('button', { name: 'Add to the menu' }).click();
    await see(page.getByRole('alert').getByText(`The menu already has an item ${id}: choose another identifier, or edit that item.`));
    await see(page.getByRole('heading', { level: 1, name: 'New menu item' }));
    const menu = (await (await fetch(`${baseUrl}/api/admin/catalog`, { headers: { Authorization: 'Bearer dev-admin-token' } })).json()) as {
      items: { id: string; name: { en: string; ko?: string }; prices: Record<string, number> }[];
    };
    expect(menu.items.find((item) => item.id === id)).toMatchObject({ name: { en: 'Rye Loaf', ko: '호밀빵' }, prices: { usd: 600 } });
    await context.close();
  });

  it('a sold-out box the worker refused goes back to what is true: the item deleted meanwhile is not shown sold out', async () => {
    await provisionKiosk(baseUrl, { name: 'Refused sold-out kiosk' });
    const { context, page } = await openConsole(browser(), baseUrl);
    const id = uniqueItem('Pear tart');
    await addItem(page, { id, en: 'Pear Tart', category: 'bakery', usd: '4.00' });
    const soldOut = page.getByRole('checkbox', { name: 'Sold out at Refused sold-out kiosk' });
    await see(soldOut);
    // Another operator deletes the item while this page shows it.
    await fetch(`${baseUrl}/api/admin/catalog/items/${id}`, { method: 'DELETE', headers: { Authorization: 'Bearer dev-admin-token' } });
    await soldOut.click();
    await see(page.getByRole('alert').getByText('This item is no longer on the menu.'));
    expect(await soldOut.isChecked()).toBe(false);
    await context.close();
  });
});
