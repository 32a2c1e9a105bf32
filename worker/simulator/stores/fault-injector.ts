/**
 * Faults the simulator injects on request, to reproduce what Stripe does on a bad day:
 * - `error_500` / `error_429`: answered before anything happens at "Stripe";
 * - `timeout`: Stripe does the work but answers only after the client has given up;
 * - `lose_response`: Stripe does the work and the response is lost on the way back;
 * - `reader_timeout`: a reader action the reader never acknowledged (400 `terminal_reader_timeout`, Stripe's "temporary
 *   networking issues"): the reader is left as it was, and the answer is saved under the request's idempotency key;
 * - `saved_error_500`: Stripe began the request and failed (500): nothing is done, and, as Stripe documents, that 500
 *   is saved under the request's idempotency key and replayed to every request under it (for a day).
 * A rule fires for its next `count` matching requests, or at random with probability `rate`.
 */
export const FAULT_KINDS = ['error_500', 'error_429', 'timeout', 'lose_response', 'reader_timeout', 'saved_error_500'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  method: string;
  /** A path, where `*` matches within one segment, e.g. `/v1/payment_intents/*\/cancel`. */
  path: string;
  kind: FaultKind;
  count?: number;
  rate?: number;
  /** For `timeout`: how long the answer takes. */
  delayMs?: number;
}

const pathPattern = (path: string) =>
  new RegExp(`^${path.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);

export class FaultInjector {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS faults (
      id INTEGER PRIMARY KEY AUTOINCREMENT, method TEXT NOT NULL, path TEXT NOT NULL, kind TEXT NOT NULL,
      remaining INTEGER, rate REAL, delay_ms INTEGER, fired INTEGER NOT NULL DEFAULT 0)`);
    // State kept by `npm start` from before faults counted how often they fired.
    const columns = sql.exec<{ name: string }>('PRAGMA table_info(faults)').toArray().map((c) => c.name);
    if (!columns.includes('fired')) sql.exec('ALTER TABLE faults ADD COLUMN fired INTEGER NOT NULL DEFAULT 0');
  }

  add(rule: FaultRule): void {
    this.sql.exec(
      'INSERT INTO faults (method, path, kind, remaining, rate, delay_ms) VALUES (?, ?, ?, ?, ?, ?)',
      rule.method.toUpperCase(),
      rule.path,
      rule.kind,
      rule.count ?? null,
      rule.rate ?? null,
      rule.delayMs ?? null,
    );
  }

  clear(): void {
    this.sql.exec('DELETE FROM faults');
  }

  /** Every rule, with how often it fired and how many more times it will: a test waits on this to know its faults were met. */
  list(): (FaultRule & { remaining: number | null; fired: number })[] {
    return this.sql
      .exec<{ method: string; path: string; kind: FaultKind; remaining: number | null; rate: number | null; delay_ms: number | null; fired: number }>(
        'SELECT * FROM faults ORDER BY id',
      )
      .toArray()
      .map((r) => ({
        method: r.method,
        path: r.path,
        kind: r.kind,
        remaining: r.remaining,
        fired: r.fired,
        ...(r.rate === null ? {} : { rate: r.rate }),
        ...(r.delay_ms === null ? {} : { delayMs: r.delay_ms }),
      }));
  }

  /** The fault to inject into this request, if any; counted rules are used up as they fire. */
  take(method: string, path: string): { kind: FaultKind; delayMs: number } | null {
    const rules = this.sql
      .exec<{ id: number; method: string; path: string; kind: FaultKind; remaining: number | null; rate: number | null; delay_ms: number | null }>(
        'SELECT * FROM faults ORDER BY id',
      )
      .toArray();
    for (const rule of rules) {
      if ((rule.method !== '*' && rule.method !== method) || !pathPattern(rule.path).test(path)) continue;
      if (rule.remaining !== null) {
        if (rule.remaining <= 0) continue;
        this.sql.exec('UPDATE faults SET remaining = remaining - 1 WHERE id = ?', rule.id);
      } else if (rule.rate !== null && Math.random() >= rule.rate) {
        continue;
      }
      this.sql.exec('UPDATE faults SET fired = fired + 1 WHERE id = ?', rule.id);
      return { kind: rule.kind, delayMs: rule.delay_ms ?? 8_000 };
    }
    return null;
  }
}
