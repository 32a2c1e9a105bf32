/**
 * State changes Stripe makes on its own some time after a request: a refund of the refund-failure card failing, a held
 * authorization expiring uncaptured.
 */
export type ScheduledChangeKind = 'fail_refund' | 'expire_authorization';

export interface ScheduledChange {
  id: number;
  kind: ScheduledChangeKind;
  object_id: string;
}

/**
 * Changes due at a time on the simulated clock, in SQLite, applied by the Durable Object's alarm. Keyed on simulated
 * time so that a test moves the clock forward (`_simulator/clock/advance`) instead of waiting.
 */
export class ScheduledChanges {
  constructor(
    private readonly sql: SqlStorage,
    private readonly wake: () => void,
  ) {
    sql.exec(`CREATE TABLE IF NOT EXISTS scheduled_changes (
      id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, object_id TEXT NOT NULL, due_sim_ms INTEGER NOT NULL)`);
  }

  add(kind: ScheduledChangeKind, objectId: string, dueSimMs: number): void {
    this.sql.exec('INSERT INTO scheduled_changes (kind, object_id, due_sim_ms) VALUES (?, ?, ?)', kind, objectId, dueSimMs);
    this.wake();
  }

  /** Removes and returns the changes due at this simulated time; the caller applies them in the same step. */
  takeDue(simNowMs: number): ScheduledChange[] {
    const due = this.sql
      .exec<{ id: number; kind: ScheduledChangeKind; object_id: string }>(
        'SELECT id, kind, object_id FROM scheduled_changes WHERE due_sim_ms <= ? ORDER BY due_sim_ms, id',
        simNowMs,
      )
      .toArray();
    this.sql.exec('DELETE FROM scheduled_changes WHERE due_sim_ms <= ?', simNowMs);
    return due;
  }

  /** When the next change is due on the simulated clock, or null. */
  nextDueSimMs(): number | null {
    return this.sql.exec<{ due: number | null }>('SELECT MIN(due_sim_ms) AS due FROM scheduled_changes').one().due;
  }

  clear(): void {
    this.sql.exec('DELETE FROM scheduled_changes');
  }
}
