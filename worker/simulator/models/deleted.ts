import type { SimulatorState } from '../simulator-state.ts';
import type { StripeObject } from '../stores/object-store.ts';

/**
 * Stripe answers for a deleted Terminal reader, location or configuration with what is left of it (`{ id, object,
 * deleted: true }`, a reader with its device type and serial number), on the deletion and on every later retrieve. Kept
 * as a tombstone of a type of its own, which every other lookup, list and action passes over (`resource_missing`).
 */
const tombstoneType = (type: string) => `deleted:${type}`;

/** Deletes the object; what Stripe answers for it from now on. */
export function deleteKeepingTombstone(sim: SimulatorState, obj: StripeObject, kept: Record<string, unknown> = {}): Record<string, unknown> {
  const deleted = { id: obj.id, object: obj.object, deleted: true, ...kept };
  sim.store.delete(obj.id);
  sim.store.put({ ...deleted, object: tombstoneType(obj.object), _created: sim.now() });
  return deleted;
}

/** What Stripe answers for a retrieve of a deleted object of this type, or null if it was never deleted. */
export function deletedObject(sim: SimulatorState, type: string, id: string): Record<string, unknown> | null {
  const tombstone = sim.store.get(tombstoneType(type), id);
  if (!tombstone) return null;
  const { _created: _, ...deleted } = tombstone;
  return { ...deleted, object: type };
}
