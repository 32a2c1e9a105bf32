/** Stripe keeps idempotency keys for at least 24 hours. */
const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

export type IdempotencyLookup =
  | { kind: 'new' }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'in_flight' | 'mismatch'; error: { error: Record<string, string> } };

/**
 * Stripe's idempotency: the first result for a key is saved and replayed for retries with the same parameters;
 * other parameters with that key are an `idempotency_error`; a retry while the first request still runs gets 409.
 */
export class IdempotencyStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS idempotency_keys (
      key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status INTEGER, body TEXT, created_ms INTEGER NOT NULL)`);
  }

  /** Looks the key up and, if it is new, reserves it for this request (in the same synchronous step). */
  lookup(key: string, fingerprint: string, nowMs: number): IdempotencyLookup {
    const row = this.sql
      .exec<{ fingerprint: string; status: number | null; body: string | null; created_ms: number }>(
        'SELECT fingerprint, status, body, created_ms FROM idempotency_keys WHERE key = ?',
        key,
      )
      .toArray()[0];
    if (!row || nowMs - row.created_ms > KEY_LIFETIME_MS) {
      this.sql.exec(
        'INSERT INTO idempotency_keys (key, fingerprint, created_ms) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET fingerprint = excluded.fingerprint, status = NULL, body = NULL, created_ms = excluded.created_ms',
        key,
        fingerprint,
        nowMs,
      );
      return { kind: 'new' };
    }
    if (row.fingerprint !== fingerprint) {
      return {
        kind: 'mismatch',
        error: {
          error: {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          },
        },
      };
    }
    if (row.status === null || row.body === null) {
      return {
        kind: 'in_flight',
        error: {
          error: {
            type: 'invalid_request_error',
            code: 'idempotency_key_in_use',
            message: 'There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ' + key + '. Please try again later.',
          },
        },
      };
    }
    return { kind: 'replay', status: row.status, body: row.body };
  }

  save(key: string, fingerprint: string, status: number, body: string, nowMs: number): void {
    this.sql.exec(
      'INSERT INTO idempotency_keys (key, fingerprint, status, body, created_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET status = excluded.status, body = excluded.body',
      key,
      fingerprint,
      status,
      body,
      nowMs,
    );
  }

  /** Frees a key whose request never ran (an injected or real 500), so a retry runs it. */
  release(key: string): void {
    this.sql.exec('DELETE FROM idempotency_keys WHERE key = ? AND status IS NULL', key);
  }
}
