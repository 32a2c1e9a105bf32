import { docUrlOf } from '../http/stripe-error.ts';

/** Stripe keeps idempotency keys for at least 24 hours. */
const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

export type IdempotencyLookup =
  | { kind: 'new' }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'in_flight' | 'mismatch'; status: 400 | 409; error: { error: Record<string, string> } };

/** What a key is bound to: the endpoint it was first used on and that request's parameters. */
export interface IdempotentRequest {
  /** `METHOD /v1/path`, as Stripe names it in its message. */
  endpoint: string;
  /** The parameters, independent of their order on the wire. */
  fingerprint: string;
}

/**
 * Stripe's idempotency: the first result for a key is saved and replayed for retries with the same parameters;
 * other parameters or another endpoint under that key are an `idempotency_error`; a retry while the first request
 * still runs gets 409. The caller saves the result, or forgets the key when the request never started executing.
 */
export class IdempotencyStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS idempotent_requests (
      key TEXT PRIMARY KEY, endpoint TEXT NOT NULL, fingerprint TEXT NOT NULL, status INTEGER, body TEXT, created_ms INTEGER NOT NULL)`);
  }

  /** Looks the key up and, if it is new, reserves it for this request (in the same synchronous step). */
  lookup(key: string, request: IdempotentRequest, nowMs: number): IdempotencyLookup {
    const row = this.sql
      .exec<{ endpoint: string; fingerprint: string; status: number | null; body: string | null; created_ms: number }>(
        'SELECT endpoint, fingerprint, status, body, created_ms FROM idempotent_requests WHERE key = ?',
        key,
      )
      .toArray()[0];
    if (!row || nowMs - row.created_ms > KEY_LIFETIME_MS) {
      this.sql.exec(
        `INSERT INTO idempotent_requests (key, endpoint, fingerprint, created_ms) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET endpoint = excluded.endpoint, fingerprint = excluded.fingerprint, status = NULL, body = NULL, created_ms = excluded.created_ms`,
        key,
        request.endpoint,
        request.fingerprint,
        nowMs,
      );
      return { kind: 'new' };
    }
    const retry = ` Try using a key other than '${key}' if you meant to execute a different request.`;
    if (row.endpoint !== request.endpoint) {
      const path = (endpoint: string) => endpoint.slice(endpoint.indexOf(' ') + 1);
      return {
        kind: 'mismatch',
        status: 400,
        error: {
          error: {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${path(row.endpoint)}' vs '${path(request.endpoint)}').${retry}`,
          },
        },
      };
    }
    if (row.fingerprint !== request.fingerprint) {
      return {
        kind: 'mismatch',
        status: 400,
        error: {
          error: {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with.${retry}`,
          },
        },
      };
    }
    if (row.status === null || row.body === null) {
      return {
        kind: 'in_flight',
        status: 409,
        error: {
          error: {
            type: 'invalid_request_error',
            code: 'idempotency_key_in_use',
            doc_url: docUrlOf('idempotency_key_in_use'),
            message: `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
          },
        },
      };
    }
    return { kind: 'replay', status: row.status, body: row.body };
  }

  save(key: string, status: number, body: string): void {
    this.sql.exec('UPDATE idempotent_requests SET status = ?, body = ? WHERE key = ?', status, body, key);
  }

  /** Forgets a key whose request never started executing (it failed validation), so it can be used again. */
  forget(key: string): void {
    this.sql.exec('DELETE FROM idempotent_requests WHERE key = ? AND status IS NULL', key);
  }

  clear(): void {
    this.sql.exec('DELETE FROM idempotent_requests');
  }
}
