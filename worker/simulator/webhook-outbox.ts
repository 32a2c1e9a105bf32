import Stripe from 'stripe';

/** How the simulator delivers webhooks, switchable by tests to reproduce what Stripe does on a bad day. */
export type DeliveryMode = 'immediate' | 'delayed' | 'duplicated' | 'reordered' | 'paused';

export interface DeliverySettings {
  mode: DeliveryMode;
  /** For `delayed`: how long each event waits; for `reordered`: the window events are shuffled within. */
  delayMs: number;
}

const MAX_ATTEMPTS = 8;
const MAX_BACKOFF_MS = 60_000;

const cryptoProvider = Stripe.createSubtleCryptoProvider();
const signer = new Stripe('sk_test_signer');

/** One attempt to deliver an event, as the endpoint received it: tests verify the signature on exactly these bytes. */
export interface DeliveryAttempt {
  event_id: string;
  attempted_at: number;
  status: number;
  signature: string;
  payload: string;
}

/**
 * A queue of webhook deliveries in SQLite, drained by the Durable Object's alarm. Each delivery is signed as Stripe
 * signs (`Stripe-Signature: t=...,v1=...`, one v1 per active secret) and retried with backoff while the endpoint
 * answers non-2xx. The Durable Object owns the alarm (other queues share it): `wake` asks it to re-arm.
 */
export class WebhookOutbox {
  constructor(
    private readonly sql: SqlStorage,
    private readonly wake: () => void,
  ) {
    sql.exec(`CREATE TABLE IF NOT EXISTS deliveries (
      id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, due_at INTEGER NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0, last_status INTEGER, delivered INTEGER NOT NULL DEFAULT 0)`);
    sql.exec('CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (delivered, due_at)');
    sql.exec(`CREATE TABLE IF NOT EXISTS delivery_attempts (
      id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, attempted_at INTEGER NOT NULL,
      status INTEGER NOT NULL, signature TEXT NOT NULL, payload TEXT NOT NULL)`);
  }

  settings(): DeliverySettings {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM settings WHERE key = 'webhook_delivery'").toArray()[0];
    return row ? (JSON.parse(row.value) as DeliverySettings) : { mode: 'immediate', delayMs: 0 };
  }

  configure(settings: DeliverySettings): void {
    this.sql.exec(
      "INSERT INTO settings (key, value) VALUES ('webhook_delivery', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      JSON.stringify(settings),
    );
  }

  enqueue(eventId: string): void {
    const { mode, delayMs } = this.settings();
    const now = Date.now();
    const due = (extra: number) =>
      // Capped so that a paused delivery is due exactly at MAX_SAFE_INTEGER, the mark `releasePaused` looks for.
      this.sql.exec('INSERT INTO deliveries (event_id, due_at) VALUES (?, ?)', eventId, Math.min(now + extra, Number.MAX_SAFE_INTEGER));
    switch (mode) {
      case 'paused':
        due(Number.MAX_SAFE_INTEGER);
        break;
      case 'delayed':
        due(delayMs);
        break;
      case 'duplicated':
        due(0);
        due(0);
        break;
      case 'reordered':
        // Later events may overtake earlier ones: each waits a random part of the window.
        due(Math.floor(Math.random() * Math.max(delayMs, 1)));
        break;
      default:
        due(0);
    }
    this.wake();
  }

  /** Releases paused deliveries (mode back to immediate). */
  releasePaused(): void {
    this.sql.exec('UPDATE deliveries SET due_at = ? WHERE delivered = 0 AND due_at = ?', Date.now(), Number.MAX_SAFE_INTEGER);
    this.wake();
  }

  pendingCount(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM deliveries WHERE delivered = 0 AND attempts < ?', MAX_ATTEMPTS).one().n;
  }

  /** When the next delivery is due (ms since the epoch), or null if none is waiting (paused ones are not due). */
  nextDueMs(): number | null {
    const next = this.sql
      .exec<{ due: number | null }>('SELECT MIN(due_at) AS due FROM deliveries WHERE delivered = 0 AND attempts < ?', MAX_ATTEMPTS)
      .one().due;
    return next !== null && next < Number.MAX_SAFE_INTEGER ? next : null;
  }

  /** Every attempt to deliver this event, oldest first. */
  attempts(eventId: string): DeliveryAttempt[] {
    return this.sql
      .exec<DeliveryAttempt & Record<string, SqlStorageValue>>(
        'SELECT event_id, attempted_at, status, signature, payload FROM delivery_attempts WHERE event_id = ? ORDER BY id',
        eventId,
      )
      .toArray();
  }

  /** Delivers every due event; called by the alarm. */
  async deliverDue(
    loadEvent: (id: string) => unknown,
    secrets: string[],
    post: (body: string, signature: string) => Promise<number>,
  ): Promise<void> {
    const due = this.sql
      .exec<{ id: number; event_id: string; attempts: number }>(
        'SELECT id, event_id, attempts FROM deliveries WHERE delivered = 0 AND attempts < ? AND due_at <= ? ORDER BY due_at, id LIMIT 50',
        MAX_ATTEMPTS,
        Date.now(),
      )
      .toArray();
    for (const delivery of due) {
      const event = loadEvent(delivery.event_id);
      const payload = JSON.stringify(event);
      const signature = await this.sign(payload, secrets);
      let status = 0;
      try {
        status = await post(payload, signature);
      } catch (err) {
        console.warn('webhook delivery failed', { event: delivery.event_id, error: String(err) });
      }
      this.sql.exec(
        'INSERT INTO delivery_attempts (event_id, attempted_at, status, signature, payload) VALUES (?, ?, ?, ?, ?)',
        delivery.event_id,
        Date.now(),
        status,
        signature,
        payload,
      );
      const attempts = delivery.attempts + 1;
      const delivered = status >= 200 && status < 300;
      const backoff = Math.min(1000 * 2 ** (attempts - 1), MAX_BACKOFF_MS);
      this.sql.exec(
        'UPDATE deliveries SET attempts = ?, last_status = ?, delivered = ?, due_at = ? WHERE id = ?',
        attempts,
        status,
        delivered ? 1 : 0,
        Date.now() + backoff,
        delivery.id,
      );
    }
    this.wake();
  }

  private async sign(payload: string, secrets: string[]): Promise<string> {
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = await Promise.all(
      secrets.map((secret) =>
        signer.webhooks.generateTestHeaderStringAsync({ payload, secret, timestamp, cryptoProvider }),
      ),
    );
    // Stripe sends one `t` and one `v1` per active secret while a secret is being rolled.
    const signatures = headers.flatMap((h) => h.split(',').filter((part) => part.startsWith('v1=')));
    return [`t=${timestamp}`, ...signatures].join(',');
  }
}
