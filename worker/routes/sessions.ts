import { Hono } from 'hono';
import { z } from 'zod';
import { MAX_QUANTITY, SERVICE_MODES, type CompleteRequest, type CreateSessionRequest, type LiveChannelResponse, type ProgressRequest } from '../../shared/api.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import { kioskAnswer, kioskChecked } from '../middleware/kiosk-auth.ts';
import { kioskObject, sessionObject } from '../objects.ts';
import { idempotencyKeyOf, noFields, valid } from '../validation.ts';
import { sessionParam } from './params.ts';

const MAX_LINES = 50;
const MAX_OPTIONS = 20;

const createSessionBody = z.strictObject({
  items: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(64),
        quantity: z.number().int('a whole number').min(1).max(MAX_QUANTITY),
        options: z.array(z.string().min(1).max(64)).max(MAX_OPTIONS).optional(),
      }),
    )
    .min(1, 'the cart is empty')
    .max(MAX_LINES),
  serviceMode: z.enum(SERVICE_MODES).optional(),
}) satisfies z.ZodType<CreateSessionRequest>;
const completeBody = z.strictObject({ paymentIntentId: z.string().min(1).max(255) }) satisfies z.ZodType<CompleteRequest>;
const progressBody = z.strictObject({
  status: z.enum(['connecting', 'waiting_card', 'processing', 'failed']),
}) satisfies z.ZodType<ProgressRequest>;

/**
 * A kiosk's checkouts. Creating one goes to the kiosk's object (it checks the token, prices the cart and opens the
 * checkout); everything about an existing checkout goes straight to that checkout's object, which checks the token.
 */
export const sessionRoutes = new Hono<AppEnv>()
  .post('/', kioskChecked(valid('json', createSessionBody)), async (c) => {
    const key = idempotencyKeyOf(c);
    const { credential } = c.var;
    const opened = await kioskAnswer(c, kioskObject(c.env, credential.kioskId).openSession(credential, c.req.valid('json'), key));
    return c.json(opened.session, 201);
  })
  .get('/:id', valid('param', sessionParam), async (c) => {
    const { session } = await kioskAnswer(c, sessionObject(c.env, c.req.valid('param').id).get(c.var.credential));
    return c.json(session, 200);
  })
  .post('/:id/progress', valid('param', sessionParam), kioskChecked(valid('json', progressBody)), async (c) => {
    const { status } = c.req.valid('json');
    const { session } = await kioskAnswer(c, sessionObject(c.env, c.req.valid('param').id).progress(c.var.credential, status));
    return c.json(session, 200);
  })
  .post('/:id/complete', valid('param', sessionParam), kioskChecked(valid('json', completeBody)), async (c) => {
    const { paymentIntentId } = c.req.valid('json');
    const { result } = await kioskAnswer(c, sessionObject(c.env, c.req.valid('param').id).complete(c.var.credential, paymentIntentId));
    return c.json(result, 200);
  })
  .post('/:id/cancel', valid('param', sessionParam), kioskChecked(noFields('cancel')), async (c) => {
    const { session } = await kioskAnswer(c, sessionObject(c.env, c.req.valid('param').id).cancel(c.var.credential));
    return c.json(session, 200);
  })
  .post('/:id/retry', valid('param', sessionParam), kioskChecked(noFields('retry')), async (c) => {
    const { session } = await kioskAnswer(c, sessionObject(c.env, c.req.valid('param').id).retry(c.var.credential));
    return c.json(session, 200);
  })
  .post('/:id/live', valid('param', sessionParam), kioskChecked(noFields('live')), async (c) => {
    const { id } = c.req.valid('param');
    const { ticket } = await kioskAnswer(c, sessionObject(c.env, id).liveTicket(c.var.credential));
    const url = new URL(`/api/sessions/${id}/live`, c.req.url);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('ticket', ticket);
    return c.json({ url: url.toString() } satisfies LiveChannelResponse, 200);
  });

/**
 * The live channel's WebSocket: browsers cannot send the kiosk's bearer token on a WebSocket, so the one-time ticket in
 * the URL (from `POST /api/sessions/:id/live`) is the credential, checked by the session's object.
 */
export const liveChannelRoutes = new Hono<AppEnv>().get('/:id/live', valid('param', sessionParam), async (c) => {
  if (c.req.header('Upgrade')?.toLowerCase() !== 'websocket') {
    throw new ApiError(426, 'upgrade_required', 'The live channel is a WebSocket: connect with the URL from POST /live');
  }
  return sessionObject(c.env, c.req.valid('param').id).fetch(c.req.raw);
});
