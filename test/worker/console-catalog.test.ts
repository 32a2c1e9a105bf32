import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADMIN_TOKEN, call, createSession, DEV_KIOSK_TOKEN, provisionKiosk } from './kiosk-client.ts';
import { simulator } from './stripe-test-controls.ts';

const admin = (path: string, init: { method?: string; body?: unknown } = {}) =>
  call(`/api/admin${path}`, { token: ADMIN_TOKEN, ...init });
const putItem = (id: string, body: unknown) => admin(`/catalog/items/${id}`, { method: 'PUT', body });
const menuOf = async (token: string) => (await call('/api/catalog', { token })).body;
const itemOf = async (token: string, id: string) => (await menuOf(token)).items.find((item: { id: string }) => item.id === id);

/** An item of this test's own: tests never change the demo menu others rely on. */
const newItemId = () => `item-${crypto.randomUUID().slice(0, 8)}`;
const cake = (price = 425, extra: Record<string, unknown> = {}) => ({
  name: { en: 'Carrot Cake', ko: '당근 케이크' },
  category: 'bakery',
  prices: { usd: price },
  ...extra,
});

/** Moves the clock of the worker and its objects on (they share this isolate), as the seconds passing would. */
function secondsLater(seconds: number) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + seconds * 1000);
}

afterEach(async () => {
  vi.useRealTimers();
  await simulator('POST', 'account', { country: 'US' });
});

describe('the fleet catalog', () => {
  it('starts with the demo café menu, named in English, Korean and Japanese, priced per currency', async () => {
    const { status, body } = await admin('/catalog');
    expect(status).toBe(200);
    expect(body.items.map((item: { id: string }) => item.id)).toEqual(
      expect.arrayContaining(['americano', 'latte', 'green-tea', 'croissant', 'bagel', 'orange-juice']),
    );
    expect(body.items.find((item: { id: string }) => item.id === 'latte')).toEqual({
      id: 'latte',
      category: 'coffee',
      name: { en: 'Café Latte', ko: '카페 라테', ja: 'カフェラテ' },
      prices: { usd: 550, eur: 500, krw: 5000, jpy: 600 },
      optionGroups: expect.any(Array),
      available: true,
      photoUrl: null,
      soldOutAt: [],
      createdAt: expect.any(Number),
      updatedAt: expect.any(Number),
    });
  });

  it('an operator adds an item (201), replaces it (200) and deletes it; unknown items are 404', async () => {
    const id = newItemId();
    const created = await putItem(id, cake());
    expect(created).toMatchObject({ status: 201, body: { item: { id, name: { en: 'Carrot Cake', ko: '당근 케이크' }, prices: { usd: 425 } } } });
    const replaced = await putItem(id, { name: { en: 'Carrot Cake' }, category: 'cakes', prices: { usd: 450 }, available: false });
    expect(replaced).toMatchObject({ status: 200, body: { item: { id, name: { en: 'Carrot Cake' }, category: 'cakes', available: false } } });
    expect(replaced.body.item.name).not.toHaveProperty('ko');
    expect(replaced.body.item.createdAt).toBe(created.body.item.createdAt);

    expect(await admin(`/catalog/items/${id}`, { method: 'DELETE' })).toMatchObject({ status: 200, body: { id, deleted: true } });
    expect((await admin('/catalog')).body.items.map((item: { id: string }) => item.id)).not.toContain(id);
    for (const [method, path, body] of [
      ['DELETE', `/catalog/items/${id}`, undefined],
      ['PUT', `/catalog/items/${id}/photo`, undefined],
      ['PUT', `/locations/tml_anything/items/${id}/availability`, { available: false }],
    ] as const) {
      expect(await admin(path, { method, body }), `${method} ${path}`).toMatchObject({ status: 404, body: { error: { code: 'item_not_found' } } });
    }
  });

  it('the same new item put twice at the same moment is created once (201) and replaced once (200)', async () => {
    const id = newItemId();
    const muffin = (price: number) => cake(price, { name: { en: 'Muffin' } });
    const answers = await Promise.all([putItem(id, muffin(425)), putItem(id, muffin(450))]);
    expect(answers.map((res) => res.status).sort()).toEqual([200, 201]);
    expect((await admin('/catalog')).body.items.filter((item: { id: string }) => item.id === id)).toHaveLength(1);
    await admin(`/catalog/items/${id}`, { method: 'DELETE' });
  });

  it('reprices an item of the demo menu (options priced in four currencies) without restating its options', async () => {
    // A copy of the seeded latte, as the demo menu stores it: prices and option changes in usd, eur, krw and jpy.
    const id = newItemId();
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO catalog_items (id, category, names, option_groups, available, created_at, updated_at)
         SELECT ?, category, names, option_groups, available, created_at, updated_at FROM catalog_items WHERE id = 'latte'`,
      ).bind(id),
      env.DB.prepare('INSERT INTO catalog_prices (item_id, currency, amount) SELECT ?, currency, amount FROM catalog_prices WHERE item_id = ?').bind(id, 'latte'),
    ]);
    const seeded = (await admin('/catalog')).body.items.find((item: { id: string }) => item.id === id);
    expect(Object.keys(seeded.prices).sort()).toEqual(['eur', 'jpy', 'krw', 'usd']);

    const repriced = await putItem(id, { name: seeded.name, category: seeded.category, prices: { usd: 600 } });
    expect(repriced.status).toBe(200);
    expect(repriced.body.item.prices).toEqual({ usd: 600 });
    // Its options stay, priced in the currency it keeps.
    const large = repriced.body.item.optionGroups.flatMap((group: { options: { id: string }[] }) => group.options).find((o: { id: string }) => o.id === 'large');
    expect(large.priceChange).toEqual({ usd: 50 });
    await expect.poll(async () => (await itemOf(DEV_KIOSK_TOKEN, id))?.price, { timeout: 10_000 }).toBe(600);
    await admin(`/catalog/items/${id}`, { method: 'DELETE' });
  });

  it('refuses bad items with a 400 that says what is wrong', async () => {
    const bad: Array<[string, string, unknown]> = [
      ['an id that is not a slug', 'Carrot Cake', cake()],
      ['an id with a double hyphen', 'carrot--cake', cake()],
      ['an over-long id', 'x'.repeat(65), cake()],
      ['a negative price', newItemId(), cake(-100)],
      ['a zero price', newItemId(), cake(0)],
      ['a fractional price', newItemId(), cake(4.25)],
      ['a price over what Stripe can charge', newItemId(), cake(100_000_000)],
      ['no price at all', newItemId(), { ...cake(), prices: {} }],
      ['a currency code that is not one', newItemId(), { ...cake(), prices: { USD: 425 } }],
      ['no English name', newItemId(), { ...cake(), name: { ko: '당근 케이크' } }],
      ['an empty name', newItemId(), { ...cake(), name: { en: '   ' } }],
      ['an over-long name', newItemId(), { ...cake(), name: { en: 'x'.repeat(61) } }],
      ['a language the catalog does not have', newItemId(), { ...cake(), name: { en: 'Carrot Cake', fr: 'Gâteau' } }],
      ['a category that is not a slug', newItemId(), { ...cake(), category: 'Cakes & Pies' }],
      ['an unknown field', newItemId(), { ...cake(), price: 425 }],
      ['availability that is not a boolean', newItemId(), { ...cake(), available: 'no' }],
    ];
    for (const [what, id, body] of bad) {
      const res = await putItem(encodeURIComponent(id), body);
      expect(res, what).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    }
    expect((await admin('/catalog')).body.items.filter((item: { name: { en: string } }) => item.name.en === 'Carrot Cake')).toEqual([]);
  });

  it("refuses prices in a currency this Stripe account cannot take in person, naming the one it can", async () => {
    const res = await putItem(newItemId(), cake(425, { prices: { usd: 425, eur: 400 } }));
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'currency_not_supported' } } });
    expect(res.body.error.message).toMatch(/only in USD, not EUR/);

    await simulator('POST', 'account', { country: 'JP' });
    expect((await putItem(newItemId(), cake(600, { prices: { jpy: 600 } }))).status).toBe(201);
  });

  it('tells the console the one currency this Stripe account takes in person, the one items may be priced in', async () => {
    expect(await admin('/account')).toMatchObject({ status: 200, body: { country: 'US', currency: 'usd' } });
    await simulator('POST', 'account', { country: 'JP' });
    expect((await admin('/account')).body).toEqual({ country: 'JP', currency: 'jpy' });
    expect((await call('/api/admin/account', { token: null })).status).toBe(401);
  });
});

describe("a kiosk's menu", () => {
  it('keeps its shape and adds category, names, photo, availability and options; name stays the English name', async () => {
    const menu = await menuOf(DEV_KIOSK_TOKEN);
    expect(menu.currency).toBe('usd');
    expect(menu.items).toContainEqual({
      id: 'americano',
      name: 'Americano',
      price: 450,
      category: 'coffee',
      names: { en: 'Americano', ko: '아메리카노', ja: 'アメリカーノ' },
      photoUrl: null,
      available: true,
      optionGroups: expect.any(Array),
    });
  });

  it("shows an operator's new item, price or deletion within 5 seconds, and prices new sessions the same way", async () => {
    const kiosk = await provisionKiosk('Menu kiosk');
    const id = newItemId();
    expect(await itemOf(kiosk.token, id)).toBeUndefined();
    await putItem(id, cake(425));
    secondsLater(5);
    expect(await itemOf(kiosk.token, id)).toMatchObject({ id, name: 'Carrot Cake', price: 425, available: true });

    await putItem(id, cake(475));
    secondsLater(5);
    expect(await itemOf(kiosk.token, id)).toMatchObject({ price: 475 });
    const { body: session } = await createSession(kiosk.token, [{ id, quantity: 2 }]);
    expect(session).toMatchObject({ amount: 950, items: [{ id, name: 'Carrot Cake', price: 475, quantity: 2 }] });

    await admin(`/catalog/items/${id}`, { method: 'DELETE' });
    secondsLater(5);
    expect(await itemOf(kiosk.token, id)).toBeUndefined();
    expect(await createSession(kiosk.token, [{ id, quantity: 1 }])).toMatchObject({ status: 400, body: { error: { code: 'unknown_item' } } });
  });

  it('an open session keeps the price it was created with', async () => {
    const kiosk = await provisionKiosk('Price change kiosk');
    const id = newItemId();
    await putItem(id, cake(425));
    secondsLater(5);
    const { body: session } = await createSession(kiosk.token, [{ id, quantity: 1 }]);
    expect(session.amount).toBe(425);

    await putItem(id, cake(999));
    secondsLater(5);
    expect(await itemOf(kiosk.token, id)).toMatchObject({ price: 999 });
    const reread = await call(`/api/sessions/${session.sessionId}`, { token: kiosk.token });
    expect(reread.body).toMatchObject({ amount: 425, items: [{ id, price: 425, quantity: 1 }] });
  });

  it('lists only the items priced in its currency', async () => {
    const id = newItemId();
    await simulator('POST', 'account', { country: 'JP' });
    await putItem(id, cake(600, { prices: { jpy: 600 } }));
    await simulator('POST', 'account', { country: 'US' });
    const usd = await provisionKiosk('Dollar kiosk');
    expect(await itemOf(usd.token, id)).toBeUndefined();
    expect(await itemOf(usd.token, 'latte')).toMatchObject({ price: 550 });
  });
});

describe('category names', () => {
  const putCategory = (id: string, body: unknown) => admin(`/catalog/categories/${id}`, { method: 'PUT', body });
  const categoriesOf = async (token: string) => (await menuOf(token)).categories as { id: string }[];

  it("the demo menu's categories are named in English, Korean and Japanese", async () => {
    const { categories } = (await admin('/catalog')).body;
    expect(categories).toEqual(
      expect.arrayContaining([{ id: 'coffee', name: { en: 'Coffee', ko: '커피', ja: 'コーヒー' }, updatedAt: expect.any(Number) }]),
    );
    const kiosk = await provisionKiosk('Demo categories');
    expect((await categoriesOf(kiosk.token)).map((category) => category.id).sort()).toEqual(['bakery', 'coffee', 'juice', 'tea']);
  });

  it('an operator names a category (201), renames it (200) and forgets its names (the kiosk then shows its slug)', async () => {
    const kiosk = await provisionKiosk('Named categories');
    const slug = `cakes-${crypto.randomUUID().slice(0, 6)}`;
    const named = await putCategory(slug, { name: { en: 'Cakes', ko: '케이크' } });
    expect(named).toMatchObject({ status: 201, body: { category: { id: slug, name: { en: 'Cakes', ko: '케이크' } } } });
    // Named before any item is in it: the kiosk lists only the categories of its menu.
    secondsLater(5);
    expect((await categoriesOf(kiosk.token)).find((category) => category.id === slug)).toBeUndefined();

    await putItem(newItemId(), cake(425, { category: slug }));
    secondsLater(5);
    expect((await categoriesOf(kiosk.token)).find((category) => category.id === slug)).toEqual({ id: slug, name: 'Cakes', names: { en: 'Cakes', ko: '케이크' } });

    expect(await putCategory(slug, { name: { en: 'Cakes', ko: '케이크', ja: 'ケーキ' } })).toMatchObject({ status: 200 });
    secondsLater(5);
    expect((await categoriesOf(kiosk.token)).find((category) => category.id === slug)).toMatchObject({ names: { ja: 'ケーキ' } });

    expect(await admin(`/catalog/categories/${slug}`, { method: 'DELETE' })).toMatchObject({ status: 200, body: { id: slug, deleted: true } });
    expect(await admin(`/catalog/categories/${slug}`, { method: 'DELETE' })).toMatchObject({ status: 404, body: { error: { code: 'category_not_found' } } });
    secondsLater(5);
    expect((await categoriesOf(kiosk.token)).find((category) => category.id === slug)).toBeUndefined();
    expect((await menuOf(kiosk.token)).items.filter((item: { category: string }) => item.category === slug)).toHaveLength(1);
  });

  it('a new category named twice at the same moment is named once (201) and renamed once (200)', async () => {
    const slug = `cakes-${crypto.randomUUID().slice(0, 6)}`;
    const answers = await Promise.all([putCategory(slug, { name: { en: 'Cakes' } }), putCategory(slug, { name: { en: 'Pies' } })]);
    expect(answers.map((res) => res.status).sort()).toEqual([200, 201]);
  });

  it('refuses names without English, in a language the kiosks do not speak, too long, or a category that is no slug', async () => {
    for (const [slug, body] of [
      ['cakes', { name: { ko: '케이크' } }],
      ['cakes', { name: { en: 'Cakes', fr: 'Gâteaux' } }],
      ['cakes', { name: { en: ' ' } }],
      ['cakes', { name: { en: 'x'.repeat(61) } }],
      ['cakes', { names: { en: 'Cakes' } }],
      ['Cakes', { name: { en: 'Cakes' } }],
      ['cakes--big', { name: { en: 'Cakes' } }],
    ] as const) {
      expect(await putCategory(slug, body), `${slug} ${JSON.stringify(body)}`).toMatchObject({ status: 400 });
    }
    expect((await admin('/catalog')).body.categories.find((category: { id: string }) => category.id === 'cakes')).toBeUndefined();
  });
});

describe('sold out', () => {
  it("an item sold out at one store shows there as sold out and cannot be ordered (400); other stores still sell it", async () => {
    const here = await provisionKiosk('Sold-out store');
    const elsewhere = await provisionKiosk('Other store');
    const id = newItemId();
    await putItem(id, cake());
    const res = await admin(`/locations/${here.kiosk.locationId}/items/${id}/availability`, { method: 'PUT', body: { available: false } });
    expect(res).toMatchObject({ status: 200, body: { locationId: here.kiosk.locationId, itemId: id, available: false } });
    expect((await admin('/catalog')).body.items.find((item: { id: string }) => item.id === id).soldOutAt).toEqual([here.kiosk.locationId]);
    secondsLater(5);

    expect(await itemOf(here.token, id)).toMatchObject({ id, available: false });
    const refused = await createSession(here.token, [{ id: 'latte', quantity: 1 }, { id, quantity: 1 }]);
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'item_sold_out' } } });
    expect(refused.body.error.message).toContain('Carrot Cake');
    expect(await itemOf(elsewhere.token, id)).toMatchObject({ available: true });
    expect((await createSession(elsewhere.token, [{ id, quantity: 1 }])).status).toBe(201);

    await admin(`/locations/${here.kiosk.locationId}/items/${id}/availability`, { method: 'PUT', body: { available: true } });
    secondsLater(5);
    expect((await createSession(here.token, [{ id, quantity: 1 }])).status).toBe(201);
  });

  it('a create retried after its item sold out or was repriced gets its own checkout back, at the price it opened with', async () => {
    const kiosk = await provisionKiosk('Retries after a change');
    const id = newItemId();
    await putItem(id, cake(425));
    secondsLater(5);
    const key = { 'Idempotency-Key': crypto.randomUUID() };
    const cart = [{ id, quantity: 2 }];
    const first = await createSession(kiosk.token, cart, key);
    expect(first).toMatchObject({ status: 201, body: { amount: 850 } });

    // The first answer was lost; a retry gets it again, as it was (201), after the operator repriced the item, then sold out of it.
    await putItem(id, cake(500));
    secondsLater(5);
    const repriced = await createSession(kiosk.token, cart, key);
    expect(repriced).toMatchObject({ status: 201, body: { sessionId: first.body.sessionId, amount: 850, paymentIntentId: first.body.paymentIntentId } });
    await admin(`/locations/${kiosk.kiosk.locationId}/items/${id}/availability`, { method: 'PUT', body: { available: false } });
    secondsLater(5);
    const soldOut = await createSession(kiosk.token, cart, key);
    expect(soldOut).toMatchObject({ status: 201, body: { sessionId: first.body.sessionId, amount: 850, paymentIntentId: first.body.paymentIntentId } });

    // The key still names that order only, and a new order sees the item as it is now.
    expect(await createSession(kiosk.token, [{ id, quantity: 1 }], key)).toMatchObject({ status: 409, body: { error: { code: 'idempotency_conflict' } } });
    expect(await createSession(kiosk.token, cart)).toMatchObject({ status: 400, body: { error: { code: 'item_sold_out' } } });
  });

  it('an item the operator marks unavailable is sold out at every store', async () => {
    const kiosk = await provisionKiosk('Fleet-wide');
    const id = newItemId();
    await putItem(id, cake(425, { available: false }));
    secondsLater(5);
    expect(await itemOf(kiosk.token, id)).toMatchObject({ available: false });
    expect(await createSession(kiosk.token, [{ id, quantity: 1 }])).toMatchObject({ status: 400, body: { error: { code: 'item_sold_out' } } });
  });

  it('refuses a Location Stripe does not have (404), an id that is not a Location id, or a body that is not { available }', async () => {
    expect(await admin('/locations/tml_doesnotexist/items/latte/availability', { method: 'PUT', body: { available: false } })).toMatchObject({
      status: 404,
      body: { error: { code: 'location_not_found' } },
    });
    const { kiosk } = await provisionKiosk('Availability inputs');
    for (const [path, body] of [
      ['/locations/not-a-location/items/latte/availability', { available: false }],
      [`/locations/${kiosk.locationId}/items/latte/availability`, { available: 'no' }],
      [`/locations/${kiosk.locationId}/items/latte/availability`, { available: false, until: 'tomorrow' }],
      [`/locations/${kiosk.locationId}/items/latte/availability`, {}],
    ] as const) {
      expect(await admin(path, { method: 'PUT', body }), `${path} ${JSON.stringify(body)}`).toMatchObject({ status: 400 });
    }
  });
});

describe('provisioning and the catalog', () => {
  it("a kiosk can be provisioned in a currency once the menu has prices in it", async () => {
    await simulator('POST', 'account', { country: 'GB' });
    const address = { line1: '1 Regent Street', city: 'London', postal_code: 'SW1Y 4NR', country: 'GB' };
    const provision = () => call('/api/admin/kiosks', { token: ADMIN_TOKEN, body: { name: 'London', address } });
    expect(await provision()).toMatchObject({ status: 400, body: { error: { code: 'currency_not_priced' } } });
    const id = newItemId();
    expect((await putItem(id, cake(350, { prices: { gbp: 350 } }))).status).toBe(201);
    const london = await provision();
    expect(london.status).toBe(201);
    expect(await menuOf(london.body.token)).toEqual({
      currency: 'gbp',
      items: [expect.objectContaining({ id, price: 350, category: 'bakery' })],
      categories: [{ id: 'bakery', name: 'Bakery', names: { en: 'Bakery', ko: '베이커리', ja: 'ベーカリー' } }],
    });
  });
});
