import { DurableObject } from 'cloudflare:workers';

export interface Kiosk {
  id: string;
  name: string;
  locationId: string;
  currency: string;
  language: 'en' | 'ko';
  disabled: boolean;
  createdAt: number;
  tokenRotatedAt: number;
}

interface KioskRow {
  id: string;
  name: string;
  location_id: string;
  currency: string;
  language: string;
  disabled: number;
  created_at: number;
  token_rotated_at: number;
  [column: string]: SqlStorageValue;
}

const toKiosk = (row: KioskRow): Kiosk => ({
  id: row.id,
  name: row.name,
  locationId: row.location_id,
  currency: row.currency,
  language: row.language === 'ko' ? 'ko' : 'en',
  disabled: row.disabled === 1,
  createdAt: row.created_at,
  tokenRotatedAt: row.token_rotated_at,
});

/**
 * The fleet's kiosks and the index of their sessions. Tokens are stored only as SHA-256 hashes (they are long
 * random secrets, so a fast hash is enough). One object for the fleet: every kiosk request checks its token here,
 * so a disabled kiosk is refused at once, with no cache to expire.
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
      this.sql.exec('CREATE INDEX IF NOT EXISTS sessions_by_kiosk ON sessions (kiosk_id, created_at)');
    });
  }

  authenticate(tokenHash: string): Kiosk | null {
    const row = this.sql.exec<KioskRow>('SELECT * FROM kiosks WHERE token_hash = ?', tokenHash).toArray()[0];
    return row ? toKiosk(row) : null;
  }

  get(id: string): Kiosk | null {
    const row = this.sql.exec<KioskRow>('SELECT * FROM kiosks WHERE id = ?', id).toArray()[0];
    return row ? toKiosk(row) : null;
  }

  /** Adds a kiosk; provisioning the same id again returns the existing kiosk unchanged. */
  provision(input: Omit<Kiosk, 'disabled' | 'createdAt' | 'tokenRotatedAt'> & { tokenHash: string }): Kiosk {
    const now = Date.now();
    this.sql.exec(
      `INSERT INTO kiosks (id, name, token_hash, location_id, currency, language, created_at, token_rotated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      input.id,
      input.name,
      input.tokenHash,
      input.locationId,
      input.currency,
      input.language,
      now,
      now,
    );
    return this.get(input.id)!;
  }

  list(): Kiosk[] {
    return this.sql.exec<KioskRow>('SELECT * FROM kiosks ORDER BY created_at').toArray().map(toKiosk);
  }

  setDisabled(id: string, disabled: boolean): Kiosk | null {
    this.sql.exec('UPDATE kiosks SET disabled = ? WHERE id = ?', disabled ? 1 : 0, id);
    return this.get(id);
  }

  /** Replaces the kiosk's token: the old one stops working immediately. */
  rotateToken(id: string, tokenHash: string): Kiosk | null {
    this.sql.exec('UPDATE kiosks SET token_hash = ?, token_rotated_at = ? WHERE id = ?', tokenHash, Date.now(), id);
    return this.get(id);
  }

  recordSession(sessionId: string, kioskId: string, createdAt: number): void {
    this.sql.exec(
      'INSERT INTO sessions (session_id, kiosk_id, created_at) VALUES (?, ?, ?) ON CONFLICT (session_id) DO NOTHING',
      sessionId,
      kioskId,
      createdAt,
    );
  }

  /** Session ids, oldest first, for operators and the benchmark's invariant checks. */
  listSessions(options: { kioskId?: string; after?: string; limit?: number }): { sessionId: string; kioskId: string }[] {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
    const rows = this.sql
      .exec<{ session_id: string; kiosk_id: string }>(
        `SELECT session_id, kiosk_id FROM sessions
         WHERE (?1 IS NULL OR kiosk_id = ?1) AND (?2 IS NULL OR rowid > (SELECT rowid FROM sessions WHERE session_id = ?2))
         ORDER BY rowid LIMIT ?3`,
        options.kioskId ?? null,
        options.after ?? null,
        limit,
      )
      .toArray();
    return rows.map((r) => ({ sessionId: r.session_id, kioskId: r.kiosk_id }));
  }
}
