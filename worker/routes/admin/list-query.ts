import { z } from 'zod';
import { ApiError } from '../../errors.ts';
import { decodeCursor } from '../../ledger/cursor.ts';
import type { ListOptions } from '../../ledger/reads.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A number from 1e9 to 1e11 is, in milliseconds, a moment of 1970-1973, before any ledger row; in seconds (how Stripe
 * and Unix tools write times) it is 2001-5138. Surely seconds, which read as milliseconds would filter from 1970.
 */
const readsAsSeconds = (text: string): boolean => /^\d{1,15}$/.test(text) && Number(text) >= 1e9 && Number(text) < 1e11;

/**
 * A point in time as operators and their tools write it: a date (UTC), an ISO date-time, or milliseconds since the
 * epoch (what every `createdAt` in these lists is). A date means its first moment for `from` and the whole day for
 * `to` (`from=2026-11-28&to=2026-11-28` is that day); a date-time or a number is the moment itself, `to` excluded.
 */
const instant = (date: 'start' | 'whole day') =>
  z
    .string()
    .refine((text) => !readsAsSeconds(text), {
      error: (issue) => `milliseconds since the epoch, not seconds (${String(issue.input)} seconds is ${String(issue.input)}000)`,
      abort: true,
    })
    .pipe(
      z.union([
        z.iso.date().transform((text) => Date.parse(text) + (date === 'whole day' ? DAY_MS : 0)),
        z.iso.datetime({ offset: true }).transform((text) => Date.parse(text)),
        z.string().regex(/^\d{1,15}$/).transform(Number),
      ], 'a date (YYYY-MM-DD), an ISO date-time or milliseconds since the epoch'),
    );

/** A filter that also answers to a shorter name (`kiosk` for `kioskId`): both mean the same; they must not differ. */
export function oneOf(name: string, value: string | undefined, alias: string | undefined): string | undefined {
  if (value !== undefined && alias !== undefined && value !== alias) {
    throw new ApiError(400, 'invalid_request', `${name}: given twice, with different values`);
  }
  return value ?? alias;
}

/** What a refused `limit` is told (the refusal names the field before it). */
const LIMIT_TAKES = 'a whole number from 1 to 1000';

/** The paging and time filters every ledger list takes. */
export const listQueryFields = {
  cursor: z.string().max(200).optional(),
  // Digits only: Number() would also read `0x10`, `1e3` and ` 1`.
  limit: z
    .string()
    .regex(/^\d{1,4}$/, LIMIT_TAKES)
    .transform(Number)
    .pipe(z.number().min(1, LIMIT_TAKES).max(1000, LIMIT_TAKES))
    .optional(),
  order: z.enum(['asc', 'desc']).optional(),
  from: instant('start').optional(),
  to: instant('whole day').optional(),
};

type ListQuery = { cursor?: string; limit?: number; order?: 'asc' | 'desc'; from?: number; to?: number };

export function listOptions(query: ListQuery, where: ListOptions['where']): ListOptions {
  const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (cursor === null) throw new ApiError(400, 'invalid_request', 'cursor: not a cursor from a previous page');
  if (query.from !== undefined && query.to !== undefined && query.from >= query.to) {
    throw new ApiError(400, 'invalid_request', 'from must be before to');
  }
  return {
    where,
    createdFrom: query.from,
    createdTo: query.to,
    cursor,
    limit: query.limit ?? 100,
    order: query.order ?? 'desc',
  };
}
