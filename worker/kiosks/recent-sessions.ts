import { sha256Hex } from '../auth/kiosk-token.ts';
import { SESSION_MEMORY_MS, TOLD_AFTER_END_MS, CLOCK_MARGIN_MS } from './credential-push.ts';

/**
 * The checkouts a kiosk opened lately and their PaymentIntents, in its own object's SQLite: which checkouts to tell
 * about token changes, which checkout a retried create reaches, and which payments the kiosk may have its reader act
 * on. Each is remembered for SESSION_MEMORY_MS; the tables are created on first use.
 */
export class RecentSessions {
  private ready = false;

  constructor(private readonly storage: SqlStorage) {}

  /** Its checkouts (to tell them about token changes) and their PaymentIntents (which reader calls it may make). */
  private sql(): SqlStorage {
    if (!this.ready) {
      this.storage.exec(`CREATE TABLE IF NOT EXISTS sessions (
        session_id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, ended INTEGER NOT NULL DEFAULT 0,
        known_version INTEGER NOT NULL, ended_at INTEGER)`);
      addEndedAt(this.storage);
      this.storage.exec(`CREATE TABLE IF NOT EXISTS payment_intents (
        payment_intent_id TEXT PRIMARY KEY, created_at INTEGER NOT NULL)`);
      this.ready = true;
    }
    return this.storage;
  }

  /** A checkout this kiosk opened (or began to open) lately. */
  knows(sessionId: string): boolean {
    return this.sql().exec('SELECT 1 FROM sessions WHERE session_id = ?', sessionId).toArray().length > 0;
  }

  /** A later checkout exists than this one: the kiosk has moved on from its order. */
  overtaken(sessionId: string): boolean {
    return (
      this.sql()
        .exec('SELECT 1 FROM sessions WHERE rowid > (SELECT rowid FROM sessions WHERE session_id = ?) LIMIT 1', sessionId)
        .toArray().length > 0
    );
  }

  hasEnded(sessionId: string): boolean {
    return this.sql().exec<{ ended: number }>('SELECT ended FROM sessions WHERE session_id = ?', sessionId).toArray()[0]?.ended === 1;
  }

  /** The kiosk began to open this checkout, which holds the kiosk's auth of this version (kept if already known). */
  opening(sessionId: string, knownVersion: number): void {
    this.sql().exec(
      'INSERT INTO sessions (session_id, created_at, known_version) VALUES (?, ?, ?) ON CONFLICT (session_id) DO NOTHING',
      sessionId,
      Date.now(),
      knownVersion,
    );
  }

  /** The checkout now holds the kiosk's auth of this version. */
  told(sessionId: string, version: number): void {
    this.sql().exec('UPDATE sessions SET known_version = ? WHERE session_id = ?', version, sessionId);
  }

  /** A checkout of this kiosk has ended: it no longer holds the reader, and hears token changes for a while yet. */
  ended(sessionId: string): void {
    this.sql().exec('UPDATE sessions SET ended = 1, ended_at = COALESCE(ended_at, ?) WHERE session_id = ?', Date.now(), sessionId);
  }

  /** The checkouts that rely on the kiosk (open, or ended in the last minutes) and hold an older auth than `version`. */
  lagging(version: number, now: number): string[] {
    return this.sql()
      .exec<{ session_id: string }>(
        'SELECT session_id FROM sessions WHERE (ended = 0 OR ended_at > ?) AND known_version < ? AND created_at > ?',
        now - TOLD_AFTER_END_MS - CLOCK_MARGIN_MS,
        version,
        now - SESSION_MEMORY_MS,
      )
      .toArray()
      .map(({ session_id }) => session_id);
  }

  /** One of the kiosk's checkouts created this PaymentIntent. */
  paymentIntentCreated(paymentIntentId: string): void {
    this.sql().exec(
      'INSERT INTO payment_intents (payment_intent_id, created_at) VALUES (?, ?) ON CONFLICT (payment_intent_id) DO NOTHING',
      paymentIntentId,
      Date.now(),
    );
  }

  /** Whether one of the kiosk's own recent checkouts created this PaymentIntent. */
  ownsPaymentIntent(paymentIntentId: string): boolean {
    return (
      this.sql()
        .exec('SELECT 1 FROM payment_intents WHERE payment_intent_id = ? AND created_at > ?', paymentIntentId, Date.now() - SESSION_MEMORY_MS)
        .toArray().length > 0
    );
  }

  /** Checkouts older than any can live need no more telling, and their payments no more reader calls. */
  forgetOld(): void {
    const before = Date.now() - SESSION_MEMORY_MS;
    this.sql().exec('DELETE FROM sessions WHERE created_at < ?', before);
    this.sql().exec('DELETE FROM payment_intents WHERE created_at < ?', before);
  }
}

/** A retried create with the same Idempotency-Key lands on the same checkout object, hence the same PaymentIntent. */
export async function sessionIdFor(kioskId: string, key: string | undefined): Promise<string> {
  if (key === undefined) return `cs_${crypto.randomUUID().replaceAll('-', '')}`;
  return `cs_${(await sha256Hex(`${kioskId}:${key}`)).slice(0, 32)}`;
}

/** Objects from before `ended_at` gain the column (SQLite has no ADD COLUMN IF NOT EXISTS). */
function addEndedAt(sql: SqlStorage): void {
  const columns = sql.exec<{ name: string }>('PRAGMA table_info(sessions)').toArray();
  if (!columns.some((column) => column.name === 'ended_at')) sql.exec('ALTER TABLE sessions ADD COLUMN ended_at INTEGER');
}
