/**
 * The load itself: a fleet of simulated kiosks, open loop (customers arrive at random, whether or not the system
 * keeps up) or closed loop (each kiosk pays back to back: the system's capacity), and the same load shape aimed at
 * the bare `GET /api/health` route as the baseline.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { pickScenario, type CartAttempt, type KioskCredentials, type KioskOptions, type ReaderMode, type SimulatedKiosk } from './kiosks/scenarios.ts';
import { SdkKiosk } from './kiosks/sdk-kiosk.ts';
import { ServerDrivenKiosk } from './kiosks/server-driven-kiosk.ts';
import { provisionKioskWithReader } from '../scripts/operator-api.ts';
import type { LatencyRecorder } from './latency.ts';

export const ADMIN_TOKEN = 'dev-admin-token';
export const BARE_ROUTE = 'GET /api/health';

/** The per-kiosk session limit (worker/kiosks/kiosk-quotas.ts: 30 per 60 s), kept with a margin so the load never trips it. */
const SESSIONS_PER_MINUTE = 25;

/** Provisions `count` kiosks in this reader mode, each with its own Stripe Location and simulated reader. */
export async function provisionKiosks(baseUrl: string, count: number, readerMode: ReaderMode, concurrency = 8): Promise<KioskCredentials[]> {
  const kiosks: KioskCredentials[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = next++;
      for (let tries = 0; ; tries++) {
        try {
          const { kioskId, token } = await provisionKioskWithReader(baseUrl, { name: `Bench kiosk ${n + 1}`, readerMode });
          kiosks.push({ kioskId, token });
          break;
        } catch (err) {
          if (tries >= 3) throw new Error(`provisioning kiosk ${n + 1} failed: ${String(err)}`);
          await sleep(500);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return kiosks;
}

/** An exponential wait: the gaps between customers of a Poisson process with this mean. */
const exponential = (meanMs: number) => -Math.log(1 - Math.random()) * meanMs;

export interface FleetOptions extends Omit<KioskOptions, 'recorder'> {
  kiosks: KioskCredentials[];
  readerMode: ReaderMode;
  recorder: LatencyRecorder;
  durationMs: number;
}

const simulatedKiosk = (credentials: KioskCredentials, options: FleetOptions): SimulatedKiosk =>
  options.readerMode === 'server-driven' ? new ServerDrivenKiosk(credentials, options) : new SdkKiosk(credentials, options);

/**
 * Open loop: each kiosk's customers arrive at random, `meanIntervalMs` apart on average. A kiosk serves one
 * customer at a time, so one who arrives during a payment queues behind it, as at a real kiosk.
 */
export async function runOpenLoop(options: FleetOptions & { meanIntervalMs: number }): Promise<CartAttempt[]> {
  const attempts: CartAttempt[] = [];
  const start = Date.now();
  await Promise.all(
    options.kiosks.map(async (credentials) => {
      const kiosk = simulatedKiosk(credentials, options);
      for (let arrival = exponential(options.meanIntervalMs); arrival < options.durationMs; arrival += exponential(options.meanIntervalMs)) {
        const wait = start + arrival - Date.now();
        if (wait > 0) await sleep(wait);
        attempts.push(await kiosk.pay(pickScenario()));
      }
    }),
  );
  return attempts;
}

/**
 * Closed loop: every kiosk pays back to back for the whole duration. A kiosk that would pass the per-kiosk session
 * limit waits instead (counted in `throttled`), so rate limiting never shows up as a failure.
 */
export async function runClosedLoop(options: FleetOptions): Promise<{ attempts: CartAttempt[]; throttled: number }> {
  const attempts: CartAttempt[] = [];
  let throttled = 0;
  const deadline = Date.now() + options.durationMs;
  await Promise.all(
    options.kiosks.map(async (credentials) => {
      const kiosk = simulatedKiosk(credentials, options);
      const recent: number[] = [];
      while (Date.now() < deadline) {
        while (recent.length > 0 && recent[0]! < Date.now() - 60_000) recent.shift();
        if (recent.length >= SESSIONS_PER_MINUTE) {
          throttled++;
          await sleep(recent[0]! + 60_000 - Date.now());
          continue;
        }
        recent.push(Date.now());
        attempts.push(await kiosk.pay(pickScenario()));
      }
    }),
  );
  return { attempts, throttled };
}

async function timedHealth(baseUrl: string, recorder: LatencyRecorder): Promise<void> {
  const started = performance.now();
  try {
    const res = await fetch(`${baseUrl}/api/health`);
    await res.arrayBuffer();
    if (!res.ok) recorder.fail(`${BARE_ROUTE} -> ${res.status}`);
  } catch {
    recorder.fail(`${BARE_ROUTE} -> no answer`);
  }
  recorder.record(BARE_ROUTE, started, performance.now());
}

/**
 * The bare route probed throughout the load, side by side with the kiosks' requests (open loop, arrivals at random):
 * it meets the same busy cores, alarms and webhook deliveries they do. `stop` ends it once the load is over.
 */
export function bareProbe(baseUrl: string, recorder: LatencyRecorder, requestsPerSecond: number): { stop(): Promise<void> } {
  const inFlight: Promise<void>[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      await sleep(exponential(1000 / requestsPerSecond));
      if (running) inFlight.push(timedHealth(baseUrl, recorder));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      await Promise.all(inFlight);
    },
  };
}

/** The bare route at the load's own request rate, arrivals at random (open loop). */
export async function bareOpenLoop(baseUrl: string, recorder: LatencyRecorder, requestsPerSecond: number, durationMs: number) {
  const inFlight: Promise<void>[] = [];
  const start = Date.now();
  for (let at = exponential(1000 / requestsPerSecond); at < durationMs; at += exponential(1000 / requestsPerSecond)) {
    const wait = start + at - Date.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(timedHealth(baseUrl, recorder));
  }
  await Promise.all(inFlight);
}

/** The bare route with the load's concurrency, each client back to back (closed loop). */
export async function bareClosedLoop(baseUrl: string, recorder: LatencyRecorder, concurrency: number, durationMs: number) {
  const deadline = Date.now() + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) await timedHealth(baseUrl, recorder);
    }),
  );
}
