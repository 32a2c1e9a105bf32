/** "Are you still there?" on screen: the clock and the touches behind `idle-prompt.ts`'s decisions, and the answers. */
import { createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js';
import { idlePlan, idlePrompt, type IdlePlan } from '../idle-prompt.ts';
import type { KioskStateSignal } from './kiosk-state.ts';

export interface IdleActions {
  /** The open session's `expiresAt` and when the kiosk learned it. */
  session(): { expiresAt: number | null; seenAt: number } | null;
  /** The order is empty: a menu left alone goes back to the start screen without asking. */
  nothingOrdered(): boolean;
  /** Nobody answered: the kiosk gives the order up (`kiosk`), or waits for the server to end the session (`server`). */
  gone(by: IdlePlan['by']): void;
  /** Continue while a session is open (the reader waits, or another card after a decline): report progress, moving `expiresAt`. */
  stillHere(): Promise<void>;
}

const TICK_MS = 1_000;

/** Touches and the clock are the tablet's, as the session's `expiresAt` is once the kiosk learned it (`onThisClock`). */
export function createIdlePrompt({ state }: KioskStateSignal, actions: IdleActions) {
  const [lastTouchAt, setLastTouchAt] = createSignal(Date.now());
  const [now, setNow] = createSignal(Date.now());
  const touch = () => setLastTouchAt(Date.now());

  // A new screen is a sign of life: the customer just did something, or the reader did for them.
  createEffect(on(() => state().screen.name, touch));

  const plan = createMemo(() => idlePlan(state().screen.name, lastTouchAt(), actions.session(), actions.nothingOrdered()));
  createEffect(() => {
    if (!plan()) return;
    setNow(Date.now());
    const ticking = setInterval(() => setNow(Date.now()), TICK_MS);
    onCleanup(() => clearInterval(ticking));
  });

  const prompt = createMemo(() => idlePrompt(plan(), now()), undefined, {
    equals: (a, b) => a.kind === b.kind && (a.kind !== 'asking' || b.kind !== 'asking' || a.secondsLeft === b.secondsLeft),
  });
  createEffect(
    on(
      () => prompt().kind === 'gone',
      (gone) => {
        const by = plan()?.by;
        if (gone && by) actions.gone(by);
      },
    ),
  );

  return {
    prompt,
    /** Who ends the order if nobody answers: what the prompt's second button says. */
    endsBy: () => plan()?.by ?? null,
    /** When the customer last touched the kiosk (or a new screen came). */
    lastTouchAt,
    touch,
    async stillHere() {
      touch();
      // Not only while the server decides: after a decline the session is open too, and ends at its own `expiresAt`.
      if (plan()) await actions.stillHere();
    },
  };
}

export type IdlePromptStore = ReturnType<typeof createIdlePrompt>;
