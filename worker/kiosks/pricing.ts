import type { CartLine, CatalogResponse, ChosenOption, KioskCatalogItem, SessionLine } from '../../shared/api.ts';
import { chargeAmountProblem } from '../../shared/money.ts';
import { failure, isFailure, type Failure } from '../errors.ts';

export interface PricedCart {
  lines: SessionLine[];
  amount: number;
}

/**
 * The options of one line, checked against the item's groups and in the menu's order (so the same choices in any
 * order are the same line). A line that names none gets the item's default options: what kiosks that do not know
 * options yet send.
 */
function chooseOptions(item: KioskCatalogItem, optionIds: readonly string[] | undefined): ChosenOption[] | Failure {
  const wanted = new Set(optionIds);
  if (optionIds && wanted.size !== optionIds.length) {
    const twice = optionIds.find((id, i) => optionIds.indexOf(id) !== i);
    return failure(400, 'duplicate_option', `"${twice}" is chosen twice for "${item.name}"`);
  }
  const known = new Set(item.optionGroups.flatMap((group) => group.options.map((option) => option.id)));
  const unknown = optionIds?.find((id) => !known.has(id));
  if (unknown !== undefined) return failure(400, 'unknown_option', `"${item.name}" has no option "${unknown}"`);
  const chosen: ChosenOption[] = [];
  for (const group of item.optionGroups) {
    const picked = group.options.filter((option) => (optionIds ? wanted.has(option.id) : option.default));
    if (picked.length > group.max) {
      return failure(400, 'too_many_options', `"${item.name}" takes at most ${group.max} of ${group.name}`);
    }
    if (picked.length < group.min) {
      return failure(400, 'option_required', `"${item.name}" needs ${group.min === 1 ? 'a choice' : `${group.min} choices`} of ${group.name}`);
    }
    chosen.push(...picked.map(({ id, name, names, priceChange }) => ({ id, groupId: group.id, name, names, priceChange })));
  }
  return chosen;
}

/** A line's identity: its item and its options. */
const lineKey = (id: string, options: readonly ChosenOption[]) => JSON.stringify([id, options.map((option) => option.id)]);

/**
 * Prices the cart from the kiosk's menu: the kiosk says what, with which options and how many, never how much. A
 * line's unit price is the item's with its options' changes, never below zero.
 */
export function priceCart(items: readonly CartLine[], menu: CatalogResponse): PricedCart | Failure {
  const catalog = new Map(menu.items.map((item) => [item.id, item]));
  const seen = new Set<string>();
  const lines: SessionLine[] = [];
  for (const { id, quantity, options } of items) {
    const item = catalog.get(id);
    if (!item) return failure(400, 'unknown_item', `There is no item "${id}" in the catalog`);
    if (!item.available) return failure(400, 'item_sold_out', `"${item.name}" is sold out`);
    const chosen = chooseOptions(item, options);
    if (isFailure(chosen)) return chosen;
    const key = lineKey(id, chosen);
    if (seen.has(key)) {
      return failure(400, 'duplicate_item', `"${id}" appears twice with the same options; send one line with its quantity`);
    }
    seen.add(key);
    const price = Math.max(0, chosen.reduce((sum, option) => sum + option.priceChange, item.price));
    lines.push({ id, name: item.name, names: item.names, price, quantity, options: chosen });
  }
  const amount = lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
  const problem = chargeAmountProblem(amount, menu.currency);
  if (problem) return failure(400, 'amount_out_of_range', problem);
  return { lines, amount };
}
