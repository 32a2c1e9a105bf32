import { Hono } from 'hono';
import { z } from 'zod';
import type { CatalogItem, CompleteRequest, CreateSessionRequest, ProgressRequest } from '../../shared/api.ts';
import { chargeAmountProblem } from '../../shared/money.ts';
import type { AppEnv } from '../app-env.ts';
import { catalogFor } from '../catalog.ts';
import { ApiError, unwrap } from '../errors.ts';
import { hashToken, registry } from '../middleware/kiosk-auth.ts';
import { rateLimitPerKiosk } from '../middleware/rate-limit.ts';
import { valid } from '../validation.ts';

const MAX_QUANTITY = 99;
const MAX_LINES = 50;

const createSessionBody = z.strictObject({
  items: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(64),
        quantity: z.number().int('quantity must be a whole number').min(1).max(MAX_QUANTITY),
      }),
    )
    .min(1, 'the cart is empty')
    .max(MAX_LINES),
}) satisfies z.ZodType<CreateSessionRequest>;
const completeBody = z.strictObject({ paymentIntentId: z.string().min(1).max(255) }) satisfies z.ZodType<CompleteRequest>;
const progressBody = z.strictObject({
  status: z.enum(['connecting', 'waiting_card', 'processing']),
}) satisfies z.ZodType<ProgressRequest>;
const emptyBody = z.strictObject({});
export const sessionParam = z.object({ id: z.string().regex(/^cs_[A-Za-z0-9]{16,64}$/, 'not a session id') });

/** Prices the cart from the catalog: the kiosk says what and how many, never how much. */
function priceCart(items: { id: string; quantity: number }[], currency: string) {
  const catalog = new Map(catalogFor(currency).items.map((item) => [item.id, item]));
  const seen = new Set<string>();
  const lines: Array<CatalogItem & { quantity: number }> = items.map(({ id, quantity }) => {
    const item = catalog.get(id);
    if (!item) throw new ApiError(400, 'unknown_item', `There is no item "${id}" in the catalog`);
    if (seen.has(id)) throw new ApiError(400, 'duplicate_item', `"${id}" appears twice; send one line with its quantity`);
    seen.add(id);
    return { ...item, quantity };
  });
  const amount = lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
  const problem = chargeAmountProblem(amount, currency);
  if (problem) throw new ApiError(400, 'amount_out_of_range', problem);
  return { lines, amount };
}

/** A retried create with the same Idempotency-Key lands on the same session object, hence the same PaymentIntent. */
async function sessionIdFor(kioskId: string, key: string | undefined): Promise<string> {
  if (key === undefined) return `cs_${crypto.randomUUID().replaceAll('-', '')}`;
  if (key.length < 1 || key.length > 255) throw new ApiError(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1 to 255 characters');
  return `cs_${(await hashToken(`${kioskId}:${key}`)).slice(0, 32)}`;
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const session = (env: Env, id: string) => env.CHECKOUT_SESSION.getByName(id);

export const sessionRoutes = new Hono<AppEnv>()
  .post('/', rateLimitPerKiosk((env) => env.SESSION_RATE_LIMITER, 60), valid('json', createSessionBody), async (c) => {
    const kiosk = c.var.kiosk;
    const { lines, amount } = priceCart(c.req.valid('json').items, kiosk.currency);
    const sessionId = await sessionIdFor(kiosk.id, c.req.header('Idempotency-Key'));
    // The index entry and the session are independent: write both at once (both are idempotent for a retry).
    const [, opened] = await Promise.all([
      registry(c.env).recordSession(sessionId, kiosk.id, Date.now()),
      session(c.env, sessionId).open({ sessionId, kioskId: kiosk.id, items: lines, amount, currency: kiosk.currency }),
    ]);
    return c.json(unwrap(opened).session, 201);
  })
  .get('/:id', valid('param', sessionParam), async (c) => {
    const { id } = c.req.valid('param');
    return c.json(unwrap(await session(c.env, id).get(c.var.kiosk.id)).session, 200);
  })
  .post('/:id/progress', valid('param', sessionParam), valid('json', progressBody), async (c) => {
    const { id } = c.req.valid('param');
    const { status } = c.req.valid('json');
    return c.json(unwrap(await session(c.env, id).progress(c.var.kiosk.id, status)).session, 200);
  })
  .post('/:id/complete', valid('param', sessionParam), valid('json', completeBody), async (c) => {
    const { id } = c.req.valid('param');
    const { paymentIntentId } = c.req.valid('json');
    return c.json(unwrap(await session(c.env, id).complete(c.var.kiosk.id, paymentIntentId)).result, 200);
  })
  .post('/:id/cancel', valid('param', sessionParam), async (c) => {
    const { id } = c.req.valid('param');
    // An empty body or `{}` only: nothing else may ride along.
    const text = (await c.req.text()).trim();
    if (text && !emptyBody.safeParse(parseJson(text)).success) {
      throw new ApiError(400, 'invalid_request', 'cancel takes no fields');
    }
    return c.json(unwrap(await session(c.env, id).cancel(c.var.kiosk.id, 'customer')).session, 200);
  });
