import { describe, expect, it } from 'vitest';
import type { KioskCatalogItem, KioskOption } from '../../shared/api.ts';
import { defaultChoice, incompleteGroup, inMenuOrder, optionEnabled, toggleOption, unitPrice } from '../../pwa/src/option-choices.ts';

const option = (id: string, priceChange = 0, isDefault = false): KioskOption => ({ id, name: id, names: { en: id }, priceChange, default: isDefault });

/** The demo's latte, in dollars: a size and a temperature to choose (one each), and up to two extras. */
const latte: KioskCatalogItem = {
  id: 'latte',
  name: 'Café Latte',
  names: { en: 'Café Latte' },
  price: 550,
  category: 'coffee',
  photoUrl: null,
  available: true,
  optionGroups: [
    { id: 'size', name: 'Size', names: { en: 'Size' }, min: 1, max: 1, options: [option('regular', 0, true), option('large', 50)] },
    { id: 'temperature', name: 'Hot or iced', names: { en: 'Hot or iced' }, min: 1, max: 1, options: [option('hot'), option('iced')] },
    {
      id: 'extras',
      name: 'Extras',
      names: { en: 'Extras' },
      min: 0,
      max: 2,
      options: [option('extra-shot', 50), option('vanilla-syrup', 50), option('whipped-cream', 50)],
    },
  ],
};

describe('choosing an item’s options on the tablet', () => {
  it('starts from the defaults, and says which required choice is still missing', () => {
    const start = defaultChoice(latte);
    expect(start).toEqual(['regular']);
    expect(incompleteGroup(latte, start)?.id).toBe('temperature');
    expect(incompleteGroup(latte, toggleOption(latte, start, 'iced'))).toBeNull();
  });

  it('a one-choice group swaps to the tapped option and cannot be emptied', () => {
    const large = toggleOption(latte, ['regular', 'hot'], 'large');
    expect(large.sort()).toEqual(['hot', 'large']);
    expect(toggleOption(latte, large, 'large').sort()).toEqual(['hot', 'large']);
  });

  it('a group of several takes up to its max; the options left over are disabled until one is taken back', () => {
    let chosen = toggleOption(latte, ['regular', 'hot'], 'extra-shot');
    chosen = toggleOption(latte, chosen, 'vanilla-syrup');
    expect(optionEnabled(latte, chosen, 'whipped-cream')).toBe(false);
    expect(toggleOption(latte, chosen, 'whipped-cream')).toEqual(chosen);
    chosen = toggleOption(latte, chosen, 'vanilla-syrup');
    expect(optionEnabled(latte, chosen, 'whipped-cream')).toBe(true);
    expect(chosen).toContain('extra-shot');
  });

  it('a customer who filled a "choose two" group can take one back off to choose another instead', () => {
    const sides = { id: 'sides', name: 'Sides', names: { en: 'Sides' }, min: 2, max: 2, options: [option('fries'), option('salad'), option('soup')] };
    const combo: KioskCatalogItem = { ...latte, id: 'combo', optionGroups: [sides] };
    let chosen = toggleOption(combo, toggleOption(combo, [], 'fries'), 'salad');
    expect(optionEnabled(combo, chosen, 'soup')).toBe(false);
    chosen = toggleOption(combo, chosen, 'fries');
    expect(chosen).toEqual(['salad']);
    expect(incompleteGroup(combo, chosen)?.id).toBe('sides');
    chosen = toggleOption(combo, chosen, 'soup');
    expect(chosen.sort()).toEqual(['salad', 'soup']);
    expect(incompleteGroup(combo, chosen)).toBeNull();
  });

  it('a line with too many choices in a group is incomplete, as the server would refuse it', () => {
    expect(incompleteGroup(latte, ['regular', 'hot', 'extra-shot', 'vanilla-syrup', 'whipped-cream'])?.id).toBe('extras');
    expect(incompleteGroup(latte, ['regular', 'large', 'hot'])?.id).toBe('size');
  });

  it('prices one of the item with its options’ changes, never below zero', () => {
    expect(unitPrice(latte, ['large', 'iced', 'extra-shot'])).toBe(650);
    const discounted = { ...latte, optionGroups: [{ ...latte.optionGroups[0]!, options: [option('tiny', -900)] }] };
    expect(unitPrice(discounted, ['tiny'])).toBe(0);
  });

  it('lists the choices in the menu’s order whatever order they were tapped in', () => {
    expect(inMenuOrder(latte, ['extra-shot', 'iced', 'large'])).toEqual(['large', 'iced', 'extra-shot']);
  });
});
