/** The simulator's own settings (simulated clock, account country, delivery target), one JSON value per key. */
export class SettingsStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec('CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  }

  get<T>(key: string): T | null {
    const row = this.sql.exec<{ value: string }>('SELECT value FROM settings WHERE key = ?', key).toArray()[0];
    return row ? (JSON.parse(row.value) as T) : null;
  }

  set(key: string, value: unknown): void {
    this.sql.exec(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      key,
      JSON.stringify(value),
    );
  }

  delete(key: string): void {
    this.sql.exec('DELETE FROM settings WHERE key = ?', key);
  }

  clear(): void {
    this.sql.exec('DELETE FROM settings');
  }
}
