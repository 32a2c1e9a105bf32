import { createSignal, type Accessor } from 'solid-js';
import { initialKioskState, kioskTransition, type KioskEvent, type KioskState } from '../kiosk-screen.ts';

/** The one status signal: what the customer sees. Every piece of the store changes it only through `dispatch`. */
export interface KioskStateSignal {
  state: Accessor<KioskState>;
  /** Applies the event; false when the current screen does not take it (the caller then leaves its effect undone). */
  dispatch(event: KioskEvent): boolean;
}

export function createKioskState(): KioskStateSignal {
  const [state, setState] = createSignal(initialKioskState);
  return {
    state,
    dispatch(event) {
      const current = state();
      const next = kioskTransition(current, event);
      if (next === current) return false;
      setState(next);
      return true;
    },
  };
}
