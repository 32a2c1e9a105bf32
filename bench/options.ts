/** `npm run bench`'s flags, checked before anything starts: a bad flag is named, never a failure deep in the run. */
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
  sessionTimeoutSeconds: number;
  json: boolean;
}

/** A flag the benchmark cannot run with; the message names the flag and what it takes. */
export class BenchFlagError extends Error {}

export const USAGE =
  'node bench/run.ts [--mode fleet|capacity] [--reader-mode js-sdk|server-driven|both] [--kiosks N]\n' +
  '                  [--interval S | --rate PAYMENTS_PER_S] [--duration S] [--faults RATE] [--session-timeout S] [--json]';

/** Fleet runs: a customer every 150 s at each of 200 kiosks, about 1.3 payments per second per reader mode. */
const DEFAULT_INTERVAL_SECONDS = 150;
export const DEFAULTS = {
  fleet: { kiosks: 200, durationSeconds: 30 },
  capacity: { kiosks: 24, durationSeconds: 20 },
  sessionTimeoutSeconds: 10,
} as const;

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
      options: {
        mode: { type: 'string', default: 'fleet' },
        'reader-mode': { type: 'string', default: 'both' },
        kiosks: { type: 'string' },
        interval: { type: 'string' },
        rate: { type: 'string' },
        duration: { type: 'string' },
        faults: { type: 'string' },
        'session-timeout': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
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
  const defaults = DEFAULTS[mode];
  const kioskCount = number('kiosks', values.kiosks, defaults.kiosks, (n) => Number.isInteger(n) && n > 0, 'a whole number of kiosks, at least 1');
  const durationMs = number('duration', values.duration, defaults.durationSeconds, positive, 'a number of seconds above 0') * 1000;
  const rate = number('rate', values.rate, Number.NaN, positive, 'payments per second above 0');
  const meanIntervalMs = Number.isNaN(rate)
    ? number('interval', values.interval, DEFAULT_INTERVAL_SECONDS, positive, 'a number of seconds above 0') * 1000
    : (kioskCount / rate) * 1000;
  const faultRate = number('faults', values.faults, 0, (n) => n >= 0 && n <= 1, 'a probability from 0 to 1 (0.1: one Stripe call in ten fails)');
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
    sessionTimeoutSeconds,
    json: values.json,
  };
}
