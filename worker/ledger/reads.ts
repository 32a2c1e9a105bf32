import { encodeCursor, type Cursor } from './cursor.ts';
import type { KioskRow, SessionRow } from './rows.ts';

export interface ListOptions {
  /** Column filters, compared for equality. */
  where: Record<string, string | number | undefined>;
  /** Ids ending with this (lowercase hex): the short reference a kiosk shows a customer who needs staff. */
  idEndsWith?: string;
  createdFrom?: number;
  createdTo?: number;
  cursor?: Cursor;
  limit: number;
  order: 'asc' | 'desc';
}

/**
 * One page of a ledger table, by creation time (ties broken by id), with keyset pagination: each page is an index
 * range scan whatever the table's size. Only the named columns of our own schema reach the SQL text.
 */
async function page<Row extends { created_at: number; id: string }>(
  db: D1Database,
  table: 'sessions' | 'kiosks',
  options: ListOptions,
): Promise<{ rows: Row[]; nextCursor: string | null }> {
  const conditions: string[] = [];
  const bindings: (string | number)[] = [];
  for (const [column, value] of Object.entries(options.where)) {
    if (value === undefined) continue;
    conditions.push(`${column} = ?`);
    bindings.push(value);
  }
  if (options.idEndsWith !== undefined) {
    conditions.push('id LIKE ?');
    bindings.push(`%${options.idEndsWith}`);
  }
  if (options.createdFrom !== undefined) {
    conditions.push('created_at >= ?');
    bindings.push(options.createdFrom);
  }
  if (options.createdTo !== undefined) {
    conditions.push('created_at < ?');
    bindings.push(options.createdTo);
  }
  const op = options.order === 'asc' ? '>' : '<';
  if (options.cursor) {
    // A row value, not `created_at < ? OR (created_at = ? AND id < ?)`: SQLite seeks the index to the cursor with it,
    // where the OR form walks every row of the pages before.
    conditions.push(`(created_at, id) ${op} (?, ?)`);
    bindings.push(options.cursor.createdAt, options.cursor.id);
  }
  const direction = options.order === 'asc' ? 'ASC' : 'DESC';
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const { results } = await db
    .prepare(`SELECT * FROM ${table} ${where} ORDER BY created_at ${direction}, id ${direction} LIMIT ?`)
    .bind(...bindings, options.limit + 1)
    .all<Row>();
  const rows = results.slice(0, options.limit);
  const last = rows.at(-1);
  return { rows, nextCursor: results.length > options.limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null };
}

export const listSessions = (db: D1Database, options: ListOptions) => page<SessionRow>(db, 'sessions', options);
export const listKiosks = (db: D1Database, options: ListOptions) => page<KioskRow>(db, 'kiosks', options);

/** Where an old-style `after=<session id>` cursor points. */
export async function sessionCursor(db: D1Database, sessionId: string): Promise<Cursor | null> {
  const row = await db.prepare('SELECT created_at, id FROM sessions WHERE id = ?').bind(sessionId).first<{ created_at: number; id: string }>();
  return row ? { createdAt: row.created_at, id: row.id } : null;
}
