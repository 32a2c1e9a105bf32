import { createResource, type Accessor } from 'solid-js';
import { DAILY_REPORT_MAX_DAYS, type DailySales, type DailySalesReport } from '../../../../shared/api.ts';
import * as api from '../api.ts';
import { storeDay } from '../../../../shared/store-day.ts';
import { addDays } from '../format.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const operatorsTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * The report's days and store, as the page's address carries them; by default the last seven days up to the
 * operator's today (stores count their own days, and an operator usually keeps their stores' time).
 */
export function salesQueryOf(search: URLSearchParams, now = Date.now(), timeZone = operatorsTimeZone()): api.SalesQuery {
  const today = storeDay(now, timeZone);
  const to = DAY.test(search.get('to') ?? '') ? search.get('to')! : today;
  const from = DAY.test(search.get('from') ?? '') ? search.get('from')! : addDays(to, -6);
  const location = search.get('store') || undefined;
  return { from, to, ...(location ? { location } : {}) };
}

export function salesSearchOf(query: api.SalesQuery): URLSearchParams {
  return new URLSearchParams({ from: query.from, to: query.to, ...(query.location ? { store: query.location } : {}) });
}

/** Why the worker would refuse to report these days, if it would: the console says it in the operator's words instead. */
export function rangeProblem(query: api.SalesQuery): 'fromAfterTo' | 'tooLong' | null {
  if (query.from > query.to) return 'fromAfterTo';
  if (addDays(query.from, DAILY_REPORT_MAX_DAYS - 1) < query.to) return 'tooLong';
  return null;
}

/** Net sales per day in one currency, every store of the report together. */
export function netByDay(days: readonly DailySales[], currency: string): Map<string, number> {
  const totals = new Map<string, number>();
  for (const row of days) if (row.currency === currency) totals.set(row.date, (totals.get(row.date) ?? 0) + row.net);
  return totals;
}

export const currenciesOf = (days: readonly DailySales[]): string[] => [...new Set(days.map((d) => d.currency))].sort();

/** The daily sales report for the query, and its CSV as a download. */
export function createSales(query: Accessor<api.SalesQuery>) {
  const [report, { refetch }] = createResource(
    () => rangeProblem(query()) === null && JSON.stringify(query()),
    () => api.dailySales(query()),
  );
  /** Whether a report answers the days and store the operator chose last (after a failed read it may not). */
  const answers = (loaded: Pick<DailySalesReport, 'from' | 'to' | 'location'>) => {
    const { from, to, location } = query();
    return loaded.from === from && loaded.to === to && loaded.location === (location ?? null);
  };

  async function downloadCsv(): Promise<string> {
    const { csv, filename } = await api.dailySalesCsv(query());
    const url = URL.createObjectURL(csv);
    const link = Object.assign(document.createElement('a'), { href: url, download: filename });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return filename;
  }

  return { report, downloadCsv, answers, retry: () => void refetch() };
}
