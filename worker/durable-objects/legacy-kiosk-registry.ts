import { DurableObject } from 'cloudflare:workers';
import type { LegacyMigrationProgress } from '../../shared/api.ts';
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

/** What one step of the migration copies: kiosks first, then sessions (each with its kiosk's Location). */
export interface LegacyBatch {
  kiosks: LegacyKiosk[];
  sessions: { sessionId: string; locationId: string }[];
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
 * Operators copy everything out with `POST /api/admin/migrations/legacy-registry`, a batch per call; this object
 * remembers what was copied, so each call goes on where the last stopped.
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
      // The migration's progress (tables of their own: the two above are what earlier versions left, as they left it).
      this.sql.exec('CREATE TABLE IF NOT EXISTS adopted_kiosks (id TEXT PRIMARY KEY)');
      this.sql.exec('CREATE TABLE IF NOT EXISTS ledgered_sessions (session_id TEXT PRIMARY KEY, entered INTEGER NOT NULL)');
    });
  }

  legacyKiosk(tokenHash: string): LegacyKiosk | null {
    const row = this.sql.exec<KioskRow>('SELECT * FROM kiosks WHERE token_hash = ?', tokenHash).toArray()[0];
    return row ? toLegacyKiosk(row) : null;
  }

  /** The next `size` kiosks and sessions the migration has not copied yet, kiosks first. */
  migrationBatch(size: number): LegacyBatch {
    const kiosks = this.sql
      .exec<KioskRow>('SELECT * FROM kiosks WHERE id NOT IN (SELECT id FROM adopted_kiosks) ORDER BY created_at, id LIMIT ?', size)
      .toArray()
      .map(toLegacyKiosk);
    const room = size - kiosks.length;
    const sessions = room <= 0 ? [] : this.sql
      .exec<{ session_id: string; location_id: string | null }>(
        `SELECT s.session_id, k.location_id FROM sessions s LEFT JOIN kiosks k ON k.id = s.kiosk_id
         WHERE s.session_id NOT IN (SELECT session_id FROM ledgered_sessions) ORDER BY s.rowid LIMIT ?`,
        room,
      )
      .toArray()
      .map((r) => ({ sessionId: r.session_id, locationId: r.location_id ?? '' }));
    return { kiosks, sessions };
  }

  /**
   * Notes what a step copied (`entered`: false for a session whose checkout was never opened, so it has nothing to
   * enter) and answers how far the migration has got.
   */
  recordMigrated(kioskIds: string[], sessions: { sessionId: string; entered: boolean }[]): LegacyMigrationProgress {
    for (const id of kioskIds) this.sql.exec('INSERT INTO adopted_kiosks (id) VALUES (?) ON CONFLICT DO NOTHING', id);
    for (const { sessionId, entered } of sessions) {
      this.sql.exec('INSERT INTO ledgered_sessions (session_id, entered) VALUES (?, ?) ON CONFLICT DO NOTHING', sessionId, entered ? 1 : 0);
    }
    const count = (query: string) => this.sql.exec<{ n: number }>(query).one().n;
    const remaining = {
      kiosks: count('SELECT COUNT(*) AS n FROM kiosks WHERE id NOT IN (SELECT id FROM adopted_kiosks)'),
      sessions: count('SELECT COUNT(*) AS n FROM sessions WHERE session_id NOT IN (SELECT session_id FROM ledgered_sessions)'),
    };
    return {
      kiosks: count('SELECT COUNT(*) AS n FROM kiosks WHERE id IN (SELECT id FROM adopted_kiosks)'),
      sessions: count('SELECT COUNT(*) AS n FROM sessions WHERE session_id IN (SELECT session_id FROM ledgered_sessions WHERE entered = 1)'),
      remaining,
      done: remaining.kiosks === 0 && remaining.sessions === 0,
    };
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
