/**
 * "Are you still there?": when the kiosk asks, and when it takes the customer for gone. Pure, so it is tested without a
 * clock. On the menu, the dine-in question, a declined card or a reader problem, the last touch counts: asked after a
 * minute, gone half a minute later, and the kiosk gives the order up itself (sooner if an open session ends sooner:
 * the screen never outlives its session, and asks first). While the reader is readied or waits for the card, the
 * server's session decides: it ends at its `expiresAt` unless the kiosk reports progress, so the kiosk asks before
 * then (Continue reports progress) and, if nobody answers, waits for the server to end it.
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
/** Screens of a payment still open at the server, which ends it at its `expiresAt` whatever the screen shows. */
const WITHIN_SESSION: readonly ScreenName[] = ['declined', 'reader_problem'];

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
  const bySession =
    session?.expiresAt == null ? null : { askAt: session.expiresAt - leadOf(session.expiresAt, session.seenAt), endAt: session.expiresAt };
  if (BY_TOUCH.includes(screen)) {
    const askAt = lastTouchAt + ASK_AFTER_IDLE_MS;
    const byTouch = { by: 'kiosk' as const, askAt, endAt: screen === 'catalog' && nothingOrdered ? askAt : askAt + ASK_FOR_MS };
    if (!WITHIN_SESSION.includes(screen) || !bySession || bySession.endAt >= byTouch.endAt) return byTouch;
    return { by: 'kiosk', askAt: Math.min(byTouch.askAt, bySession.askAt), endAt: bySession.endAt };
  }
  if (!BY_SESSION.includes(screen) || !bySession) return null;
  return { by: 'server', ...bySession };
}

/** How long before a session's end the kiosk asks: half a minute, or half of what was left when it learned the end. */
const leadOf = (expiresAt: number, seenAt: number) => Math.min(ASK_FOR_MS, Math.max(0, expiresAt - seenAt) / 2);

export type IdlePrompt = { kind: 'quiet' } | { kind: 'asking'; secondsLeft: number } | { kind: 'gone' };

export function idlePrompt(plan: IdlePlan | null, now: number): IdlePrompt {
  if (!plan || now < plan.askAt) return { kind: 'quiet' };
  if (now >= plan.endAt) return { kind: 'gone' };
  return { kind: 'asking', secondsLeft: Math.ceil((plan.endAt - now) / 1000) };
}

/** Screen readers hear the countdown every ten seconds and at five, not every second. */
export const announcesCountdown = (secondsLeft: number): boolean => secondsLeft % 10 === 0 || secondsLeft === 5;
