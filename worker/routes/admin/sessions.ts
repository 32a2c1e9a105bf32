import { Hono } from 'hono';
import { z } from 'zod';
import { REFUND_REASONS, SERVICE_MODES, type InPersonRefundRequest, type Page, type RefundRequest, type SessionDetail, type SessionSummary } from '../../../shared/api.ts';
import { SESSION_STATUSES, type CancellationReason } from '../../../shared/session-status.ts';
import type { AppEnv } from '../../app-env.ts';
import { ApiError, unwrap } from '../../errors.ts';
import { listSessions, sessionCursor } from '../../ledger/reads.ts';
import type { SessionRow } from '../../ledger/rows.ts';
import { sessionObject } from '../../objects.ts';
import { idempotencyKeyOf, noFields, valid } from '../../validation.ts';
import { noSuchSession, sessionParam } from '../params.ts';
import { listOptions, listQueryFields, oneOf } from './list-query.ts';

const sessionsQuery = z.strictObject({
  ...listQueryFields,
  kioskId: z.string().max(64).optional(),
  kiosk: z.string().max(64).optional(),
  locationId: z.string().max(64).optional(),
  location: z.string().max(64).optional(),
  status: z.enum(SESSION_STATUSES).optional(),
  /** The reference a kiosk shows a customer who needs staff: the end of the session id (6 hex digits, any case). */
  reference: z
    .string()
    .regex(/^[0-9a-fA-F]{6,32}$/, 'the 6 letters and digits the kiosk shows')
    .transform((text) => text.toLowerCase())
    .optional(),
  /** The id of the last session of the previous page (the cursor of earlier versions). */
  after: z.string().max(80).optional(),
});

/** An operator's refund: the rest of the payment, or `amount` of it (in the currency's smallest unit). */
const refundBody = z.strictObject({
  amount: z.number().int('a whole number of the smallest currency unit').positive().optional(),
  reason: z.enum(REFUND_REASONS).optional(),
}) satisfies z.ZodType<RefundRequest>;

/** An operator's in-person refund (Interac): the rest of the payment or `amount` of it, at a reader of the session's store. */
const inPersonRefundBody = z.strictObject({
  amount: z.number().int('a whole number of the smallest currency unit').positive().optional(),
  readerId: z.string().regex(/^tmr_[A-Za-z0-9]{1,64}$/, 'a Stripe reader id (tmr_...)').optional(),
}) satisfies z.ZodType<InPersonRefundRequest>;

const summaryOf = (row: SessionRow): SessionSummary => ({
  sessionId: row.id,
  kioskId: row.kiosk_id,
  locationId: row.location_id,
  amount: row.amount,
  tip: row.tip,
  currency: row.currency,
  status: row.status as SessionSummary['status'],
  paymentIntentId: row.payment_intent_id,
  chargeId: row.charge_id,
  refunded: row.refunded,
  orderNumber: row.order_number,
  serviceMode: SERVICE_MODES.find((mode) => mode === row.service_mode) ?? null,
  cancellationReason: row.cancellation_reason as CancellationReason | null,
  attentionReason: row.attention_reason,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Operators: the fleet's sessions from the D1 ledger, and one session's full view from its own object. */
export const adminSessionRoutes = new Hono<AppEnv>()
  .get('/', valid('query', sessionsQuery), async (c) => {
    const query = c.req.valid('query');
    const options = listOptions(query, {
      kiosk_id: oneOf('kioskId', query.kioskId, query.kiosk),
      location_id: oneOf('locationId', query.locationId, query.location),
      status: query.status,
    });
    options.idEndsWith = query.reference;
    if (query.after !== undefined) {
      const cursor = await sessionCursor(c.env.DB, query.after);
      if (!cursor) throw new ApiError(400, 'invalid_request', `after: no session ${query.after}`);
      options.cursor = cursor;
    }
    const { rows, nextCursor } = await listSessions(c.env.DB, options);
    return c.json({ sessions: rows.map(summaryOf), nextCursor } satisfies Page<'sessions', SessionSummary>, 200);
  })
  .get('/:id', valid('param', sessionParam, noSuchSession), async (c) => {
    const found = await sessionObject(c.env, c.req.valid('param').id).inspect();
    if (!found) throw new ApiError(404, 'session_not_found', 'No such checkout session');
    return c.json(found satisfies SessionDetail, 200);
  })
  .post('/:id/cancel', valid('param', sessionParam, noSuchSession), noFields('cancel'), async (c) => {
    const { session } = unwrap(await sessionObject(c.env, c.req.valid('param').id).cancelByOperator());
    return c.json({ session }, 200);
  })
  .post('/:id/handled', valid('param', sessionParam, noSuchSession), noFields('handled'), async (c) => {
    const { detail } = unwrap(await sessionObject(c.env, c.req.valid('param').id).markHandled());
    return c.json(detail satisfies SessionDetail, 200);
  })
  .post('/:id/refunds', valid('param', sessionParam, noSuchSession), valid('json', refundBody), async (c) => {
    const key = idempotencyKeyOf(c) ?? crypto.randomUUID();
    const { refund } = unwrap(await sessionObject(c.env, c.req.valid('param').id).refund({ ...c.req.valid('json'), idempotencyKey: key }));
    return c.json({ refund }, 201);
  })
  .post('/:id/refunds/in-person', valid('param', sessionParam, noSuchSession), valid('json', inPersonRefundBody), async (c) => {
    const key = idempotencyKeyOf(c) ?? crypto.randomUUID();
    const session = sessionObject(c.env, c.req.valid('param').id);
    const { inPersonRefund } = unwrap(await session.refundInPerson({ ...c.req.valid('json'), idempotencyKey: key }));
    // Accepted: the reader waits for the customer's card; the refund shows on the session once Stripe made it.
    return c.json({ inPersonRefund }, 202);
  })
  .post('/:id/refunds/in-person/cancel', valid('param', sessionParam, noSuchSession), noFields('cancel'), async (c) => {
    const { inPersonRefund } = unwrap(await sessionObject(c.env, c.req.valid('param').id).cancelInPersonRefund());
    return c.json({ inPersonRefund }, 200);
  });
