import { createResource } from 'solid-js';
import type { CatalogEntry, CatalogItemRequest, ItemNames } from '../../../../shared/api.ts';
import * as api from '../api.ts';
import { amountText, parseAmount } from '../format.ts';
import { valueOf } from './resource-value.ts';

/** The item form as typed: every field text, prices per currency ("" for not sold in it). */
export interface ItemDraft {
  id: string;
  category: string;
  nameEn: string;
  nameKo: string;
  prices: Record<string, string>;
  available: boolean;
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * The form for an item, with a price field per currency the fleet sells in (the worker accepts no other: Terminal
 * takes only the Stripe account's currency).
 */
export function draftOf(item: CatalogEntry | undefined, currencies: readonly string[]): ItemDraft {
  const prices: Record<string, string> = {};
  for (const currency of currencies) {
    const amount = item?.prices[currency];
    prices[currency] = amount === undefined ? '' : amountText(amount, currency);
  }
  return {
    id: item?.id ?? '',
    category: item?.category ?? '',
    nameEn: item?.name.en ?? '',
    nameKo: item?.name.ko ?? '',
    prices,
    available: item?.available ?? true,
  };
}

/** Prices the item has in currencies no kiosk sells in: the form leaves them out, and saving drops them. */
export const unsoldCurrencies = (item: CatalogEntry | undefined, currencies: readonly string[]): string[] =>
  Object.keys(item?.prices ?? {}).filter((currency) => !currencies.includes(currency));

export type DraftProblem = 'id' | 'category' | 'name' | 'price' | 'noPrice';

/** The request a draft makes, or what is wrong with it (the worker checks again). */
export function requestOf(draft: ItemDraft): { request: CatalogItemRequest } | { problem: DraftProblem; currency?: string } {
  if (!SLUG.test(draft.id) || draft.id === 'new') return { problem: 'id' };
  if (!SLUG.test(draft.category)) return { problem: 'category' };
  if (!draft.nameEn.trim()) return { problem: 'name' };
  const prices: Record<string, number> = {};
  for (const [currency, text] of Object.entries(draft.prices)) {
    if (!text.trim()) continue;
    const amount = parseAmount(text, currency);
    if (amount === null || amount === 0) return { problem: 'price', currency };
    prices[currency] = amount;
  }
  if (Object.keys(prices).length === 0) return { problem: 'noPrice' };
  const name: ItemNames = { en: draft.nameEn.trim(), ...(draft.nameKo.trim() ? { ko: draft.nameKo.trim() } : {}) };
  return { request: { name, category: draft.category, prices, available: draft.available } };
}

/** One menu item (or a new one): saved, deleted, its photo, and where it is sold out. */
export function createMenuItem(itemId: string | null) {
  // The catalog is small and has no route per item: the item is found in it.
  const [catalog, { refetch }] = createResource(api.catalog);
  const item = () => (itemId === null ? undefined : valueOf(catalog)?.find((i) => i.id === itemId));

  return {
    catalog,
    item,
    save: async (id: string, request: CatalogItemRequest) => {
      const saved = await api.saveItem(id, request);
      await refetch();
      return saved;
    },
    remove: (id: string) => api.deleteItem(id),
    uploadPhoto: async (photo: Blob) => {
      await api.uploadPhoto(itemId!, photo);
      await refetch();
    },
    removePhoto: async () => {
      await api.removePhoto(itemId!);
      await refetch();
    },
    setSoldOut: async (locationId: string, soldOut: boolean) => {
      await api.setAvailability(locationId, itemId!, !soldOut);
      await refetch();
    },
  };
}

export type MenuItemModel = ReturnType<typeof createMenuItem>;
