import { createResource } from 'solid-js';
import * as api from '../api.ts';
import { valueOf } from './resource-value.ts';

/** The fleet's kiosks and stores, for names, filters and choices. */
export function createDirectory() {
  const [kiosks, { refetch: reloadKiosks }] = createResource(api.kiosks);
  const [stores] = createResource(api.stores);
  return {
    kiosks,
    stores,
    reloadKiosks,
    kioskName: (kioskId: string) => valueOf(kiosks)?.find((k) => k.id === kioskId)?.name ?? kioskId,
    storeName: (locationId: string) => valueOf(stores)?.find((s) => s.locationId === locationId)?.name ?? locationId,
    /** Currencies the fleet sells in: what menu prices are for. */
    currencies: () => [...new Set((valueOf(kiosks) ?? []).map((k) => k.currency))].sort(),
  };
}

export type Directory = ReturnType<typeof createDirectory>;
