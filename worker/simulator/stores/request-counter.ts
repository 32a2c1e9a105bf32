/**
 * How many API requests the simulator served, by method and path shape (ids replaced by `*`): what a run cost at
 * "Stripe", against the account's rate limit. Read and cleared with the `requests` test control.
 */
export class RequestCounter {
  constructor(private readonly sql: SqlStorage) {
    sql.exec('CREATE TABLE IF NOT EXISTS request_counts (route TEXT PRIMARY KEY, count INTEGER NOT NULL)');
  }

  count(method: string, pathname: string): void {
    // An id is a short prefix and a random tail with capitals or digits (`pi_3Nx...`), unlike `payment_intents`.
    const route = `${method} ${pathname.replace(/\/[a-z]{2,6}_(?=[A-Za-z0-9]*[A-Z0-9])[A-Za-z0-9]+(?=\/|$)/g, '/*')}`;
    this.sql.exec('INSERT INTO request_counts (route, count) VALUES (?, 1) ON CONFLICT (route) DO UPDATE SET count = count + 1', route);
  }

  counts(): Record<string, number> {
    const rows = this.sql.exec<{ route: string; count: number }>('SELECT route, count FROM request_counts ORDER BY route').toArray();
    return Object.fromEntries(rows.map((r) => [r.route, r.count]));
  }

  clear(): void {
    this.sql.exec('DELETE FROM request_counts');
  }
}
