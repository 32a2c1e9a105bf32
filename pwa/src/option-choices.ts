/**
 * A customer's choices for one item (size, hot or iced, milk, extras), checked on the tablet as the server will check
 * them, so the picker can say what is missing before the order is sent. The server still prices and checks every line.
 */
import type { KioskCatalogItem, KioskOptionGroup } from '../../shared/api.ts';

/** The options a new choice starts from: each group's defaults. */
export const defaultChoice = (item: KioskCatalogItem): string[] =>
  item.optionGroups.flatMap((group) => group.options.filter((option) => option.default).map((option) => option.id));

const inGroup = (group: KioskOptionGroup, chosen: readonly string[]) => group.options.filter((option) => chosen.includes(option.id));

/**
 * Taps an option. A group of one choice (max 1) swaps to it, and a required one is never emptied by a tap; a group of
 * several adds or removes it, never beyond its max (the options left over are disabled), and below its min too: taking
 * one back off a full group is how a customer chooses another instead (the picker says what is still missing).
 */
export function toggleOption(item: KioskCatalogItem, chosen: readonly string[], optionId: string): string[] {
  const group = item.optionGroups.find((candidate) => candidate.options.some((option) => option.id === optionId));
  if (!group) return [...chosen];
  const picked = inGroup(group, chosen).map((option) => option.id);
  const others = chosen.filter((id) => !picked.includes(id));
  if (picked.includes(optionId)) return picked.length > group.min || group.max > 1 ? [...others, ...picked.filter((id) => id !== optionId)] : [...chosen];
  if (group.max === 1) return [...others, optionId];
  return picked.length < group.max ? [...others, ...picked, optionId] : [...chosen];
}

/** The first group whose choice is not complete (too few, or too many), or null when the line can be ordered. */
export function incompleteGroup(item: KioskCatalogItem, chosen: readonly string[]): KioskOptionGroup | null {
  return item.optionGroups.find((group) => {
    const count = inGroup(group, chosen).length;
    return count < group.min || count > group.max;
  }) ?? null;
}

/** Whether an option can be tapped now: a group of several that is full leaves only its chosen ones. */
export function optionEnabled(item: KioskCatalogItem, chosen: readonly string[], optionId: string): boolean {
  const group = item.optionGroups.find((candidate) => candidate.options.some((option) => option.id === optionId));
  if (!group || group.max === 1 || chosen.includes(optionId)) return true;
  return inGroup(group, chosen).length < group.max;
}

/** One of the item with these options, as the server prices it: never below zero. */
export function unitPrice(item: KioskCatalogItem, chosen: readonly string[]): number {
  const changes = item.optionGroups.flatMap((group) => inGroup(group, chosen)).reduce((sum, option) => sum + option.priceChange, 0);
  return Math.max(0, item.price + changes);
}

/** The chosen options in the menu's order (the server's order too), so the same choices make the same line. */
export const inMenuOrder = (item: KioskCatalogItem, chosen: readonly string[]): string[] =>
  item.optionGroups.flatMap((group) => inGroup(group, chosen).map((option) => option.id));
