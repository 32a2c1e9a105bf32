import { describe, expect, it } from 'vitest';
import { firedByKind } from '../../bench/simulator-controls.ts';

describe("the benchmark's faults at Stripe", () => {
  it('counts the faults that fired by kind, over every call they struck', () => {
    const fired = firedByKind([
      { kind: 'error_500', fired: 2 },
      { kind: 'timeout', fired: 1 },
      { kind: 'error_500', fired: 3 },
      { kind: 'lose_response', fired: 0 },
    ]);
    expect(fired).toEqual({ error_500: 5, error_429: 0, timeout: 1, lose_response: 0 });
  });
});
