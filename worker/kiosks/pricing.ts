import type { CartLine, CatalogItem, CatalogResponse } from '../../shared/api.ts';
import { chargeAmountProblem } from '../../shared/money.ts';
import { failure, type Failure } from '../errors.ts';

export interface PricedCart {
  lines: Array<CatalogItem & { quantity: number }>;
  amount: number;
}

/** Prices the cart from the kiosk's menu: the kiosk says what and how many, never how much. */
export function priceCart(items: readonly CartLine[], menu: CatalogResponse): PricedCart | Failure {
  const catalog = new Map(menu.items.map((item) => [item.id, item]));
  const seen = new Set<string>();
  const lines: PricedCart['lines'] = [];
  for (const { id, quantity } of items) {
    const item = catalog.get(id);
    if (!item) return failure(400, 'unknown_item', `There is no item "${id}" in the catalog`);
    if (!item.available) return failure(400, 'item_sold_out', `"${item.name}" is sold out`);
    if (seen.has(id)) return failure(400, 'duplicate_item', `"${id}" appears twice; send one line with its quantity`);
    seen.add(id);
    lines.push({ id, name: item.name, price: item.price, quantity });
  }
  const amount = lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
  const problem = chargeAmountProblem(amount, menu.currency);
  if (problem) return failure(400, 'amount_out_of_range', problem);
  return { lines, amount };
}
