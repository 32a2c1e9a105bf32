/** The ledger's rows as the objects write them (columns of migrations/*.sql, in snake_case). */

export interface KioskRow {
  id: string;
  name: string;
  location_id: string;
  currency: string;
  language: string;
  reader_id: string | null;
  disabled: number;
  created_at: number;
  updated_at: number;
  version: number;
}

export interface SessionRow {
  id: string;
  kiosk_id: string;
  location_id: string;
  amount: number;
  tip: number;
  currency: string;
  status: string;
  payment_intent_id: string | null;
  charge_id: string | null;
  refunded: number;
  order_number: number | null;
  service_mode: string | null;
  cancellation_reason: string | null;
  attention_reason: string | null;
  created_at: number;
  updated_at: number;
  version: number;
}

export interface PaymentRow {
  payment_intent_id: string;
  session_id: string;
  kiosk_id: string;
  location_id: string;
  charge_id: string | null;
  amount: number;
  currency: string;
  card_brand: string | null;
  card_last4: string | null;
  paid_at: number;
  /** YYYY-MM-DD of `paid_at` in the store's time zone: the day its sales report counts it on. */
  store_day: string;
  version: number;
}

export interface RefundRow {
  id: string;
  session_id: string;
  payment_intent_id: string;
  kiosk_id: string;
  location_id: string;
  amount: number;
  currency: string;
  status: string;
  reason: string | null;
  created_at: number;
  /** YYYY-MM-DD of `created_at` in the store's time zone: the day its sales report counts it on. */
  store_day: string;
  updated_at: number;
  version: number;
}

/** A snapshot of one ledger row, named by its table and primary key. */
export type LedgerEntry =
  | { table: 'kiosks'; row: KioskRow }
  | { table: 'sessions'; row: SessionRow }
  | { table: 'payments'; row: PaymentRow }
  | { table: 'refunds'; row: RefundRow };

const PRIMARY_KEY: Record<LedgerEntry['table'], string> = {
  kiosks: 'id',
  sessions: 'id',
  payments: 'payment_intent_id',
  refunds: 'id',
};

export const entryKey = (entry: LedgerEntry): string =>
  `${entry.table}:${(entry.row as unknown as Record<string, unknown>)[PRIMARY_KEY[entry.table]]}`;

/**
 * An idempotent upsert: writing the same snapshot twice, or an older one after a newer one, changes nothing.
 * Column names come from the row types above, never from input.
 */
export function upsert(db: D1Database, entry: LedgerEntry): D1PreparedStatement {
  const row = entry.row as unknown as Record<string, string | number | null>;
  const columns = Object.keys(row);
  const key = PRIMARY_KEY[entry.table];
  const updates = columns.filter((c) => c !== key).map((c) => `${c} = excluded.${c}`);
  const sql =
    `INSERT INTO ${entry.table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ` +
    `ON CONFLICT (${key}) DO UPDATE SET ${updates.join(', ')} WHERE excluded.version > ${entry.table}.version`;
  return db.prepare(sql).bind(...columns.map((c) => row[c] ?? null));
}
