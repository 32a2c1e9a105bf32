/**
 * One load run followed by its invariant checks: faults and webhook weather on, the fleet paying, faults off,
 * webhooks drained, every session given time past its alarm, then everything read back and checked.
 * `npm run bench` and the end-to-end test both run this.
 */
import type { CartAttempt, KioskCredentials, ReaderMode } from './kiosks/scenarios.ts';
import { checkInvariants, type InvariantResult, type ObservedPaymentIntent, type ObservedSession } from './invariants.ts';
import { LatencyRecorder } from './latency.ts';
import { runClosedLoop, runOpenLoop } from './load.ts';
import { fetchStripeState, sessionsWhenSettled } from './observed-state.ts';
import {
  clearFaults,
  faultsFired,
  injectFaults,
  startWebhookWeather,
  waitForWebhooks,
  weatherPeriodMs,
  webhookEvents,
  webhookEventsSince,
  webhookWeather,
  type WebhookEvents,
} from './simulator-controls.ts';

export interface CheckedRunOptions {
  baseUrl: string;
  kiosks: KioskCredentials[];
  readerMode: ReaderMode;
  mode: 'fleet' | 'capacity';
  durationMs: number;
  /** Fleet mode: mean time between customers at one kiosk. */
  meanIntervalMs: number;
  /** Probability that a Stripe call fails (0 for none). */
  faultRate: number;
  /** The share of webhook events duplicated, reordered or (with faults) held back. */
  webhookRate: number;
  /** The worker's SESSION_TIMEOUT_SECONDS, in ms: how long an abandoned session may stay open. */
  sessionTimeoutMs: number;
  customerPauseMs: readonly [number, number];
  /** Called once the load ends, before the checks read anything back (what the load itself cost is read there). */
  onLoadEnded?: () => Promise<void>;
}

export interface SettlementFigures {
  abandonedAfterCharge: number;
  /** Settled before its alarm could have fired, so by a webhook. */
  settledByWebhook: number;
  abandonedBeforeCard: number;
  /** Cancelled by the alarm (reason `expired`), or by the kiosk's next order (server-driven mode: `superseded`). */
  expiredByAlarm: number;
}

export interface CheckedRun {
  recorder: LatencyRecorder;
  attempts: CartAttempt[];
  loadSeconds: number;
  /** Closed loop: times a kiosk waited to stay under the per-kiosk session limit. */
  throttled: number;
  /** The faults the simulator injected into the worker's Stripe calls during the load, by kind. */
  faultsInjected: Record<string, number>;
  /** Webhook events queued during the load, by how the simulator delivered them. */
  webhookEvents: WebhookEvents;
  /** Every session the worker has, earlier runs' included: the invariants hold over all of them. */
  sessions: ObservedSession[];
  /** This run's own: the sessions of its kiosks, and their PaymentIntents. */
  counts: RunCounts;
  invariants: InvariantResult[];
  settlement: SettlementFigures;
  /** Webhook deliveries still pending when the checks ran (should be 0). */
  webhooksPending: number;
  /** From the end of the load until the last session settled (or the wait gave up). */
  settleSeconds: number;
}

export interface RunCounts {
  sessions: number;
  paymentIntents: number;
}

/**
 * The sessions and PaymentIntents one run made, when the worker also holds earlier runs' (both reader modes share a
 * worker): its kiosks' sessions, and the PaymentIntents made for them (Stripe metadata names the kiosk).
 */
export function runCounts(kioskIds: Iterable<string>, sessions: readonly ObservedSession[], paymentIntents: readonly ObservedPaymentIntent[]): RunCounts {
  const ours = new Set(kioskIds);
  return {
    sessions: sessions.filter((s) => ours.has(s.kioskId)).length,
    paymentIntents: paymentIntents.filter((pi) => ours.has(pi.metadata.kioskId ?? '')).length,
  };
}

/** How abandoned sessions were closed: the timing tells a webhook's settlement from the alarm's. */
export function settlementFigures(attempts: readonly CartAttempt[], sessions: readonly ObservedSession[], sessionTimeoutMs: number): SettlementFigures {
  const byId = new Map(sessions.map((s) => [s.sessionId, s]));
  const sessionOf = (a: CartAttempt) => (a.sessionIds[0] ? byId.get(a.sessionIds[0]) : undefined);
  const afterCharge = attempts.filter((a) => a.scenario === 'abandon_after_charge' && a.abandonedAt !== undefined);
  const beforeCard = attempts.filter((a) => a.scenario === 'abandon_before_card' && a.outcome === 'abandoned');
  return {
    abandonedAfterCharge: afterCharge.length,
    settledByWebhook: afterCharge.filter((a) => {
      const s = sessionOf(a);
      return s?.status === 'success' && s.updatedAt < a.abandonedAt! + sessionTimeoutMs;
    }).length,
    abandonedBeforeCard: beforeCard.length,
    expiredByAlarm: beforeCard.filter((a) => ['expired', 'superseded'].includes(sessionOf(a)?.cancellationReason ?? '')).length,
  };
}

export async function runChecked(options: CheckedRunOptions): Promise<CheckedRun> {
  const { baseUrl } = options;
  const recorder = new LatencyRecorder();
  if (options.faultRate > 0) await injectFaults(baseUrl, options.faultRate);
  const eventsBefore = await webhookEvents(baseUrl);
  const turns = webhookWeather(options.faultRate > 0, options.webhookRate);
  const weather = startWebhookWeather(baseUrl, turns, weatherPeriodMs(options.durationMs, turns.length));
  const started = Date.now();
  const load = { ...options, recorder, repeatCreateRate: 0.1 };
  let attempts: CartAttempt[];
  let throttled = 0;
  let faultsInjected: Record<string, number> = {};
  let eventsDuring: WebhookEvents = { immediate: 0, duplicated: 0, reordered: 0, delayed: 0 };
  try {
    if (options.mode === 'fleet') {
      attempts = await runOpenLoop(load);
    } else {
      ({ attempts, throttled } = await runClosedLoop(load));
    }
  } finally {
    await weather.stop();
    eventsDuring = webhookEventsSince(eventsBefore, await webhookEvents(baseUrl));
    if (options.faultRate > 0) {
      faultsInjected = await faultsFired(baseUrl);
      await clearFaults(baseUrl);
    }
  }
  const loadSeconds = (Date.now() - started) / 1000;
  await options.onLoadEnded?.();

  // Webhook retries back off up to a minute; alarms that hit a fault retry 30 s later.
  const loadEnded = Date.now();
  const webhooksPending = await waitForWebhooks(baseUrl, 60_000);
  const deadline = Date.now() + options.sessionTimeoutMs + (options.faultRate > 0 ? 45_000 : 15_000);
  const sessions = await sessionsWhenSettled(baseUrl, deadline, attempts.flatMap((a) => a.sessionIds));
  const settleSeconds = (Date.now() - loadEnded) / 1000;
  const stripe = await fetchStripeState(baseUrl);
  return {
    recorder,
    attempts,
    loadSeconds,
    throttled,
    faultsInjected,
    webhookEvents: eventsDuring,
    sessions,
    counts: runCounts(options.kiosks.map((k) => k.kioskId), sessions, stripe.paymentIntents),
    invariants: checkInvariants({ sessions, ...stripe, attempts }),
    settlement: settlementFigures(attempts, sessions, options.sessionTimeoutMs),
    webhooksPending,
    settleSeconds,
  };
}
