import { createResource } from 'solid-js';
import * as api from '../api.ts';

/** One kiosk: its settings, its reader, its tablet's pairing and token, disabled or not. */
export function createKioskDetail(kioskId: string) {
  const [kiosk, { mutate, refetch }] = createResource(() => api.kiosk(kioskId));
  const [readers, { refetch: reloadReaders }] = createResource(() => api.readers(kioskId));
  const changed = async () => {
    await Promise.all([refetch(), reloadReaders()]);
  };
  return {
    kiosk,
    readers,
    configure: async (settings: api.KioskSettings) => void mutate(await api.configureKiosk(kioskId, settings)),
    setDisabled: async (disabled: boolean) => void mutate(await api.setKioskDisabled(kioskId, disabled)),
    rotateToken: async () => void mutate(await api.rotateKioskToken(kioskId)),
    pairingCode: () => api.pairingCode(kioskId),
    registerReader: async (registrationCode: string, label?: string) => {
      try {
        return await api.registerReader(kioskId, registrationCode, label);
      } finally {
        await changed();
      }
    },
    removeReader: async (readerId: string) => {
      try {
        await api.removeReader(kioskId, readerId);
      } finally {
        await changed();
      }
    },
  };
}

export type KioskModel = ReturnType<typeof createKioskDetail>;
