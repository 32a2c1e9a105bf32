/** The simulator's state, in its Durable Object's SQLite storage: every Stripe object as JSON, keyed by id. */
export interface StripeObject {
  id: string;
  object: string;
  created?: number;
  /** Terminal readers and locations have no `created` in Stripe's API; they keep it privately, for list order. */
  _created?: number;
  [field: string]: unknown;
}

function createdAt(obj: StripeObject): number {
  const created = obj.created ?? obj._created;
  if (created === undefined) throw new Error(`${obj.object} ${obj.id} has no creation time`);
  return created;
}

export interface ListPage<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

export interface ListOptions {
  limit?: number;
  startingAfter?: string;
  endingBefore?: string;
  created?: { gt?: number; gte?: number; lt?: number; lte?: number };
  where?: (obj: StripeObject) => boolean;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomId(prefix: string, length = 24): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  for (const b of bytes) out += ID_ALPHABET[b % ID_ALPHABET.length];
  return `${prefix}_${out}`;
}

export class ObjectStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS objects (
      id TEXT PRIMARY KEY, type TEXT NOT NULL, created INTEGER NOT NULL, seq INTEGER NOT NULL, data TEXT NOT NULL)`);
    sql.exec('CREATE INDEX IF NOT EXISTS objects_by_type ON objects (type, created DESC, seq DESC)');
    sql.exec('CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  }

  get<T extends StripeObject>(type: string, id: string): T | null {
    const row = this.sql.exec<{ data: string }>('SELECT data FROM objects WHERE id = ? AND type = ?', id, type).toArray()[0];
    return row ? (JSON.parse(row.data) as T) : null;
  }

  put(obj: StripeObject): void {
    this.sql.exec(
      `INSERT INTO objects (id, type, created, seq, data) VALUES (?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM objects), ?)
       ON CONFLICT (id) DO UPDATE SET data = excluded.data`,
      obj.id,
      obj.object,
      createdAt(obj),
      JSON.stringify(obj),
    );
  }

  delete(id: string): void {
    this.sql.exec('DELETE FROM objects WHERE id = ?', id);
  }

  /** Newest first, as Stripe lists; cursor pagination by object id. */
  list<T extends StripeObject>(type: string, url: string, options: ListOptions = {}): ListPage<T> {
    const limit = Math.min(Math.max(options.limit ?? 10, 1), 100);
    const rows = this.sql
      .exec<{ id: string; created: number; seq: number; data: string }>(
        'SELECT id, created, seq, data FROM objects WHERE type = ? ORDER BY created DESC, seq DESC',
        type,
      )
      .toArray();
    const c = options.created;
    let matching = rows.filter(
      (r) =>
        (c?.gt === undefined || r.created > c.gt) &&
        (c?.gte === undefined || r.created >= c.gte) &&
        (c?.lt === undefined || r.created < c.lt) &&
        (c?.lte === undefined || r.created <= c.lte),
    );
    if (options.where) matching = matching.filter((r) => options.where!(JSON.parse(r.data) as StripeObject));
    let page: typeof matching;
    let hasMore: boolean;
    if (options.endingBefore) {
      const end = matching.findIndex((r) => r.id === options.endingBefore);
      const before = end < 0 ? [] : matching.slice(0, end);
      page = before.slice(-limit);
      hasMore = before.length > limit;
    } else {
      const start = options.startingAfter ? matching.findIndex((r) => r.id === options.startingAfter) + 1 : 0;
      const after = options.startingAfter && start === 0 ? [] : matching.slice(start);
      page = after.slice(0, limit);
      hasMore = after.length > limit;
    }
    return { object: 'list', data: page.map((r) => JSON.parse(r.data) as T), has_more: hasMore, url };
  }

  getSetting(key: string): string | null {
    return this.sql.exec<{ value: string }>('SELECT value FROM settings WHERE key = ?', key).toArray()[0]?.value ?? null;
  }

  setSetting(key: string, value: string): void {
    this.sql.exec('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', key, value);
  }
}
