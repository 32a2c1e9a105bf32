import { createResource } from 'solid-js';
import type { CatalogEntry, CatalogItemRequest } from '../../../../shared/api.ts';
import * as api from '../api.ts';
import { amountText, parseAmount } from '../format.ts';
import { groupsDraft, groupsRequest, namesDraft, namesOf, plainRefusal, type GroupDraft, type GroupProblemAt, type NamesDraft } from './option-groups-draft.ts';
import { valueOf } from './resource-value.ts';

/** The item form as typed: every field text, prices per currency ("" for not sold in it), its option groups. */
export interface ItemDraft {
  id: string;
  category: string;
  name: NamesDraft;
  prices: Record<string, string>;
  groups: GroupDraft[];
  available: boolean;
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** Item ids and categories are slugs, as the worker checks them. */
export const isSlug = (text: string) => SLUG.test(text);

/**
 * The form for an item, with a price field per currency the Stripe account takes in person (the worker accepts no
 * other: Terminal takes only the account's own currency).
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
    name: namesDraft(item?.name),
    prices,
    groups: groupsDraft(item?.optionGroups ?? [], currencies),
    available: item?.available ?? true,
  };
}

/** Prices the item has in currencies the account cannot take: the form leaves them out, and saving drops them. */
export const unsoldCurrencies = (item: CatalogEntry | undefined, currencies: readonly string[]): string[] =>
  Object.keys(item?.prices ?? {}).filter((currency) => !currencies.includes(currency));

export type DraftProblem = 'id' | 'idTaken' | 'category' | 'name' | 'price' | 'noPrice';

/**
 * The request a draft makes, or what is wrong with it (the worker checks again). `taken`: the ids a new item must not
 * have, those already on the menu (saving replaces an item with the same id).
 */
export function requestOf(
  draft: ItemDraft,
  taken: readonly string[] = [],
): { request: CatalogItemRequest } | { problem: DraftProblem; currency?: string } | GroupProblemAt {
  if (!isSlug(draft.id) || draft.id === 'new') return { problem: 'id' };
  if (taken.includes(draft.id)) return { problem: 'idTaken' };
  if (!isSlug(draft.category)) return { problem: 'category' };
  if (!draft.name.en.trim()) return { problem: 'name' };
  const prices: Record<string, number> = {};
  for (const [currency, text] of Object.entries(draft.prices)) {
    if (!text.trim()) continue;
    const amount = parseAmount(text, currency);
    if (amount === null || amount === 0) return { problem: 'price', currency };
    prices[currency] = amount;
  }
  if (Object.keys(prices).length === 0) return { problem: 'noPrice' };
  const groups = groupsRequest(draft.groups, Object.keys(prices));
  if ('problem' in groups) return groups;
  return { request: { name: namesOf(draft.name), category: draft.category, prices, optionGroups: groups.groups, available: draft.available } };
}

/** One menu item (or a new one): saved, deleted, its photo, and where it is sold out. */
export function createMenuItem(itemId: string | null) {
  // The catalog is small and has no route per item: the item is found in it.
  const [catalog, { refetch }] = createResource(api.menu);
  const [account] = createResource(api.account);
  const item = () => (itemId === null ? undefined : valueOf(catalog)?.items.find((i) => i.id === itemId));

  return {
    catalog,
    item,
    /** The ids of the menu's items: a new item takes none of them. */
    itemIds: () => (valueOf(catalog)?.items ?? []).map((entry) => entry.id),
    /** Every category of the menu, those with items and those only named so far, for the form to offer. */
    categories: () => {
      const menu = valueOf(catalog);
      return [...new Set([...(menu?.items ?? []).map((entry) => entry.category), ...(menu?.categories ?? []).map((category) => category.id)])].sort();
    },
    /** The currencies the form prices in: the account's own, once known. */
    currencies: () => {
      const known = valueOf(account)?.currency;
      return known ? [known] : [];
    },
    account,
    save: async (id: string, request: CatalogItemRequest) => {
      try {
        const saved = await api.saveItem(id, request);
        await refetch();
        return saved;
      } catch (err) {
        // The worker names the place it refuses by its path in the request: say it with the names the operator typed.
        if (err instanceof api.ApiError && err.code === 'invalid_request') {
          throw new api.ApiError(err.status, err.code, plainRefusal(err.message, request.optionGroups ?? []));
        }
        throw err;
      }
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
