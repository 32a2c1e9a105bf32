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
    // Each insert takes MAX(seq) + 1: the index keeps that a lookup rather than a scan of every object.
    sql.exec('CREATE INDEX IF NOT EXISTS objects_by_seq ON objects (seq)');
  }

  get<T extends StripeObject>(type: string, id: string): T | null {
    const row = this.sql.exec<{ data: string }>('SELECT data FROM objects WHERE id = ? AND type = ?', id, type).toArray()[0];
    return row ? (JSON.parse(row.data) as T) : null;
  }

  /** Any object by id, whatever its type (ids carry their type's prefix, so they never collide). */
  find(id: string): StripeObject | null {
    const row = this.sql.exec<{ data: string }>('SELECT data FROM objects WHERE id = ?', id).toArray()[0];
    return row ? (JSON.parse(row.data) as StripeObject) : null;
  }

  /** Every object of a type, oldest first: for small sets such as webhook endpoints. */
  all<T extends StripeObject>(type: string): T[] {
    return this.sql
      .exec<{ data: string }>('SELECT data FROM objects WHERE type = ? ORDER BY created, seq', type)
      .toArray()
      .map((row) => JSON.parse(row.data) as T);
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

  /**
   * Newest first, as Stripe lists; cursor pagination by object id. The date range and the cursor are applied in
   * SQL, and rows are read one at a time only until the page is full, so a long history costs little.
   */
  list<T extends StripeObject>(type: string, url: string, options: ListOptions = {}): ListPage<T> {
    const limit = Math.min(Math.max(options.limit ?? 10, 1), 100);
    const conditions = ['type = ?'];
    const bindings: SqlStorageValue[] = [type];
    const c = options.created;
    for (const [op, value] of [['>', c?.gt], ['>=', c?.gte], ['<', c?.lt], ['<=', c?.lte]] as const) {
      if (value !== undefined) {
        conditions.push(`created ${op} ?`);
        bindings.push(value);
      }
    }
    const backwards = Boolean(options.endingBefore);
    const cursorId = options.endingBefore ?? options.startingAfter;
    if (cursorId) {
      const cursor = this.sql
        .exec<{ created: number; seq: number }>('SELECT created, seq FROM objects WHERE id = ? AND type = ?', cursorId, type)
        .toArray()[0];
      if (!cursor) throw new Error(`list cursor ${cursorId} is not a ${type}`);
      const op = backwards ? '>' : '<';
      conditions.push(`(created ${op} ? OR (created = ? AND seq ${op} ?))`);
      bindings.push(cursor.created, cursor.created, cursor.seq);
    }
    const order = backwards ? 'created ASC, seq ASC' : 'created DESC, seq DESC';
    const rows = this.sql.exec<{ data: string }>(
      `SELECT data FROM objects WHERE ${conditions.join(' AND ')} ORDER BY ${order}`,
      ...bindings,
    );
    const page: T[] = [];
    for (const row of rows) {
      const obj = JSON.parse(row.data) as T;
      if (options.where && !options.where(obj)) continue;
      page.push(obj);
      if (page.length > limit) break;
    }
    const hasMore = page.length > limit;
    const data = page.slice(0, limit);
    return { object: 'list', data: backwards ? data.reverse() : data, has_more: hasMore, url };
  }

  /** Whether an object of this type exists: list cursors must name one. */
  has(type: string, id: string): boolean {
    return this.sql.exec('SELECT 1 FROM objects WHERE id = ? AND type = ?', id, type).toArray().length > 0;
  }

  clear(): void {
    this.sql.exec('DELETE FROM objects');
  }
}
