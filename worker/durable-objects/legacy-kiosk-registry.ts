import { DurableObject } from 'cloudflare:workers';
import type { LegacyKiosk } from '../kiosks/kiosk-creation.ts';

interface KioskRow {
  id: string;
  name: string;
  token_hash: string;
  location_id: string;
  currency: string;
  language: string;
  disabled: number;
  created_at: number;
  token_rotated_at: number;
  [column: string]: SqlStorageValue;
}

const toLegacyKiosk = (row: KioskRow): LegacyKiosk => ({
  id: row.id,
  name: row.name,
  locationId: row.location_id,
  currency: row.currency,
  language: row.language === 'ko' ? 'ko' : 'en',
  disabled: row.disabled === 1,
  createdAt: row.created_at,
  tokenRotatedAt: row.token_rotated_at,
  tokenHash: row.token_hash,
});

/**
 * The fleet's kiosks as deployments before per-kiosk objects kept them, in one object for the whole fleet. It is no
 * longer on any request's path but one: a tablet still holding a token issued then (which does not name its kiosk) is
 * looked up here once, its kiosk is adopted by its own object, and the tablet gets the same secret in the new form.
 * Operators copy everything out once with `POST /api/admin/migrations/legacy-registry`.
 */
export class KioskRegistry extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS kiosks (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, location_id TEXT NOT NULL,
        currency TEXT NOT NULL, language TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL, token_rotated_at INTEGER NOT NULL)`);
      this.sql.exec(`CREATE TABLE IF NOT EXISTS sessions (
        session_id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, created_at INTEGER NOT NULL)`);
    });
  }

  legacyKiosk(tokenHash: string): LegacyKiosk | null {
    const row = this.sql.exec<KioskRow>('SELECT * FROM kiosks WHERE token_hash = ?', tokenHash).toArray()[0];
    return row ? toLegacyKiosk(row) : null;
  }

  /** Everything it holds, for the one-time migration. */
  export(): { kiosks: LegacyKiosk[]; sessions: { sessionId: string; kioskId: string }[] } {
    const kiosks = this.sql.exec<KioskRow>('SELECT * FROM kiosks ORDER BY created_at').toArray().map(toLegacyKiosk);
    const sessions = this.sql
      .exec<{ session_id: string; kiosk_id: string }>('SELECT session_id, kiosk_id FROM sessions ORDER BY rowid')
      .toArray()
      .map((r) => ({ sessionId: r.session_id, kioskId: r.kiosk_id }));
    return { kiosks, sessions };
  }

  /** What the previous version's provisioning and session index wrote (tests use it to stand up an old deployment). */
  recordLegacy(kiosk: LegacyKiosk, sessionIds: string[] = []): void {
    this.sql.exec(
      `INSERT INTO kiosks (id, name, token_hash, location_id, currency, language, disabled, created_at, token_rotated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      kiosk.id,
      kiosk.name,
      kiosk.tokenHash,
      kiosk.locationId,
      kiosk.currency,
      kiosk.language,
      kiosk.disabled ? 1 : 0,
      kiosk.createdAt,
      kiosk.tokenRotatedAt,
    );
    for (const sessionId of sessionIds) {
      this.sql.exec(
        'INSERT INTO sessions (session_id, kiosk_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
        sessionId,
        kiosk.id,
        kiosk.createdAt,
      );
    }
  }
}
