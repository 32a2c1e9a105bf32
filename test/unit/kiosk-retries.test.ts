import { describe, expect, it } from 'vitest';
import { kioskRetryDelay } from '../../worker/kiosks/kiosk-retries.ts';

describe("a kiosk's object trying its alarm work again while it fails (D1, its checkouts, its store)", () => {
  it('waits 5 s after the first failure, then twice as long after each failure in a row, a minute at most', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map(kioskRetryDelay)).toEqual([5_000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
  });

  it('never waits less than after a first failure', () => {
    expect(kioskRetryDelay(0)).toBe(5_000);
  });
});
