import { Hono } from 'hono';
import { accepts } from 'hono/accepts';
import { z } from 'zod';
import { DAILY_REPORT_MAX_DAYS as MAX_DAYS, type DailySalesReport } from '../../../shared/api.ts';
import type { AppEnv } from '../../app-env.ts';
import { ApiError } from '../../errors.ts';
import { dailySales, dailySalesCsv, daysBetween } from '../../reports/daily-sales.ts';
import { valid } from '../../validation.ts';
import { locationId } from './catalog-params.ts';

const dailyQuery = z.strictObject({
  from: z.iso.date('a date, YYYY-MM-DD'),
  to: z.iso.date('a date, YYYY-MM-DD'),
  location: locationId.optional(),
});

/** Operators' reports, from the D1 ledger. */
export const adminReportRoutes = new Hono<AppEnv>().get('/daily', valid('query', dailyQuery), async (c) => {
  const { from, to, location } = c.req.valid('query');
  const days = daysBetween(from, to);
  if (days < 1) throw new ApiError(400, 'invalid_request', 'from must not be after to');
  if (days > MAX_DAYS) throw new ApiError(400, 'invalid_request', `A report covers at most ${MAX_DAYS} days`);
  const sales = await dailySales(c.env.DB, { from, to, locationId: location });
  if (accepts(c, { header: 'Accept', supports: ['application/json', 'text/csv'], default: 'application/json' }) === 'text/csv') {
    const filename = `sales-${from}-to-${to}${location ? `-${location}` : ''}.csv`;
    return c.body(dailySalesCsv(sales), 200, {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': `attachment; filename="${filename}"`,
    });
  }
  return c.json({ from, to, timeZone: 'store', location: location ?? null, days: sales } satisfies DailySalesReport, 200);
});
