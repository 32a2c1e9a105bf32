import { assertMetadataKeyCount } from '../http/params.ts';

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
