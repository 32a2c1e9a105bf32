import { assertMetadataKeyCount } from '../http/params.ts';

/** The metadata a create sets: an update of none, so a key posted empty is not set (and the key limit holds). */
export const createdMetadata = (given: Record<string, string> | undefined) => mergeMetadata({}, given);

/** Stripe merges metadata on update; an empty value removes a key, an empty hash clears them all. */
export function mergeMetadata(current: Record<string, string>, update: Record<string, string> | undefined) {
  if (update === undefined) return current;
  if (Object.keys(update).length === 0) return {};
  const merged = { ...current, ...update };
  for (const [key, value] of Object.entries(merged)) if (value === '') delete merged[key];
  // Stripe's limit holds for what the object ends up with, not only for what one request sends.
  assertMetadataKeyCount(merged);
  return merged;
}
