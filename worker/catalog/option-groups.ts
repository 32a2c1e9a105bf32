import type { CatalogOptionGroup } from '../../shared/api.ts';

/**
 * Why an item's option groups do not fit its prices, or null: a price change must be in currencies the item is priced
 * in, and an option that changes the price must say by how much in each of them (a currency left out would make the
 * option free there without anyone deciding so).
 */
export function optionPriceProblem(groups: readonly CatalogOptionGroup[], prices: Record<string, number>): string | null {
  const currencies = Object.keys(prices);
  for (const group of groups) {
    for (const option of group.options) {
      const changes = Object.entries(option.priceChange);
      const where = `optionGroups.${group.id}.${option.id}.priceChange`;
      const unpriced = changes.find(([currency]) => !currencies.includes(currency));
      if (unpriced) return `${where}: ${unpriced[0].toUpperCase()} is not a currency the item is priced in`;
      const missing = currencies.filter((currency) => !(currency in option.priceChange));
      if (changes.some(([, amount]) => amount !== 0) && missing.length > 0) {
        return `${where}: give the change in ${missing.map((c) => c.toUpperCase()).join(', ')} too, as the item is priced in it`;
      }
    }
  }
  return null;
}

/** The groups with their options' price changes in these prices' currencies only (an item no longer sold in one). */
export const inCurrencies = (groups: readonly CatalogOptionGroup[], prices: Record<string, number>): CatalogOptionGroup[] =>
  groups.map((group) => ({
    ...group,
    options: group.options.map((option) => ({
      ...option,
      priceChange: Object.fromEntries(Object.entries(option.priceChange).filter(([currency]) => currency in prices)),
    })),
  }));
