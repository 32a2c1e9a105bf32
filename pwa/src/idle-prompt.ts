/**
 * "Are you still there?": when the kiosk asks, and when it takes the customer for gone. Pure, so it is tested without a
 * clock. On the menu, the dine-in question, a declined card or a reader problem, the last touch counts: asked after a
 * minute, gone half a minute later, and the kiosk gives the order up itself. While the reader is readied or waits for
 * the card, the server's session decides: it ends at its `expiresAt` unless the kiosk reports progress, so the kiosk
 * asks before then (Continue reports progress) and, if nobody answers, waits for the server to end it.
 */
import type { ScreenName } from './kiosk-screen.ts';

export const ASK_AFTER_IDLE_MS = 60_000;
export const ASK_FOR_MS = 30_000;

export interface IdlePlan {
  /** Who ends the order when nobody answers: the kiosk itself, or the server at the session's `expiresAt`. */
  by: 'kiosk' | 'server';
  askAt: number;
  endAt: number;
}

const BY_TOUCH: readonly ScreenName[] = ['catalog', 'service_mode', 'declined', 'reader_problem'];
const BY_SESSION: readonly ScreenName[] = ['connecting', 'waiting_card'];

/**
 * The plan for the screen: from the last touch, or from the session's `expiresAt` as seen at `seenAt` (the kiosk asks
 * at most half a minute before, and never sooner than halfway through what was left when it learned it). A menu with
 * nothing ordered has nothing to lose: it goes back to the start screen without asking.
 */
export function idlePlan(
  screen: ScreenName,
  lastTouchAt: number,
  session: { expiresAt: number | null; seenAt: number } | null,
  nothingOrdered: boolean,
): IdlePlan | null {
  if (BY_TOUCH.includes(screen)) {
    const askAt = lastTouchAt + ASK_AFTER_IDLE_MS;
    return { by: 'kiosk', askAt, endAt: screen === 'catalog' && nothingOrdered ? askAt : askAt + ASK_FOR_MS };
  }
  if (!BY_SESSION.includes(screen) || session?.expiresAt == null) return null;
  const lead = Math.min(ASK_FOR_MS, Math.max(0, session.expiresAt - session.seenAt) / 2);
  return { by: 'server', askAt: session.expiresAt - lead, endAt: session.expiresAt };
}

export type IdlePrompt = { kind: 'quiet' } | { kind: 'asking'; secondsLeft: number } | { kind: 'gone' };

export function idlePrompt(plan: IdlePlan | null, now: number): IdlePrompt {
  if (!plan || now < plan.askAt) return { kind: 'quiet' };
  if (now >= plan.endAt) return { kind: 'gone' };
  return { kind: 'asking', secondsLeft: Math.ceil((plan.endAt - now) / 1000) };
}

/** Screen readers hear the countdown every ten seconds and at five, not every second. */
export const announcesCountdown = (secondsLeft: number): boolean => secondsLeft % 10 === 0 || secondsLeft === 5;
