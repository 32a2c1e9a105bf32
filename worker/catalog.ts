import type { CatalogItem, CatalogResponse } from '../shared/api.ts';

interface Product {
  id: string;
  name: string;
  /** Price per currency, in that currency's smallest unit (KRW and JPY have none below the unit). */
  prices: Record<string, number>;
}

/** The demo café menu. Operators replace it with their own; prices are decided here, never by the kiosk. */
const PRODUCTS: readonly Product[] = [
  { id: 'americano', name: 'Americano', prices: { usd: 450, eur: 400, krw: 4500, jpy: 500 } },
  { id: 'latte', name: 'Café Latte', prices: { usd: 550, eur: 500, krw: 5000, jpy: 600 } },
  { id: 'green-tea', name: 'Green Tea', prices: { usd: 400, eur: 350, krw: 4000, jpy: 450 } },
  { id: 'croissant', name: 'Croissant', prices: { usd: 350, eur: 300, krw: 3500, jpy: 400 } },
  { id: 'bagel', name: 'Bagel', prices: { usd: 300, eur: 300, krw: 3000, jpy: 350 } },
  { id: 'orange-juice', name: 'Orange Juice', prices: { usd: 500, eur: 450, krw: 5500, jpy: 550 } },
];

export function catalogFor(currency: string): CatalogResponse {
  const items: CatalogItem[] = PRODUCTS.flatMap((p) => {
    const price = p.prices[currency];
    return price === undefined ? [] : [{ id: p.id, name: p.name, price }];
  });
  return { currency, items };
}

export const SUPPORTED_CURRENCIES = ['usd', 'eur', 'krw', 'jpy'] as const;
