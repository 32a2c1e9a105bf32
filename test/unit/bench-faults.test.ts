import { describe, expect, it } from 'vitest';
import { faultRules, firedByKind, weatherPeriodMs, webhookEventsSince, webhookWeather } from '../../bench/simulator-controls.ts';

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

  // The routes a bench run's checkouts called at the simulator (its request counts), both reader modes, and a refund.
  it.each([
    'POST /v1/payment_intents',
    'GET /v1/payment_intents/*',
    'POST /v1/payment_intents/*',
    'POST /v1/payment_intents/*/cancel',
    'POST /v1/refunds',
    'POST /v1/terminal/connection_tokens',
    'GET /v1/terminal/readers/*',
    'POST /v1/terminal/readers/*/collect_payment_method',
    'POST /v1/terminal/readers/*/confirm_payment_intent',
    'POST /v1/terminal/readers/*/cancel_action',
    'POST /v1/terminal/readers/*/set_reader_display',
    'POST /v1/terminal/readers/*/process_payment_intent',
  ])('strike %s with every kind of fault', (route) => {
    const [method, path] = route.split(' ');
    const kinds = faultRules(0.1)
      .filter((rule) => rule.method === method && rule.path === path)
      .map((rule) => rule.kind);
    expect(kinds.sort()).toEqual(['error_429', 'error_500', 'lose_response', 'timeout']);
  });

  it.each([0.1, 0.5, 1])('--faults %s fails that share of one route\'s calls, split evenly between the four kinds', (rate) => {
    // The simulator tries a route's rules in order and the first that fires wins.
    const rules = faultRules(rate).filter((rule) => rule.method === 'POST' && rule.path === '/v1/payment_intents');
    let untouched = 1;
    const share: Record<string, number> = {};
    for (const rule of rules) {
      share[rule.kind] = untouched * rule.rate;
      untouched *= 1 - rule.rate;
    }
    for (const kind of ['error_500', 'error_429', 'timeout', 'lose_response']) expect(share[kind]).toBeCloseTo(rate / 4, 10);
    expect(1 - untouched).toBeCloseTo(rate, 10);
  });
});

describe("the benchmark's webhook weather", () => {
  it('strikes the chosen share of events in every turn, duplicated and reordered, and held back only with faults', () => {
    expect(webhookWeather(false, 0.2)).toEqual([
      { mode: 'duplicated', delayMs: 0, rate: 0.2 },
      { mode: 'reordered', delayMs: 3_000, rate: 0.2 },
    ]);
    expect(webhookWeather(true, 0.3).map((w) => [w.mode, w.rate])).toEqual([
      ['duplicated', 0.3],
      ['reordered', 0.3],
      ['delayed', 0.3],
    ]);
  });

  // The test's 6 s load, capacity mode's default 10 s and fleet mode's 15 s: at 5 s a turn, the first two never held a webhook back.
  it.each([6_000, 10_000, 15_000])('a %i ms load with faults goes through every turn, webhooks held back included', (durationMs) => {
    const turns = webhookWeather(true, 0.2).length;
    expect(weatherPeriodMs(durationMs, turns) * turns).toBeLessThanOrEqual(durationMs);
  });

  it('a long load keeps turning every 5 s', () => {
    expect(weatherPeriodMs(120_000, 3)).toBe(5_000);
  });

  it("counts one run's webhook events by how they were delivered, leaving out earlier runs'", () => {
    const before = { immediate: 40, duplicated: 5, reordered: 6, delayed: 0 };
    const after = { immediate: 120, duplicated: 14, reordered: 11, delayed: 0 };
    expect(webhookEventsSince(before, after)).toEqual({ immediate: 80, duplicated: 9, reordered: 5, delayed: 0 });
  });
});

