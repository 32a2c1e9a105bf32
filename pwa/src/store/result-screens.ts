/** What happens by itself on the result screens: back to the start or to the order after a while, the reader cleared. */
import { createEffect, createSignal, on, onCleanup } from 'solid-js';
import type { KioskStateSignal } from './kiosk-state.ts';

/** The success screen stays until "Done", or this long: the customer reads their order number at their own pace. */
export const SUCCESS_RETURN_SECONDS = 30;
const CANCELLED_RETURN_MS = 3_000;

export interface ResultActions {
  newOrder(): void;
  backToOrder(): void;
  resetReader(): void;
}

export function createResultScreens({ state }: KioskStateSignal, actions: ResultActions) {
  const [secondsLeft, setSecondsLeft] = createSignal(0);

  // Each timer belongs to the screen that started it: leaving the screen clears it.
  createEffect(
    on(
      () => state().screen.name,
      (screen) => {
        if (screen === 'success' || screen === 'staff_needed' || screen === 'cancelled') actions.resetReader();
        if (screen === 'success') {
          // Counted from the clock, not from ticks: a tablet that slept through some still keeps the deadline.
          const until = Date.now() + SUCCESS_RETURN_SECONDS * 1_000;
          setSecondsLeft(SUCCESS_RETURN_SECONDS);
          const countdown = setInterval(() => {
            setSecondsLeft(Math.max(0, Math.ceil((until - Date.now()) / 1_000)));
            if (secondsLeft() === 0) actions.newOrder();
          }, 1_000);
          onCleanup(() => clearInterval(countdown));
        } else if (screen === 'cancelled') {
          const timer = setTimeout(actions.backToOrder, CANCELLED_RETURN_MS);
          onCleanup(() => clearTimeout(timer));
        }
      },
    ),
  );

  return { secondsLeft };
}
