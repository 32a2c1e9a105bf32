/**
 * The Stripe simulator's test controls (`/v1/_simulator/*`), used to give the run a bad day at Stripe:
 * failing, slow and lost responses on the calls the worker makes, and webhooks delayed, duplicated or reordered.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** Any test-mode key opens the simulator. */
export const BENCH_STRIPE_KEY = 'sk_test_bench';

/** Every Stripe call a payment makes through the worker, by method and path pattern (`*` is one segment). */
const STRIPE_CALLS: readonly [string, string][] = [
  ['POST', '/v1/payment_intents'],
  ['GET', '/v1/payment_intents/*'],
  // The paid order's number written on the receipt, by the checkout's alarm.
  ['POST', '/v1/payment_intents/*'],
  ['POST', '/v1/payment_intents/*/cancel'],
  // Money a session must not keep (paid after it was cancelled) goes back.
  ['POST', '/v1/refunds'],
  ['POST', '/v1/terminal/connection_tokens'],
  ['GET', '/v1/terminal/readers'],
  ['GET', '/v1/terminal/readers/*'],
  ['POST', '/v1/terminal/readers/*/collect_payment_method'],
  ['POST', '/v1/test_helpers/terminal/readers/*/present_payment_method'],
  ['POST', '/v1/terminal/readers/*/confirm_payment_intent'],
  ['POST', '/v1/terminal/readers/*/cancel_action'],
  ['POST', '/v1/terminal/readers/*/set_reader_display'],
  ['POST', '/v1/terminal/readers/*/process_payment_intent'],
];

/** The simulator's fault kinds (worker/simulator/fault-injector.ts). */
const FAULT_KINDS = ['error_500', 'error_429', 'timeout', 'lose_response'] as const;

/** Just past the worker's 5 s Stripe timeout, so a `timeout` fault really times the call out (and no longer). */
const TIMEOUT_FAULT_MS = 5_500;

export async function simulatorControl(baseUrl: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${baseUrl}/v1/_simulator/${path}`, {
    method,
    headers: { Authorization: `Bearer ${BENCH_STRIPE_KEY}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await res.json();
  if (!res.ok) throw new Error(`simulator control ${method} ${path} failed: ${res.status} ${JSON.stringify(answer)}`);
  return answer;
}

type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  method: string;
  path: string;
  kind: FaultKind;
  rate: number;
  delayMs: number;
}

/**
 * Each Stripe call failing with probability `rate`, shared evenly between 500s, 429s, timeouts and responses lost
 * after Stripe did the work. The simulator tries a call's rules in order and the first that fires wins, so each rule
 * fires with its share of the calls the rules before it left alone (at `rate` 1 the last one always does).
 */
export function faultRules(rate: number): FaultRule[] {
  const share = rate / FAULT_KINDS.length;
  return STRIPE_CALLS.flatMap(([method, path]) =>
    FAULT_KINDS.map((kind, i) => ({ method, path, kind, rate: share / (1 - i * share), delayMs: TIMEOUT_FAULT_MS })),
  );
}

export async function injectFaults(baseUrl: string, rate: number): Promise<void> {
  for (const rule of faultRules(rate)) await simulatorControl(baseUrl, 'POST', 'faults', rule);
}

/** How many faults of each kind fired, over every rule of that kind. */
export function firedByKind(rules: readonly { kind: string; fired: number }[]): Record<FaultKind, number> {
  const fired = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  for (const rule of rules) if (rule.kind in fired) fired[rule.kind as FaultKind] += rule.fired;
  return fired;
}

/** The faults that fired so far, by kind (read before clearing them, which forgets the counts). */
export async function faultsFired(baseUrl: string): Promise<Record<FaultKind, number>> {
  const { data } = (await simulatorControl(baseUrl, 'GET', 'faults')) as { data: { kind: string; fired: number }[] };
  return firedByKind(data);
}

export const clearFaults = (baseUrl: string) => simulatorControl(baseUrl, 'DELETE', 'faults');

type WebhookWeather = { mode: 'duplicated' | 'reordered' | 'delayed'; delayMs: number; rate: number };

/**
 * Webhook delivery is one global setting of the simulator, so the run takes turns: events duplicated, or shuffled
 * within 3 s; with faults on, also held back 4 s (still well inside the session timeout). Each turn strikes `rate` of
 * the events (the simulator draws each on its own) and delivers the rest at once, so `rate` is the share of all events.
 */
export function webhookWeather(withFaults: boolean, rate: number): WebhookWeather[] {
  const weather: WebhookWeather[] = [
    { mode: 'duplicated', delayMs: 0, rate },
    { mode: 'reordered', delayMs: 3_000, rate },
  ];
  return withFaults ? [...weather, { mode: 'delayed', delayMs: 4_000, rate }] : weather;
}

export type WebhookEvents = Record<'immediate' | 'duplicated' | 'reordered' | 'delayed', number>;

/** Webhook events queued between two readings of the simulator's counts, by how each was delivered. */
export function webhookEventsSince(before: WebhookEvents, after: WebhookEvents): WebhookEvents {
  return {
    immediate: after.immediate - before.immediate,
    duplicated: after.duplicated - before.duplicated,
    reordered: after.reordered - before.reordered,
    delayed: after.delayed - before.delayed,
  };
}

export async function webhookEvents(baseUrl: string): Promise<WebhookEvents> {
  const { eventsByMode } = (await simulatorControl(baseUrl, 'GET', 'webhooks')) as { eventsByMode: WebhookEvents };
  return eventsByMode;
}

/** How long each turn of the weather lasts: 5 s, or less when the load is too short for every turn to come round. */
export const weatherPeriodMs = (loadMs: number, turns: number): number => Math.min(5_000, loadMs / turns);

/** Cycles the webhook delivery mode until stopped, then goes back to immediate delivery. */
export function startWebhookWeather(baseUrl: string, weather: WebhookWeather[], periodMs: number) {
  let running = true;
  const loop = (async () => {
    for (let turn = 0; running; turn++) {
      await simulatorControl(baseUrl, 'POST', 'webhooks', weather[turn % weather.length]).catch(() => undefined);
      const until = Date.now() + periodMs;
      while (running && Date.now() < until) await sleep(100);
    }
  })();
  return {
    async stop(): Promise<void> {
      running = false;
      await loop;
      await simulatorControl(baseUrl, 'POST', 'webhooks', { mode: 'immediate', delayMs: 0 });
    },
  };
}

/** Waits until the simulator has no webhook left to deliver (or retry). */
export async function waitForWebhooks(baseUrl: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { pending } = (await simulatorControl(baseUrl, 'GET', 'webhooks')) as { pending: number };
    if (pending === 0 || Date.now() > deadline) return pending;
    await sleep(500);
  }
}
