import { describe, expect, it } from 'vitest';
import { NEVER_SEEN, OFFLINE_AFTER_MS, presenceDueAt, readerReported, seenAt, wentQuiet, type Presence } from '../../worker/kiosks/presence.ts';

const T = 1_800_000_000_000;
const online = (over: Partial<Presence> = {}): Presence => ({ ...NEVER_SEEN, online: true, lastSeenAt: T, readerStatus: 'online', ...over });

describe("a kiosk's presence, as its store's live fleet shows it", () => {
  it('a kiosk never seen comes online at its first request: news for its store', () => {
    expect(seenAt(NEVER_SEEN, T)).toEqual({ next: { ...NEVER_SEEN, online: true, lastSeenAt: T, storeBehind: true }, changed: true });
  });

  it('a kiosk seen again a moment later changes nothing and writes nothing', () => {
    expect(seenAt(online(), T + 14_999)).toEqual({ next: null, changed: false });
  });

  it('a kiosk seen again later has its last seen written, with no news for its store', () => {
    expect(seenAt(online(), T + 15_000)).toEqual({ next: online({ lastSeenAt: T + 15_000 }), changed: false });
  });

  it('the tablet saying its reader dropped is news at once; saying again what the store knows is not', () => {
    expect(readerReported(online(), 'offline')).toEqual(online({ readerStatus: 'offline', storeBehind: true }));
    expect(readerReported(online(), 'online')).toBeNull();
  });

  it('a store already behind stays behind until it is told', () => {
    expect(seenAt(online({ storeBehind: true }), T + 20_000).next?.storeBehind).toBe(true);
  });

  it('goes offline after 75 s without a word, and only once', () => {
    expect(wentQuiet(online(), T + OFFLINE_AFTER_MS - 1)).toBeNull();
    const quiet = wentQuiet(online(), T + OFFLINE_AFTER_MS);
    expect(quiet).toEqual(online({ online: false, storeBehind: true }));
    expect(wentQuiet(quiet!, T + 2 * OFFLINE_AFTER_MS)).toBeNull();
  });

  it('wakes the alarm when the kiosk would go quiet, sooner when its store is behind, and not at all for an offline kiosk', () => {
    expect(presenceDueAt(online(), T + 1_000, 5_000)).toBe(T + OFFLINE_AFTER_MS);
    expect(presenceDueAt(online({ storeBehind: true }), T + 1_000, 5_000)).toBe(T + 6_000);
    expect(presenceDueAt({ ...NEVER_SEEN, lastSeenAt: T }, T + 1_000, 5_000)).toBeNull();
  });
});
