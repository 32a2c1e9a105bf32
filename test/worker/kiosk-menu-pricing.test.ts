import { describe, expect, it } from 'vitest';
import type { CartLine, CatalogResponse, KioskOption, KioskOptionGroup } from '../../shared/api.ts';
import { priceCart } from '../../worker/kiosks/pricing.ts';

const option = (id: string, priceChange = 0, isDefault = false): KioskOption => ({
  id,
  name: id,
  names: { en: id },
  priceChange,
  default: isDefault,
});
const group = (id: string, min: number, max: number, options: KioskOption[]): KioskOptionGroup => ({
  id,
  name: id,
  names: { en: id },
  min,
  max,
  options,
});
const item = (id: string, price: number, optionGroups: KioskOptionGroup[] = [], available = true) => ({
  id,
  name: id,
  names: { en: id },
  price,
  category: 'test',
  photoUrl: null,
  available,
  optionGroups,
});

/** A menu in dollars: a coffee with a required size (regular by default), a required milk (no default) and extras. */
const MENU: CatalogResponse = {
  currency: 'usd',
  categories: [],
  items: [
    item('coffee', 400, [
      group('size', 1, 1, [option('small', -100), option('regular', 0, true), option('large', 75)]),
      group('extras', 0, 2, [option('shot', 50), option('syrup', 40), option('cream', 30)]),
    ]),
    item('tea', 300, [group('milk', 1, 1, [option('none'), option('oat', 60)])]),
    item('cookie', 200),
    item('sold-out', 200, [], false),
    item('sample', 60, [group('size', 1, 1, [option('tiny', -500)])]),
  ],
};

const priced = (items: CartLine[]) => priceCart(items, MENU);
const codeOf = (items: CartLine[]) => {
  const result = priced(items);
  return 'ok' in result ? result.code : null;
};

describe('pricing a cart with options', () => {
  it('a line is (base + chosen options) x quantity; the cart is the sum of its lines', () => {
    expect(priced([{ id: 'coffee', quantity: 3, options: ['large', 'shot', 'syrup'] }, { id: 'cookie', quantity: 2 }])).toMatchObject({
      amount: (400 + 75 + 50 + 40) * 3 + 200 * 2,
      lines: [{ id: 'coffee', price: 565, quantity: 3 }, { id: 'cookie', price: 200, quantity: 2, options: [] }],
    });
  });

  it('keeps the chosen options in the menu order, whatever order the kiosk sent them in', () => {
    const result = priced([{ id: 'coffee', quantity: 1, options: ['syrup', 'large', 'shot'] }]);
    expect('lines' in result && result.lines[0]!.options.map((o) => [o.groupId, o.id, o.priceChange])).toEqual([
      ['size', 'large', 75],
      ['extras', 'shot', 50],
      ['extras', 'syrup', 40],
    ]);
  });

  it("a line without options takes the item's defaults; a group with no default then needs a choice", () => {
    expect(priced([{ id: 'coffee', quantity: 1 }])).toMatchObject({ amount: 400, lines: [{ options: [{ id: 'regular' }] }] });
    expect(codeOf([{ id: 'tea', quantity: 1 }])).toBe('option_required');
    expect(priced([{ id: 'tea', quantity: 1, options: ['oat'] }])).toMatchObject({ amount: 360 });
  });

  it('a cheaper option lowers the price, never below zero for the line', () => {
    expect(priced([{ id: 'coffee', quantity: 2, options: ['small'] }])).toMatchObject({ amount: 600 });
    expect(priced([{ id: 'sample', quantity: 5, options: ['tiny'] }, { id: 'cookie', quantity: 1 }])).toMatchObject({
      amount: 200,
      lines: [{ price: 0 }, { price: 200 }],
    });
  });

  it('names what is wrong: unknown option, missing choice, too many, the same option twice, the same line twice', () => {
    expect(codeOf([{ id: 'coffee', quantity: 1, options: ['regular', 'decaf'] }])).toBe('unknown_option');
    expect(codeOf([{ id: 'cookie', quantity: 1, options: ['regular'] }])).toBe('unknown_option');
    expect(codeOf([{ id: 'coffee', quantity: 1, options: ['shot'] }])).toBe('option_required');
    expect(codeOf([{ id: 'coffee', quantity: 1, options: ['small', 'large'] }])).toBe('too_many_options');
    expect(codeOf([{ id: 'coffee', quantity: 1, options: ['regular', 'shot', 'syrup', 'cream'] }])).toBe('too_many_options');
    expect(codeOf([{ id: 'coffee', quantity: 1, options: ['regular', 'shot', 'shot'] }])).toBe('duplicate_option');
    expect(codeOf([{ id: 'coffee', quantity: 1 }, { id: 'coffee', quantity: 2, options: ['regular'] }])).toBe('duplicate_item');
    expect(codeOf([{ id: 'coffee', quantity: 1 }, { id: 'coffee', quantity: 2, options: ['large'] }])).toBeNull();
    expect(codeOf([{ id: 'sold-out', quantity: 1 }])).toBe('item_sold_out');
    expect(codeOf([{ id: 'nothing', quantity: 1 }])).toBe('unknown_item');
    expect(codeOf([{ id: 'sample', quantity: 1, options: ['tiny'] }])).toBe('amount_out_of_range');
  });
});

// docs.stripe.com/currencies#minimum-and-maximum-charge-amounts: 2.00 PLN, 15.00 CZK, 2.00 MYR, not the 0.50 of dollars.
describe("a cart below Stripe's minimum in the kiosk's own currency", () => {
  for (const [currency, belowMinimum, minimum] of [
    ['pln', 199, 200],
    ['czk', 1499, 1500],
    ['myr', 199, 200],
  ] as const) {
    it(`is refused in ${currency.toUpperCase()} before any Stripe call; the minimum itself is taken`, () => {
      const menu: CatalogResponse = { currency, categories: [], items: [item('under', belowMinimum), item('at', minimum)] };
      const result = priceCart([{ id: 'under', quantity: 1 }], menu);
      expect(result).toMatchObject({ ok: false, code: 'amount_out_of_range' });
      expect(priceCart([{ id: 'at', quantity: 1 }], menu)).toMatchObject({ amount: minimum });
    });
  }
});
