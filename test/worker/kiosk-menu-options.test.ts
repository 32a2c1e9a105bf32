import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADMIN_TOKEN, call, provisionKiosk, stripe } from './kiosk-client.ts';
import { simulator } from './stripe-test-controls.ts';

const putItem = (id: string, body: unknown) => call(`/api/admin/catalog/items/${id}`, { token: ADMIN_TOKEN, method: 'PUT', body });
const adminItem = async (id: string) => (await call('/api/admin/catalog', { token: ADMIN_TOKEN })).body.items.find((i: { id: string }) => i.id === id);
const menuItem = async (token: string, id: string) => (await call('/api/catalog', { token })).body.items.find((i: { id: string }) => i.id === id);
const order = (token: string, items: unknown[], headers: Record<string, string> = {}) => call('/api/sessions', { token, body: { items }, headers });
const latte = (options?: string[], quantity = 1) => ({ id: 'latte', quantity, ...(options ? { options } : {}) });

/** An item of this test's own, so tests never change the demo menu others rely on. */
const newItemId = () => `item-${crypto.randomUUID().slice(0, 8)}`;
const sizes = (extra: Record<string, unknown> = {}) => ({
  id: 'size',
  name: { en: 'Size', ko: '사이즈', ja: 'サイズ' },
  min: 1,
  max: 1,
  options: [
    { id: 'small', name: { en: 'Small', ja: 'スモール' }, priceChange: { usd: -50 }, default: true },
    { id: 'large', name: { en: 'Large' }, priceChange: { usd: 75 } },
  ],
  ...extra,
});
const tea = (optionGroups: unknown, price = 400) => ({
  name: { en: 'Chai', ko: '차이', ja: 'チャイ' },
  category: 'tea',
  prices: { usd: price },
  ...(optionGroups === undefined ? {} : { optionGroups }),
});

/** Moves the clock of the worker and its objects on (the kiosk's menu is a few seconds behind the catalog). */
function secondsLater(seconds: number) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + seconds * 1000);
}

afterEach(async () => {
  vi.useRealTimers();
  await simulator('POST', 'account', { country: 'US' });
});

describe('the demo menu', () => {
  it('has drinks with sizes, hot or iced, milk and extras priced in every currency, and Japanese names', async () => {
    const item = await adminItem('latte');
    expect(item.name).toEqual({ en: 'Café Latte', ko: '카페 라테', ja: 'カフェラテ' });
    expect(item.optionGroups.map((g: { id: string; min: number; max: number }) => [g.id, g.min, g.max])).toEqual([
      ['size', 1, 1],
      ['temperature', 1, 1],
      ['milk', 1, 1],
      ['extras', 0, 2],
    ]);
    expect(item.optionGroups[0]).toEqual({
      id: 'size',
      name: { en: 'Size', ko: '사이즈', ja: 'サイズ' },
      min: 1,
      max: 1,
      options: [
        { id: 'regular', name: { en: 'Regular', ko: '레귤러', ja: 'レギュラー' }, priceChange: {}, default: true },
        { id: 'large', name: { en: 'Large', ko: '라지', ja: 'ラージ' }, priceChange: { usd: 50, eur: 50, krw: 500, jpy: 50 }, default: false },
      ],
    });
    for (const id of ['americano', 'green-tea', 'croissant', 'bagel', 'orange-juice']) {
      expect((await adminItem(id)).name.ja, id).toEqual(expect.any(String));
    }
    expect((await adminItem('bagel')).optionGroups).toEqual([]);
  });

  it("a kiosk's menu shows each option's names in every language and its price change in the kiosk's currency", async () => {
    const us = await provisionKiosk('Dollar options');
    const usLatte = await menuItem(us.token, 'latte');
    expect(usLatte.names).toEqual({ en: 'Café Latte', ko: '카페 라테', ja: 'カフェラテ' });
    const milk = usLatte.optionGroups.find((g: { id: string }) => g.id === 'milk');
    expect(milk).toMatchObject({ id: 'milk', name: 'Milk', names: { en: 'Milk', ko: '우유', ja: 'ミルク' }, min: 1, max: 1 });
    expect(milk.options).toEqual([
      { id: 'whole-milk', name: 'Whole milk', names: { en: 'Whole milk', ko: '일반 우유', ja: '牛乳' }, priceChange: 0, default: true },
      { id: 'skim-milk', name: 'Skim milk', names: { en: 'Skim milk', ko: '저지방 우유', ja: '低脂肪乳' }, priceChange: 0, default: false },
      { id: 'oat-milk', name: 'Oat milk', names: { en: 'Oat milk', ko: '오트 우유', ja: 'オーツミルク' }, priceChange: 60, default: false },
    ]);
    expect((await menuItem(us.token, 'bagel')).optionGroups).toEqual([]);

    await simulator('POST', 'account', { country: 'FR' });
    const fr = await provisionKiosk('Euro options');
    const oat = (await menuItem(fr.token, 'latte')).optionGroups.find((g: { id: string }) => g.id === 'milk').options[2];
    expect(oat).toMatchObject({ id: 'oat-milk', priceChange: 50 });
  });
});

describe('an operator edits option groups', () => {
  it('adds them with an item, keeps them when a change leaves them out, and removes them with []', async () => {
    const id = newItemId();
    const created = await putItem(id, tea([sizes()]));
    expect(created.status).toBe(201);
    expect(created.body.item.optionGroups).toEqual([
      {
        id: 'size',
        name: { en: 'Size', ko: '사이즈', ja: 'サイズ' },
        min: 1,
        max: 1,
        options: [
          { id: 'small', name: { en: 'Small', ja: 'スモール' }, priceChange: { usd: -50 }, default: true },
          { id: 'large', name: { en: 'Large' }, priceChange: { usd: 75 }, default: false },
        ],
      },
    ]);
    expect((await adminItem(id)).optionGroups).toEqual(created.body.item.optionGroups);

    const repriced = await putItem(id, tea(undefined, 450));
    expect(repriced).toMatchObject({ status: 200, body: { item: { prices: { usd: 450 }, optionGroups: created.body.item.optionGroups } } });
    expect((await putItem(id, tea([]))).body.item.optionGroups).toEqual([]);
  });

  it('refuses option groups that do not make sense, with a 400 that says what is wrong, and keeps the item as it was', async () => {
    const id = newItemId();
    await putItem(id, tea([sizes()]));
    const option = (optionId: string, extra: Record<string, unknown> = {}) => ({ id: optionId, name: { en: optionId }, ...extra });
    const bad: Array<[string, unknown, RegExp?]> = [
      ['min above max', [sizes({ min: 2, max: 1 })], /min/],
      ['max above the number of options', [sizes({ max: 3 })], /max/],
      ['a max of zero', [sizes({ min: 0, max: 0 })]],
      ['a negative min', [sizes({ min: -1 })]],
      ['a group without options', [sizes({ options: [] })]],
      ['a group id that is not a slug', [sizes({ id: 'Size!' })]],
      ['an option id that is not a slug', [sizes({ options: [option('Extra Hot')] })]],
      ['the same group twice', [sizes(), sizes({ options: [option('medium')] })], /group id/],
      ['one option id in two groups', [sizes(), { ...sizes(), id: 'cup' }], /option id/],
      ['a group without an English name', [sizes({ name: { ko: '사이즈' } })]],
      ['a name in a language we do not have', [sizes({ name: { en: 'Size', fr: 'Taille' } })]],
      ['a price change that is not a whole number', [sizes({ options: [option('large', { priceChange: { usd: 0.5 } })] })]],
      ['a price change in a currency the item is not priced in', [sizes({ options: [option('large', { priceChange: { usd: 50, eur: 50 } })] })], /EUR/],
      ['more defaults than the group takes', [sizes({ options: [option('a', { default: true }), option('b', { default: true })] })], /default/],
      ['an unknown field in an option', [sizes({ options: [option('large', { price: 50 })] })]],
      ['option groups that are not a list', { size: sizes() }],
    ];
    for (const [what, groups, message] of bad) {
      const res = await putItem(id, tea(groups));
      expect(res, what).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
      if (message) expect(res.body.error.message, what).toMatch(message);
    }
    expect((await adminItem(id)).optionGroups.map((g: { id: string }) => g.id)).toEqual(['size']);
  });
});

describe('ordering with options', () => {
  it('prices each line as the item plus its options, times the quantity, and keeps the options on the session', async () => {
    const kiosk = await provisionKiosk('Options kiosk');
    const res = await order(kiosk.token, [latte(['large', 'iced', 'oat-milk', 'extra-shot'], 2), { id: 'bagel', quantity: 1 }]);
    expect(res.status).toBe(201);
    // (550 + 50 large + 60 oat milk + 50 extra shot) x 2, and a bagel.
    expect(res.body.amount).toBe(710 * 2 + 300);
    expect(res.body.items).toEqual([
      {
        id: 'latte',
        name: 'Café Latte',
        names: { en: 'Café Latte', ko: '카페 라테', ja: 'カフェラテ' },
        price: 710,
        quantity: 2,
        options: [
          { id: 'large', groupId: 'size', name: 'Large', names: { en: 'Large', ko: '라지', ja: 'ラージ' }, priceChange: 50 },
          { id: 'iced', groupId: 'temperature', name: 'Iced', names: { en: 'Iced', ko: '아이스', ja: 'アイス' }, priceChange: 0 },
          { id: 'oat-milk', groupId: 'milk', name: 'Oat milk', names: { en: 'Oat milk', ko: '오트 우유', ja: 'オーツミルク' }, priceChange: 60 },
          { id: 'extra-shot', groupId: 'extras', name: 'Extra shot', names: { en: 'Extra shot', ko: '샷 추가', ja: 'ショット追加' }, priceChange: 50 },
        ],
      },
      { id: 'bagel', name: 'Bagel', names: { en: 'Bagel', ko: '베이글', ja: 'ベーグル' }, price: 300, quantity: 1, options: [] },
    ]);
    expect((await call(`/api/sessions/${res.body.sessionId}`, { token: kiosk.token })).body.items).toEqual(res.body.items);
    const pi = await stripe.paymentIntents.retrieve(res.body.paymentIntentId);
    expect(pi.description).toBe('2 x Café Latte (Large, Iced, Oat milk, Extra shot), 1 x Bagel');
  });

  it("a line without options gets the item's defaults, so a kiosk that knows nothing of options still sells a latte", async () => {
    const kiosk = await provisionKiosk('Old kiosk app');
    const res = await order(kiosk.token, [latte()]);
    expect(res).toMatchObject({ status: 201, body: { amount: 550 } });
    expect(res.body.items[0].options.map((o: { id: string }) => o.id)).toEqual(['regular', 'hot', 'whole-milk']);
  });

  it('refuses an unknown option, a missing required choice, too many choices or an option twice, each with its own code', async () => {
    const kiosk = await provisionKiosk('Strict options');
    const refusals: Array<[string, unknown[], string, RegExp]> = [
      ['an option the item does not have', [latte(['regular', 'hot', 'whole-milk', 'decaf'])], 'unknown_option', /decaf/],
      ['an option on an item without any', [{ id: 'bagel', quantity: 1, options: ['large'] }], 'unknown_option', /Bagel/],
      ['no size', [latte(['hot', 'whole-milk'])], 'option_required', /Size/],
      ['no choices at all', [latte([])], 'option_required', /Size/],
      ['two sizes', [latte(['regular', 'large', 'hot', 'whole-milk'])], 'too_many_options', /at most 1 of Size/],
      ['three extras', [latte(['regular', 'hot', 'whole-milk', 'extra-shot', 'vanilla-syrup', 'whipped-cream'])], 'too_many_options', /at most 2 of Extras/],
      ['an option twice', [latte(['regular', 'hot', 'whole-milk', 'extra-shot', 'extra-shot'])], 'duplicate_option', /extra-shot/],
      ['the same latte on two lines', [latte(['large', 'hot', 'whole-milk']), latte(['hot', 'large', 'whole-milk'])], 'duplicate_item', /same options/],
      ['a default latte on two lines', [latte(), latte(['regular', 'hot', 'whole-milk'])], 'duplicate_item', /same options/],
    ];
    for (const [what, items, code, message] of refusals) {
      const res = await order(kiosk.token, items);
      expect(res, what).toMatchObject({ status: 400, body: { error: { code } } });
      expect(res.body.error.message, what).toMatch(message);
    }
    for (const options of [[1], 'large', [''], Array.from({ length: 21 }, (_, i) => `o${i}`)]) {
      expect((await order(kiosk.token, [{ id: 'latte', quantity: 1, options }])).status, JSON.stringify(options)).toBe(400);
    }
  });

  it('the same item with other options is another line', async () => {
    const kiosk = await provisionKiosk('Two lattes');
    const res = await order(kiosk.token, [latte(['large', 'iced', 'whole-milk']), latte(['regular', 'hot', 'skim-milk'])]);
    expect(res).toMatchObject({ status: 201, body: { amount: 600 + 550 } });
    expect(res.body.items.map((line: { price: number }) => line.price)).toEqual([600, 550]);
  });

  it('an option may make the item cheaper, but never makes a line cost less than nothing', async () => {
    const kiosk = await provisionKiosk('Cheaper options');
    const id = newItemId();
    const discounted = sizes({ options: [{ id: 'small', name: { en: 'Small' }, priceChange: { usd: -50 } }, { id: 'free', name: { en: 'Free' }, priceChange: { usd: -999 } }] });
    await putItem(id, tea([discounted]));
    secondsLater(5);
    const small = await order(kiosk.token, [{ id, quantity: 2, options: ['small'] }]);
    expect(small).toMatchObject({ status: 201, body: { amount: 700, items: [{ price: 350 }] } });
    const free = await order(kiosk.token, [{ id, quantity: 3, options: ['free'] }, { id: 'bagel', quantity: 1 }]);
    expect(free).toMatchObject({ status: 201, body: { amount: 300, items: [{ price: 0, quantity: 3 }, { price: 300 }] } });
  });

  it('a retried order must name the same options: the same choices in another order are the same order, others a conflict', async () => {
    const kiosk = await provisionKiosk('Idempotent options');
    const key = { 'Idempotency-Key': crypto.randomUUID() };
    const first = await order(kiosk.token, [latte(['large', 'iced', 'whole-milk'])], key);
    const again = await order(kiosk.token, [latte(['whole-milk', 'iced', 'large'])], key);
    expect(again).toMatchObject({ status: 201, body: { sessionId: first.body.sessionId } });
    const other = await order(kiosk.token, [latte(['large', 'hot', 'whole-milk'])], key);
    expect(other).toMatchObject({ status: 409, body: { error: { code: 'idempotency_conflict' } } });
  });

  it("the reader shows each line with its options and its price, beside its quantity, while it waits for the card", async () => {
    await simulator('POST', 'webhooks', { mode: 'immediate' });
    const kiosk = await provisionKiosk('Options on the reader', { readerMode: 'server-driven' });
    const res = await order(kiosk.token, [latte(['large', 'iced', 'whole-milk', 'extra-shot']), { id: 'bagel', quantity: 2 }]);
    expect(res).toMatchObject({ status: 201, body: { status: 'waiting_card' } });
    const events = await stripe.events.list({ type: 'terminal.reader.action_succeeded', limit: 100 });
    const carts = events.data
      .map((e) => (e.data.object as { action?: { set_reader_display?: { cart?: { total: number; line_items: unknown[] } } } }).action?.set_reader_display?.cart)
      .filter((cart) => cart?.total === res.body.amount);
    expect(carts[0]).toMatchObject({
      currency: 'usd',
      total: 650 + 600,
      line_items: [
        { description: 'Café Latte (Large, Iced, Whole milk, Extra shot)', amount: 650, quantity: 1 },
        { description: 'Bagel', amount: 300, quantity: 2 },
      ],
    });
  });
});
