import Stripe from 'stripe';

/** How the simulator delivers webhooks, switchable by tests to reproduce what Stripe does on a bad day. */
export type DeliveryMode = 'immediate' | 'delayed' | 'duplicated' | 'reordered' | 'paused';

export interface DeliverySettings {
  mode: DeliveryMode;
  /** For `delayed`: how long each event waits; for `reordered`: the window events are shuffled within. */
  delayMs: number;
  /** The share of events `delayed`, `duplicated` or `reordered` strikes (each event drawn on its own); the rest go at once. */
  rate: number;
  /** Where the implicit delivery goes instead of the worker's own webhook route (any HTTP server), or null. */
  endpoint: string | null;
}

/** Where one delivery goes and what signs it: the implicit target or a registered webhook endpoint. */
export interface DeliveryTarget {
  url: string;
  secrets: string[];
}

const MAX_ATTEMPTS = 8;
const MAX_BACKOFF_MS = 60_000;
const DEFAULT_SETTINGS: DeliverySettings = { mode: 'immediate', delayMs: 0, rate: 1, endpoint: null };

const cryptoProvider = Stripe.createSubtleCryptoProvider();
const signer = new Stripe('sk_test_signer');

/** One attempt to deliver an event, as the endpoint received it: tests verify the signature on exactly these bytes. */
export interface DeliveryAttempt {
  event_id: string;
  /** `own` for the implicit delivery, else the webhook endpoint's id. */
  target: string;
  url: string;
  attempted_at: number;
  status: number;
  signature: string;
  payload: string;
}

/**
 * A queue of webhook deliveries in SQLite, drained by the Durable Object's alarm: one row per event and target.
 * Each delivery is signed as Stripe signs (`Stripe-Signature: t=...,v1=...`, one v1 per active secret) and retried
 * with backoff while the endpoint answers non-2xx. The Durable Object owns the alarm (other queues share it): `wake`
 * asks it to re-arm.
 */
export class WebhookOutbox {
  constructor(
    private readonly sql: SqlStorage,
    private readonly wake: () => void,
  ) {
    sql.exec(`CREATE TABLE IF NOT EXISTS webhook_deliveries (
      id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, target TEXT NOT NULL DEFAULT 'own',
      due_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_status INTEGER, delivered INTEGER NOT NULL DEFAULT 0)`);
    sql.exec('CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (delivered, due_at)');
    sql.exec('CREATE INDEX IF NOT EXISTS webhook_deliveries_event ON webhook_deliveries (event_id)');
    sql.exec(`CREATE TABLE IF NOT EXISTS webhook_attempts (
      id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, target TEXT NOT NULL DEFAULT 'own', url TEXT NOT NULL DEFAULT '',
      attempted_at INTEGER NOT NULL, status INTEGER NOT NULL, signature TEXT NOT NULL, payload TEXT NOT NULL)`);
    sql.exec('CREATE TABLE IF NOT EXISTS webhook_delivery_settings (id INTEGER PRIMARY KEY CHECK (id = 1), value TEXT NOT NULL)');
    sql.exec('CREATE TABLE IF NOT EXISTS webhook_event_modes (mode TEXT PRIMARY KEY, events INTEGER NOT NULL)');
  }

  settings(): DeliverySettings {
    const row = this.sql.exec<{ value: string }>('SELECT value FROM webhook_delivery_settings WHERE id = 1').toArray()[0];
    return row ? { ...DEFAULT_SETTINGS, ...(JSON.parse(row.value) as Partial<DeliverySettings>) } : DEFAULT_SETTINGS;
  }

  configure(settings: DeliverySettings): void {
    this.sql.exec(
      'INSERT INTO webhook_delivery_settings (id, value) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET value = excluded.value',
      JSON.stringify(settings),
    );
    if (settings.mode !== 'paused') this.releasePaused();
  }

  /** Queues the event for each target (`own`, or a webhook endpoint id). */
  enqueue(eventId: string, targets: string[]): void {
    const settings = this.settings();
    const struck = settings.mode === 'paused' || settings.mode === 'immediate' || Math.random() < settings.rate;
    const mode = struck ? settings.mode : 'immediate';
    const { delayMs } = settings;
    this.sql.exec('INSERT INTO webhook_event_modes (mode, events) VALUES (?, 1) ON CONFLICT (mode) DO UPDATE SET events = events + 1', mode);
    const now = Date.now();
    for (const target of targets) {
      const due = (extra: number) =>
        // Capped so that a paused delivery is due exactly at MAX_SAFE_INTEGER, the mark `releasePaused` looks for.
        this.sql.exec(
          'INSERT INTO webhook_deliveries (event_id, target, due_at) VALUES (?, ?, ?)',
          eventId,
          target,
          Math.min(now + extra, Number.MAX_SAFE_INTEGER),
        );
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
    }
    this.wake();
  }

  private releasePaused(): void {
    this.sql.exec('UPDATE webhook_deliveries SET due_at = ? WHERE delivered = 0 AND due_at = ?', Date.now(), Number.MAX_SAFE_INTEGER);
    this.wake();
  }

  /** How many events were queued in each delivery mode (those the rate spared count as `immediate`). */
  eventsByMode(): Record<DeliveryMode, number> {
    const counts: Record<DeliveryMode, number> = { immediate: 0, delayed: 0, duplicated: 0, reordered: 0, paused: 0 };
    for (const row of this.sql.exec<{ mode: DeliveryMode; events: number }>('SELECT mode, events FROM webhook_event_modes')) counts[row.mode] = row.events;
    return counts;
  }

  pendingCount(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM webhook_deliveries WHERE delivered = 0 AND attempts < ?', MAX_ATTEMPTS).one().n;
  }

  /** How many of the event's targets have not had it delivered yet (a 2xx): Stripe's `pending_webhooks`. */
  undeliveredTargets(eventId: string): number {
    return this.sql
      .exec<{ n: number }>(
        'SELECT COUNT(*) AS n FROM (SELECT target FROM webhook_deliveries WHERE event_id = ? GROUP BY target HAVING MAX(delivered) = 0)',
        eventId,
      )
      .one().n;
  }

  /** When the next delivery is due (ms since the epoch), or null if none is waiting (paused ones are not due). */
  nextDueMs(): number | null {
    const next = this.sql
      .exec<{ due: number | null }>('SELECT MIN(due_at) AS due FROM webhook_deliveries WHERE delivered = 0 AND attempts < ?', MAX_ATTEMPTS)
      .one().due;
    return next !== null && next < Number.MAX_SAFE_INTEGER ? next : null;
  }

  /** Every attempt to deliver this event, oldest first. */
  attempts(eventId: string): DeliveryAttempt[] {
    return this.sql
      .exec<DeliveryAttempt & Record<string, SqlStorageValue>>(
        'SELECT event_id, target, url, attempted_at, status, signature, payload FROM webhook_attempts WHERE event_id = ? ORDER BY id',
        eventId,
      )
      .toArray();
  }

  /** Delivers every due event; called by the alarm. A target that no longer exists drops its deliveries. */
  async deliverDue(
    loadEvent: (id: string) => unknown,
    resolveTarget: (target: string) => DeliveryTarget | null,
    post: (url: string, body: string, signature: string) => Promise<number>,
  ): Promise<void> {
    const due = this.sql
      .exec<{ id: number; event_id: string; target: string; attempts: number }>(
        'SELECT id, event_id, target, attempts FROM webhook_deliveries WHERE delivered = 0 AND attempts < ? AND due_at <= ? ORDER BY due_at, id LIMIT 50',
        MAX_ATTEMPTS,
        Date.now(),
      )
      .toArray();
    for (const delivery of due) {
      const target = resolveTarget(delivery.target);
      if (!target) {
        this.sql.exec('DELETE FROM webhook_deliveries WHERE id = ?', delivery.id);
        continue;
      }
      const payload = JSON.stringify(loadEvent(delivery.event_id));
      const signature = await this.sign(payload, target.secrets);
      let status = 0;
      try {
        status = await post(target.url, payload, signature);
      } catch (err) {
        console.warn('webhook delivery failed', { event: delivery.event_id, error: String(err) });
      }
      this.sql.exec(
        'INSERT INTO webhook_attempts (event_id, target, url, attempted_at, status, signature, payload) VALUES (?, ?, ?, ?, ?, ?, ?)',
        delivery.event_id,
        delivery.target,
        target.url,
        Date.now(),
        status,
        signature,
        payload,
      );
      const attempts = delivery.attempts + 1;
      const delivered = status >= 200 && status < 300;
      const backoff = Math.min(1000 * 2 ** (attempts - 1), MAX_BACKOFF_MS);
      this.sql.exec(
        'UPDATE webhook_deliveries SET attempts = ?, last_status = ?, delivered = ?, due_at = ? WHERE id = ?',
        attempts,
        status,
        delivered ? 1 : 0,
        Date.now() + backoff,
        delivery.id,
      );
    }
    this.wake();
  }

  clear(): void {
    for (const table of ['webhook_deliveries', 'webhook_attempts', 'webhook_delivery_settings', 'webhook_event_modes']) this.sql.exec(`DELETE FROM ${table}`);
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
