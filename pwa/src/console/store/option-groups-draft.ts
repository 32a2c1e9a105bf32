import type { CatalogOptionGroup, CatalogOptionGroupInput, ItemNames } from '../../../../shared/api.ts';
import { amountText, parseAmount } from '../format.ts';

/** A name as typed, in each language the menu speaks ("" for none). */
export interface NamesDraft {
  en: string;
  ko: string;
  ja: string;
}

/** An option as typed: its price change per currency ("" for none), whether it is chosen unless the customer chooses. */
export interface OptionDraft {
  /** Its id once saved; "" for a new option, whose id comes from its English name. */
  id: string;
  name: NamesDraft;
  priceChange: Record<string, string>;
  isDefault: boolean;
}

/** An option group as typed: how many of its options a customer chooses, at least and at most. */
export interface GroupDraft {
  id: string;
  name: NamesDraft;
  min: string;
  max: string;
  options: OptionDraft[];
}

/** What is wrong with a group, for the form to say in the operator's words (the worker checks again). */
export type GroupProblem = 'groupName' | 'noOptions' | 'optionName' | 'choices' | 'defaults' | 'priceChange';

export interface GroupProblemAt {
  problem: GroupProblem;
  /** 1-based, as the form numbers groups and options. */
  group: number;
  option?: number;
  currency?: string;
}

export const namesDraft = (names?: ItemNames): NamesDraft => ({ en: names?.en ?? '', ko: names?.ko ?? '', ja: names?.ja ?? '' });

/** The names the worker takes: English always, the others where typed. */
export function namesOf(draft: NamesDraft): ItemNames {
  const names: ItemNames = { en: draft.en.trim() };
  if (draft.ko.trim()) names.ko = draft.ko.trim();
  if (draft.ja.trim()) names.ja = draft.ja.trim();
  return names;
}

export const newOption = (currencies: readonly string[]): OptionDraft => ({
  id: '',
  name: namesDraft(),
  priceChange: Object.fromEntries(currencies.map((currency) => [currency, ''])),
  isDefault: false,
});

export const newGroup = (currencies: readonly string[]): GroupDraft => ({ id: '', name: namesDraft(), min: '0', max: '1', options: [newOption(currencies)] });

/** The item's groups as the form shows them, with a price change field per currency the form prices in. */
export function groupsDraft(groups: readonly CatalogOptionGroup[], currencies: readonly string[]): GroupDraft[] {
  return groups.map((group) => ({
    id: group.id,
    name: namesDraft(group.name),
    min: String(group.min),
    max: String(group.max),
    options: group.options.map((option) => ({
      id: option.id,
      name: namesDraft(option.name),
      priceChange: Object.fromEntries(
        currencies.map((currency) => {
          const change = option.priceChange[currency];
          return [currency, change ? amountText(change, currency) : ''];
        }),
      ),
      isDefault: option.default,
    })),
  }));
}

/** "-0.50", "+0.50" or "0.50" in the smallest unit; "" is no change; null if it is not an amount. */
export function parsePriceChange(text: string, currency: string): number | null {
  const plain = text.trim();
  if (!plain) return 0;
  const negative = plain.startsWith('-') || plain.startsWith('−');
  const amount = parseAmount(plain.replace(/^[-+−]/, ''), currency);
  return amount === null ? null : negative ? -amount : amount;
}

/** A slug of an English name ("Extra shot" -> "extra-shot"), for the id of a new group or option. */
export const slugOf = (name: string): string =>
  name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 28)
    .replace(/-+$/, '');

/** `base`, or `base-2`, `base-3`... whichever is not taken yet; records the one it gives. */
function freeId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

const wholeNumber = (text: string): number | null => (/^\d{1,2}$/.test(text.trim()) ? Number(text.trim()) : null);

/**
 * The groups the worker takes, or the first thing wrong with them. An option's price change names every currency
 * the item is priced in (`pricedIn`) as soon as it changes the price in one (none: no change).
 */
export function groupsRequest(groups: readonly GroupDraft[], pricedIn: readonly string[]): { groups: CatalogOptionGroupInput[] } | GroupProblemAt {
  const groupIds = new Set(groups.map((g) => g.id).filter(Boolean));
  const optionIds = new Set(groups.flatMap((g) => g.options.map((o) => o.id)).filter(Boolean));
  const request: CatalogOptionGroupInput[] = [];
  for (const [g, group] of groups.entries()) {
    const at = { group: g + 1 };
    const groupSlug = group.id || slugOf(group.name.en);
    if (!group.name.en.trim() || !groupSlug) return { problem: 'groupName', ...at };
    if (group.options.length === 0) return { problem: 'noOptions', ...at };
    const options: CatalogOptionGroupInput['options'] = [];
    for (const [o, option] of group.options.entries()) {
      const optionSlug = option.id || slugOf(option.name.en);
      if (!option.name.en.trim() || !optionSlug) return { problem: 'optionName', ...at, option: o + 1 };
      const changes: Record<string, number> = {};
      for (const currency of pricedIn) {
        const change = parsePriceChange(option.priceChange[currency] ?? '', currency);
        if (change === null) return { problem: 'priceChange', ...at, option: o + 1, currency };
        changes[currency] = change;
      }
      const changesPrice = Object.values(changes).some((change) => change !== 0);
      options.push({
        id: option.id || freeId(optionSlug, optionIds),
        name: namesOf(option.name),
        priceChange: changesPrice ? changes : {},
        default: option.isDefault,
      });
    }
    const min = wholeNumber(group.min);
    const max = wholeNumber(group.max);
    if (min === null || max === null || max < 1 || min > max || max > options.length) return { problem: 'choices', ...at };
    if (options.filter((o) => o.default).length > max) return { problem: 'defaults', ...at };
    request.push({ id: group.id || freeId(groupSlug, groupIds), name: namesOf(group.name), min, max, options });
  }
  return { groups: request };
}

/** Moves the entry at `from` one place up (-1) or down (+1); the list unchanged at either end. */
export function moved<T>(list: readonly T[], from: number, by: -1 | 1): T[] {
  const to = from + by;
  if (to < 0 || to >= list.length) return [...list];
  const copy = [...list];
  [copy[from], copy[to]] = [copy[to]!, copy[from]!];
  return copy;
}

/**
 * The worker's refusal in the operator's words: the place it names (`optionGroups.1.options.0.name.en`, or
 * `optionGroups.size.large.priceChange`) becomes the group's and option's names.
 */
export function plainRefusal(message: string, groups: readonly CatalogOptionGroupInput[]): string {
  const match = /^optionGroups\.([a-z0-9-]+)(?:\.options)?(?:\.([a-z0-9-]+))?[^:]*: (.*)$/s.exec(message);
  if (!match) return message;
  const [, groupRef, optionRef, rest] = match as unknown as [string, string, string | undefined, string];
  const group = /^\d+$/.test(groupRef) ? groups[Number(groupRef)] : groups.find((g) => g.id === groupRef);
  if (!group) return message;
  const option = optionRef === undefined ? undefined : /^\d+$/.test(optionRef) ? group.options[Number(optionRef)] : group.options.find((o) => o.id === optionRef);
  const where = option ? `${group.name.en} › ${option.name.en}` : group.name.en;
  return `${where}: ${rest}`;
}
