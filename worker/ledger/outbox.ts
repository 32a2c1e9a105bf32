import { entryKey, upsert, type LedgerEntry } from './rows.ts';

/**
 * The ledger rows an object still has to write to D1, kept in the object's own SQLite storage so that a state change
 * and its ledger row are saved together (one transaction) and the row reaches D1 at least once, off the request's
 * path: the object's alarm flushes it and tries again while D1 fails. A newer snapshot of a row replaces one not yet
 * written, and D1 ignores snapshots older than what it has, so retries and reordering never double-count.
 */
export class LedgerOutbox {
  private ready = false;

  constructor(
    private readonly sql: SqlStorage,
    private readonly db: D1Database,
  ) {}

  /** Created on first use: an object that never writes (an unknown id being read) keeps no storage at all. */
  private table(): SqlStorage {
    if (!this.ready) {
      this.sql.exec('CREATE TABLE IF NOT EXISTS ledger_outbox (key TEXT PRIMARY KEY, entry TEXT NOT NULL)');
      this.ready = true;
    }
    return this.sql;
  }

  put(...entries: LedgerEntry[]): void {
    for (const entry of entries) {
      this.table().exec(
        'INSERT INTO ledger_outbox (key, entry) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET entry = excluded.entry',
        entryKey(entry),
        JSON.stringify(entry),
      );
    }
  }

  hasPending(): boolean {
    return this.table().exec('SELECT 1 FROM ledger_outbox LIMIT 1').toArray().length > 0;
  }

  /** Writes every pending row in one D1 batch; throws (keeping them) if D1 fails. */
  async flush(): Promise<void> {
    const pending = this.table().exec<{ key: string; entry: string }>('SELECT key, entry FROM ledger_outbox').toArray();
    if (pending.length === 0) return;
    await this.db.batch(pending.map((p) => upsert(this.db, JSON.parse(p.entry) as LedgerEntry)));
    // Only what was written: a newer snapshot queued meanwhile stays for the next flush.
    for (const p of pending) this.table().exec('DELETE FROM ledger_outbox WHERE key = ? AND entry = ?', p.key, p.entry);
  }
}
