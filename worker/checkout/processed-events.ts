/**
 * The Stripe events a checkout has acted on, in its own SQLite: each once by event id, and once per change it
 * announces (Stripe may send one change under two event ids, and redelivers what was not acknowledged).
 */
export class ProcessedEvents {
  private ready = false;
  /**
   * Event ids and changes this object is handling now: a duplicate arriving meanwhile is not handled again, and is
   * answered as the first is (Stripe takes a 2xx to either delivery as delivered, so a failure must not be acknowledged).
   */
  private readonly handling = { events: new Map<string, Promise<void>>(), changes: new Map<string, Promise<void>>() };

  constructor(private readonly sql: SqlStorage) {}

  /**
   * Runs `handle` for an event not seen before; `duplicate` when it (or its change) was. An event is recorded once it
   * was handled, so one whose handling throws, or dies with the object (a restart: memory lost, storage kept), is
   * handled again when Stripe redelivers it.
   */
  async once(eventId: string, changeKey: string, handle: () => Promise<void>): Promise<{ duplicate: boolean }> {
    const { events, changes } = this.handling;
    const inFlight = events.get(eventId) ?? changes.get(changeKey);
    if (inFlight) {
      await inFlight;
      return { duplicate: true };
    }
    if (this.seen(eventId, changeKey)) return { duplicate: true };
    const handled = handle().then(() => this.record(eventId, changeKey));
    events.set(eventId, handled);
    changes.set(changeKey, handled);
    try {
      await handled;
    } finally {
      events.delete(eventId);
      changes.delete(changeKey);
    }
    return { duplicate: false };
  }

  private seen(eventId: string, changeKey: string): boolean {
    return this.table().exec('SELECT 1 FROM stripe_events WHERE event_id = ? OR change_key = ? LIMIT 1', eventId, changeKey).toArray().length > 0;
  }

  private record(eventId: string, changeKey: string): void {
    this.table().exec(
      'INSERT INTO stripe_events (event_id, change_key, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      eventId,
      changeKey,
      Date.now(),
    );
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
