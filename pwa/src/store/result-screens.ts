/** What happens by itself on the result screens: back to the start after a while, and the reader's screen cleared. */
import { createEffect, createSignal, on, onCleanup } from 'solid-js';
import type { KioskStateSignal } from './kiosk-state.ts';

const SUCCESS_RETURN_SECONDS = 8;
const CANCELLED_RETURN_MS = 3_000;
/** A customer who walks away from a declined card: give up the order after this long. */
const ABANDONED_DECLINE_MS = 90_000;

export interface ResultActions {
  newOrder(): void;
  cancel(): void;
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
          setSecondsLeft(SUCCESS_RETURN_SECONDS);
          const countdown = setInterval(() => {
            setSecondsLeft((left) => left - 1);
            if (secondsLeft() <= 0) actions.newOrder();
          }, 1_000);
          onCleanup(() => clearInterval(countdown));
        } else if (screen === 'cancelled' || screen === 'declined') {
          const timer = screen === 'cancelled' ? setTimeout(actions.newOrder, CANCELLED_RETURN_MS) : setTimeout(actions.cancel, ABANDONED_DECLINE_MS);
          onCleanup(() => clearTimeout(timer));
        }
      },
    ),
  );

  return { secondsLeft };
}
