import type { DailySales } from '../../shared/api.ts';

/**
 * Sales per day, store and currency, from the ledger, each store's day in its own time zone: payments by the day they
 * were taken, refunds by the day they were made (what left the account that day), failed and canceled refunds not
 * counted.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export interface SalesQuery {
  /** YYYY-MM-DD, both days included. */
  from: string;
  to: string;
  locationId?: string;
}

interface PaymentTotals {
  day: string;
  location_id: string;
  currency: string;
  count: number;
  gross: number;
}

interface RefundTotals {
  day: string;
  location_id: string;
  currency: string;
  refunded: number;
}

export async function dailySales(db: D1Database, query: SalesQuery): Promise<DailySales[]> {
  const atLocation = query.locationId === undefined ? '' : 'AND location_id = ?3';
  const bindings = query.locationId === undefined ? [query.from, query.to] : [query.from, query.to, query.locationId];
  const [payments, refunds] = await db.batch<PaymentTotals | RefundTotals>([
    db
      .prepare(
        `SELECT store_day AS day, location_id, currency, COUNT(*) AS count, SUM(amount) AS gross
         FROM payments WHERE store_day BETWEEN ?1 AND ?2 ${atLocation}
         GROUP BY day, location_id, currency`,
      )
      .bind(...bindings),
    db
      .prepare(
        `SELECT store_day AS day, location_id, currency, SUM(amount) AS refunded
         FROM refunds WHERE store_day BETWEEN ?1 AND ?2 AND status NOT IN ('failed', 'canceled') ${atLocation}
         GROUP BY day, location_id, currency`,
      )
      .bind(...bindings),
  ]);
  return mergeDailySales(payments!.results as PaymentTotals[], refunds!.results as RefundTotals[]);
}

/** One row per day, store and currency that had a payment or a refund, in date, store, currency order. */
export function mergeDailySales(payments: readonly PaymentTotals[], refunds: readonly RefundTotals[]): DailySales[] {
  const rows = new Map<string, DailySales>();
  const rowFor = (day: string, locationId: string, currency: string) => {
    const key = `${day} ${locationId} ${currency}`;
    let row = rows.get(key);
    if (!row) {
      row = { date: day, locationId, currency, count: 0, gross: 0, refunded: 0, net: 0 };
      rows.set(key, row);
    }
    return row;
  };
  for (const p of payments) Object.assign(rowFor(p.day, p.location_id, p.currency), { count: p.count, gross: p.gross });
  for (const r of refunds) rowFor(r.day, r.location_id, r.currency).refunded = r.refunded;
  return [...rows.values()]
    .map((row) => ({ ...row, net: row.gross - row.refunded }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.locationId.localeCompare(b.locationId) || a.currency.localeCompare(b.currency));
}

/** A field as RFC 4180 writes it: quoted (quotes doubled) when it holds a comma, a quote or a line break. */
const csvField = (value: string | number): string => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The report as CSV (RFC 4180: a header row, CRLF line ends); amounts in each currency's smallest unit. */
export function dailySalesCsv(days: readonly DailySales[]): string {
  const header = ['date', 'location_id', 'currency', 'count', 'gross', 'refunded', 'net'];
  const lines = days.map((d) => [d.date, d.locationId, d.currency, d.count, d.gross, d.refunded, d.net]);
  return [header, ...lines].map((fields) => fields.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Days from `from` to `to`, both included. */
export const daysBetween = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
