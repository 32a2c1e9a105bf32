/**
 * `npm run bench`'s flags, checked before anything starts (a bad flag is named, never a failure deep in the run), and
 * the run they plan: how long each configured phase lasts, so the default run's length is a figure a test holds to
 * the issue's budget (the whole run under 2 minutes on a 2-core machine) rather than a comment.
 */
import { parseArgs } from 'node:util';
import type { ReaderMode } from './kiosks/scenarios.ts';

export interface BenchOptions {
  mode: 'fleet' | 'capacity';
  readerModes: ReaderMode[];
  kioskCount: number;
  durationMs: number;
  /** Fleet mode: mean time between customers at one kiosk. */
  meanIntervalMs: number;
  /** Probability that a Stripe call fails (0 for none). */
  faultRate: number;
  /** The share of webhook events delivered out of the ordinary: duplicated, reordered, or (with faults) held back. */
  webhookRate: number;
  sessionTimeoutSeconds: number;
  json: boolean;
  /** `--help` (or `-h`): print what the flags do and stop. */
  help: boolean;
}

/** A flag the benchmark cannot run with; the message names the flag and what it takes. */
export class BenchFlagError extends Error {}

export const USAGE =
  'node bench/run.ts [--mode fleet|capacity] [--reader-mode js-sdk|server-driven|both] [--kiosks N]\n' +
  '                  [--interval S | --rate PAYMENTS_PER_S] [--duration S] [--faults RATE] [--webhook-rate RATE]\n' +
  '                  [--session-timeout S] [--json] [--help]';

/** Fleet runs: a customer every 150 s at each of 200 kiosks, about 1.3 payments per second per reader mode. */
const DEFAULT_INTERVAL_SECONDS = 150;
const DEFAULTS = {
  fleet: { kiosks: 200, durationSeconds: 15 },
  capacity: { kiosks: 24, durationSeconds: 10 },
  sessionTimeoutSeconds: 10,
} as const;

/** One webhook event in five duplicated or reordered (or held back, with faults): Stripe's bad day, not its every day. */
const DEFAULT_WEBHOOK_RATE = 0.2;

/** The bare route measured alone after each mode's load, for comparison: at most this long. */
export const BARE_ALONE_MS = 3_000;
/** Capacity runs: each read route (and the bare route before them) hammered for this long. */
export const READ_ROUTE_MS = 4_000;
const READ_ROUTES = 3;

/** Every flag `npm run bench` takes, as `parseArgs` reads them. */
export const BENCH_FLAGS = {
  mode: { type: 'string', default: 'fleet' },
  'reader-mode': { type: 'string', default: 'both' },
  kiosks: { type: 'string' },
  interval: { type: 'string' },
  rate: { type: 'string' },
  duration: { type: 'string' },
  faults: { type: 'string' },
  'webhook-rate': { type: 'string' },
  'session-timeout': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export const HELP = `npm run bench [-- flags]: the worker in workerd with the Stripe simulator, a fleet of simulated kiosks paying
through the kiosk API in each reader mode, every session and PaymentIntent checked afterwards, the bare
GET /api/health route measured in the same run as the baseline, and the kiosk PWA's size and time to interactive.

Usage: ${USAGE}

  --mode fleet|capacity     fleet (default): open loop, customers arriving at random at each kiosk; latency is judged
                            against the bare route probed during the load. capacity: every kiosk pays back to back;
                            kiosk requests/s and payments/s against the bare route's requests/s at the same concurrency.
  --reader-mode MODE        js-sdk (the tablet drives its reader), server-driven, or both (default), one after another.
  --kiosks N                kiosks per reader mode (default ${DEFAULTS.fleet.kiosks} in fleet mode, ${DEFAULTS.capacity.kiosks} in capacity mode).
  --interval S              fleet mode: mean seconds between customers at one kiosk (default ${DEFAULT_INTERVAL_SECONDS}).
  --rate PAYMENTS_PER_S     fleet mode: customers per second over the whole fleet instead (sets --interval).
  --duration S              seconds of load per reader mode (default ${DEFAULTS.fleet.durationSeconds} in fleet mode, ${DEFAULTS.capacity.durationSeconds} in capacity mode).
  --faults RATE             probability from 0 to 1 that a Stripe call fails: 500s, 429s, timeouts and responses lost
                            after the work, in equal shares; webhooks are also held back (default 0: no faults).
  --webhook-rate RATE       share of webhook events duplicated or reordered, from 0 to 1 (default ${DEFAULT_WEBHOOK_RATE}).
  --session-timeout S       the worker's SESSION_TIMEOUT_SECONDS: how soon an abandoned session's alarm closes it
                            (default ${DEFAULTS.sessionTimeoutSeconds}).
  --json                    print the figures as one JSON document on stdout instead of the text report.
  -h, --help                print this and exit.

Printed per reader mode: cart attempts and outcomes, payments/s, kiosk requests/s, Stripe requests per payment,
latency p50/p95/p99 per kiosk route with its ratio to the bare route and the Durable Objects it touched, faults
injected, webhook events, failures by cause, lost / double-charged / stuck counts and every invariant, and the targets.
Then, in capacity mode, GET /api/catalog and GET /api/sessions/:id requests/s against the bare route's; last, the kiosk
PWA's JavaScript and CSS gzipped and its time to interactive at 4x CPU throttling.
Exit code 0 when every invariant holds, exit code 1 when any is violated (listed) or the run fails, 2 for a bad flag.`;

function number(flag: string, text: string | undefined, fallback: number, valid: (n: number) => boolean, what: string): number {
  if (text === undefined) return fallback;
  const n = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(n) || !valid(n)) throw new BenchFlagError(`--${flag} must be ${what}, not "${text}"`);
  return n;
}

const positive = (n: number) => n > 0;

export function parseBenchFlags(args: readonly string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: BENCH_FLAGS,
    }));
  } catch (err) {
    throw new BenchFlagError(err instanceof Error ? err.message : String(err));
  }
  const mode = values.mode;
  if (mode !== 'fleet' && mode !== 'capacity') throw new BenchFlagError(`--mode must be fleet or capacity, not "${mode}"`);
  const readerMode = values['reader-mode'];
  if (readerMode !== 'both' && readerMode !== 'js-sdk' && readerMode !== 'server-driven') {
    throw new BenchFlagError(`--reader-mode must be js-sdk, server-driven or both, not "${readerMode}"`);
  }
  if (values.interval !== undefined && values.rate !== undefined) throw new BenchFlagError('--interval and --rate are two ways to say the same: give one');
  const arrivals = values.interval !== undefined ? 'interval' : values.rate !== undefined ? 'rate' : null;
  if (mode === 'capacity' && arrivals) {
    throw new BenchFlagError(`--${arrivals} sets when customers arrive in fleet mode; capacity mode pays back to back: leave it out or use --mode fleet`);
  }
  const defaults = DEFAULTS[mode];
  const kioskCount = number('kiosks', values.kiosks, defaults.kiosks, (n) => Number.isInteger(n) && n > 0, 'a whole number of kiosks, at least 1');
  const durationMs = number('duration', values.duration, defaults.durationSeconds, positive, 'a number of seconds above 0') * 1000;
  const rate = number('rate', values.rate, Number.NaN, positive, 'payments per second above 0');
  const meanIntervalMs = Number.isNaN(rate)
    ? number('interval', values.interval, DEFAULT_INTERVAL_SECONDS, positive, 'a number of seconds above 0') * 1000
    : (kioskCount / rate) * 1000;
  const faultRate = number('faults', values.faults, 0, (n) => n >= 0 && n <= 1, 'a probability from 0 to 1 (0.1: one Stripe call in ten fails)');
  const webhookRate = number('webhook-rate', values['webhook-rate'], DEFAULT_WEBHOOK_RATE, (n) => n >= 0 && n <= 1, 'a share of webhook events from 0 to 1');
  const sessionTimeoutSeconds = number(
    'session-timeout',
    values['session-timeout'],
    DEFAULTS.sessionTimeoutSeconds,
    positive,
    'a number of seconds above 0 (the worker takes 0 as its 300 s default)',
  );
  return {
    mode,
    readerModes: readerMode === 'both' ? ['js-sdk', 'server-driven'] : [readerMode],
    kioskCount,
    durationMs,
    meanIntervalMs,
    faultRate,
    webhookRate,
    sessionTimeoutSeconds,
    json: values.json,
    help: values.help,
  };
}

interface PlannedPhase {
  phase: string;
  ms: number;
}

/**
 * The phases whose length the flags set, in order. Provisioning, the build, starting workerd and the browser's time
 * to interactive come on top (about 50-60 s on a busy 2-core machine at the defaults).
 */
function plannedPhases(options: BenchOptions): PlannedPhase[] {
  const phases = options.readerModes.flatMap((readerMode) => [
    { phase: `${readerMode}: load`, ms: options.durationMs },
    { phase: `${readerMode}: bare route after the load`, ms: Math.min(options.durationMs, BARE_ALONE_MS) },
    // Sessions abandoned at the end of the load settle when their alarm fires, a session timeout later.
    { phase: `${readerMode}: settling`, ms: options.sessionTimeoutSeconds * 1000 },
  ]);
  if (options.mode === 'capacity') phases.push({ phase: 'read routes', ms: READ_ROUTES * READ_ROUTE_MS });
  return phases;
}

export const plannedMs = (options: BenchOptions) => plannedPhases(options).reduce((n, p) => n + p.ms, 0);
