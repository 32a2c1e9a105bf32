import { Hono } from 'hono';
import { z } from 'zod';
import type { Page, SessionSummary } from '../../../shared/api.ts';
import { SESSION_STATUSES, type CancellationReason } from '../../../shared/session-status.ts';
import type { AppEnv } from '../../app-env.ts';
import { ApiError } from '../../errors.ts';
import { listSessions, sessionCursor } from '../../ledger/reads.ts';
import type { SessionRow } from '../../ledger/rows.ts';
import { sessionObject } from '../../objects.ts';
import { valid } from '../../validation.ts';
import { sessionParam } from '../params.ts';
import { listOptions, listQueryFields } from './list-query.ts';

const sessionsQuery = z.strictObject({
  ...listQueryFields,
  kioskId: z.string().max(64).optional(),
  locationId: z.string().max(64).optional(),
  status: z.enum(SESSION_STATUSES).optional(),
  /** The id of the last session of the previous page (the cursor of earlier versions). */
  after: z.string().max(80).optional(),
});

const summaryOf = (row: SessionRow): SessionSummary => ({
  sessionId: row.id,
  kioskId: row.kiosk_id,
  locationId: row.location_id,
  amount: row.amount,
  currency: row.currency,
  status: row.status as SessionSummary['status'],
  paymentIntentId: row.payment_intent_id,
  chargeId: row.charge_id,
  refunded: row.refunded,
  cancellationReason: row.cancellation_reason as CancellationReason | null,
  attentionReason: row.attention_reason,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Operators: the fleet's sessions from the D1 ledger, and one session's full view from its own object. */
export const adminSessionRoutes = new Hono<AppEnv>()
  .get('/', valid('query', sessionsQuery), async (c) => {
    const query = c.req.valid('query');
    const options = listOptions(query, { kiosk_id: query.kioskId, location_id: query.locationId, status: query.status });
    if (query.after !== undefined) {
      const cursor = await sessionCursor(c.env.DB, query.after);
      if (!cursor) throw new ApiError(400, 'invalid_request', `after: no session ${query.after}`);
      options.cursor = cursor;
    }
    const { rows, nextCursor } = await listSessions(c.env.DB, options);
    return c.json({ sessions: rows.map(summaryOf), nextCursor } satisfies Page<'sessions', SessionSummary>, 200);
  })
  .get('/:id', valid('param', sessionParam), async (c) => {
    const found = await sessionObject(c.env, c.req.valid('param').id).inspect();
    if (!found) throw new ApiError(404, 'session_not_found', 'No such checkout session');
    return c.json(found, 200);
  });
