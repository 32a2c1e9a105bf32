import { createResource } from 'solid-js';
import * as api from '../api.ts';

/** One kiosk: its settings, its reader, its tablet's pairing and token, disabled or not. */
export function createKioskDetail(kioskId: string) {
  const [kiosk, { mutate, refetch }] = createResource(() => api.kiosk(kioskId));
  const [readers, { refetch: reloadReaders }] = createResource(() => api.readers(kioskId));
  const changed = async () => {
    await Promise.all([refetch(), reloadReaders()]);
  };
  /**
   * An action's answer is the kiosk as that action left it: one arriving after a later action started may predate it
   * (a slow save answered after a disable would show the kiosk enabled again). Only the latest action's answer is
   * shown, and the kiosk is read again after each: the last read shows it as all of them left it.
   */
  let latestAction = 0;
  const act = async (call: () => ReturnType<typeof api.kiosk>) => {
    const action = ++latestAction;
    try {
      const answer = await call();
      if (action === latestAction) mutate(answer);
    } finally {
      void refetch();
    }
  };
  return {
    kiosk,
    readers,
    configure: (settings: api.KioskSettings) => act(() => api.configureKiosk(kioskId, settings)),
    setDisabled: (disabled: boolean) => act(() => api.setKioskDisabled(kioskId, disabled)),
    rotateToken: () => act(() => api.rotateKioskToken(kioskId)),
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
