/**
 * The Stripe events a checkout has acted on, in its own SQLite: each once by event id, and once per change it
 * announces (Stripe may send one change under two event ids, and redelivers what was not acknowledged).
 */
export class ProcessedEvents {
  private ready = false;

  constructor(private readonly sql: SqlStorage) {}

  /**
   * Runs `handle` for an event not seen before; `duplicate` when it (or its change) was. An event whose handling
   * throws is forgotten, so Stripe's redelivery is not mistaken for a duplicate.
   */
  async once(eventId: string, changeKey: string, handle: () => Promise<void>): Promise<{ duplicate: boolean }> {
    if (!this.record(eventId, changeKey)) return { duplicate: true };
    try {
      await handle();
    } catch (err) {
      this.table().exec('DELETE FROM stripe_events WHERE event_id = ?', eventId);
      throw err;
    }
    return { duplicate: false };
  }

  private record(eventId: string, changeKey: string): boolean {
    const inserted = this.table().exec(
      'INSERT INTO stripe_events (event_id, change_key, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      eventId,
      changeKey,
      Date.now(),
    );
    return inserted.rowsWritten > 0;
  }

  private table(): SqlStorage {
    if (!this.ready) {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS stripe_events (
        event_id TEXT PRIMARY KEY, change_key TEXT NOT NULL UNIQUE, received_at INTEGER NOT NULL)`);
      this.ready = true;
    }
    return this.sql;
  }
}
