import { describe, expect, it } from 'vitest';
import { announcesCountdown, ASK_AFTER_IDLE_MS, ASK_FOR_MS, idlePlan, idlePrompt } from '../../pwa/src/idle-prompt.ts';
import type { ScreenName } from '../../pwa/src/kiosk-screen.ts';

const T = 1_000_000;

describe('"Are you still there?"', () => {
  it.each(['catalog', 'service_mode', 'declined', 'reader_problem'] as ScreenName[])(
    'on %s: asked a minute after the last touch; gone half a minute later, and the kiosk gives the order up',
    (screen) => {
      const plan = idlePlan(screen, T, null, false);
      expect(plan).toEqual({ by: 'kiosk', askAt: T + ASK_AFTER_IDLE_MS, endAt: T + ASK_AFTER_IDLE_MS + ASK_FOR_MS });
      expect(idlePrompt(plan, T + ASK_AFTER_IDLE_MS - 1)).toEqual({ kind: 'quiet' });
      expect(idlePrompt(plan, T + ASK_AFTER_IDLE_MS)).toEqual({ kind: 'asking', secondsLeft: 30 });
      expect(idlePrompt(plan, T + ASK_AFTER_IDLE_MS + 29_001)).toEqual({ kind: 'asking', secondsLeft: 1 });
      expect(idlePrompt(plan, T + ASK_AFTER_IDLE_MS + ASK_FOR_MS)).toEqual({ kind: 'gone' });
    },
  );

  it('a menu with nothing ordered goes back to the start screen a minute after the last touch, without asking', () => {
    const plan = idlePlan('catalog', T, null, true);
    expect(idlePrompt(plan, T + ASK_AFTER_IDLE_MS - 1)).toEqual({ kind: 'quiet' });
    expect(idlePrompt(plan, T + ASK_AFTER_IDLE_MS)).toEqual({ kind: 'gone' });
    // Asked as usual elsewhere, where an empty order is not the question.
    expect(idlePlan('declined', T, null, true)!.endAt).toBe(T + ASK_AFTER_IDLE_MS + ASK_FOR_MS);
  });

  it('a touch starts the minute again', () => {
    expect(idlePlan('catalog', T + 5_000, null, false)!.askAt).toBe(T + 5_000 + ASK_AFTER_IDLE_MS);
  });

  it.each(['connecting', 'waiting_card'] as ScreenName[])(
    'on %s the server’s session decides: asked half a minute before it ends the session, and the server ends it',
    (screen) => {
      const plan = idlePlan(screen, T, { expiresAt: T + 300_000, seenAt: T }, false);
      expect(plan).toEqual({ by: 'server', askAt: T + 270_000, endAt: T + 300_000 });
      expect(idlePrompt(plan, T + 280_000)).toEqual({ kind: 'asking', secondsLeft: 20 });
    },
  );

  it.each(['declined', 'reader_problem'] as ScreenName[])(
    'on %s the screen never outlives its open session: it asks before the session ends, and ends with it',
    (screen) => {
      // The session ends 40 s from now, before the minute-and-a-half a touch gives: asked halfway, gone with it.
      const soon = idlePlan(screen, T, { expiresAt: T + 40_000, seenAt: T }, false);
      expect(soon).toEqual({ by: 'kiosk', askAt: T + 20_000, endAt: T + 40_000 });
      expect(idlePrompt(soon, T + 30_000)).toEqual({ kind: 'asking', secondsLeft: 10 });
      expect(idlePrompt(soon, T + 40_000)).toEqual({ kind: 'gone' });
      // A session that lasts longer leaves the touch to decide; the menu never follows a session.
      expect(idlePlan(screen, T, { expiresAt: T + 300_000, seenAt: T }, false)).toEqual(idlePlan(screen, T, null, false));
      expect(idlePlan('catalog', T, { expiresAt: T + 40_000, seenAt: T }, false)).toEqual(idlePlan('catalog', T, null, false));
    },
  );

  it('a short session timeout is asked about halfway through, not at once', () => {
    expect(idlePlan('waiting_card', T, { expiresAt: T + 20_000, seenAt: T }, false)).toEqual({ by: 'server', askAt: T + 10_000, endAt: T + 20_000 });
  });

  it('never asks where nobody is ordering, a card is being charged, or the result is showing', () => {
    for (const screen of ['starting', 'pairing', 'offline', 'attract', 'processing', 'success', 'staff_needed', 'cancelled'] as ScreenName[]) {
      expect(idlePlan(screen, T, { expiresAt: T + 1_000, seenAt: T }, true), screen).toBeNull();
    }
    expect(idlePlan('waiting_card', T, { expiresAt: null, seenAt: T }, false)).toBeNull();
    expect(idlePrompt(null, T)).toEqual({ kind: 'quiet' });
  });

  it('screen readers hear the countdown every ten seconds and at five, not every second', () => {
    expect([30, 29, 20, 11, 10, 6, 5, 4, 1].filter(announcesCountdown)).toEqual([30, 20, 10, 5]);
  });
});
