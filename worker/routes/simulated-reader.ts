import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import Stripe from 'stripe';
import { z } from 'zod';
import type { KioskView } from '../../shared/api.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import { kioskAnswer } from '../middleware/kiosk-auth.ts';
import { kioskObject } from '../objects.ts';
import { stripeClient } from '../stripe-client.ts';
import { valid } from '../validation.ts';
import { authenticatedKiosk } from './kiosk.ts';

/**
 * The kiosk's own simulated reader (simulated mode only). It is Stripe's server-driven reader API, called with the
 * official SDK against the embedded simulator, so the kiosk's simulated payments take the same path a test with
 * `readers.collectPaymentMethod` + `testHelpers.terminal.readers.presentPaymentMethod` would.
 */
const readerParam = z.object({ readerId: z.string().regex(/^tmr_[A-Za-z0-9]+$/, 'not a reader id') });
const paymentIntentBody = z.strictObject({ paymentIntentId: z.string().regex(/^pi_[A-Za-z0-9]+$/) });
const presentBody = z.strictObject({ cardNumber: z.string().regex(/^\d{12,19}$/, 'not a card number') });
const amount = z.number().int().min(0, 'amounts on the reader cannot be negative').max(99_999_999);
const displayBody = z.strictObject({
  cart: z.strictObject({
    line_items: z.array(z.strictObject({ description: z.string().max(100), amount, quantity: z.number().int().min(1) })).max(50),
    tax: amount.optional(),
    total: amount,
    currency: z.string().length(3),
  }),
});

/** A reader error from Stripe (busy, nothing to cancel, wrong state) is a conflict the kiosk can act on. */
async function readerCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof Stripe.errors.StripeInvalidRequestError) {
      throw new ApiError(409, err.code ?? 'reader_error', err.message);
    }
    throw err;
  }
}

/**
 * Stripe's reader as these routes send it: the whole object, typed as far as the kiosk reads it. Stripe's own type
 * reaches every nested object and names types no other module can import, so the kiosk's typed client gets this one.
 */
export type ReaderJson =
  | {
      id: string;
      label: string | null;
      device_type: string;
      status: string | null;
      location: string | { id: string } | null;
      action: {
        type: string;
        status: string;
        failure_code: string | null;
        failure_message: string | null;
        /** The PaymentIntent a collect is for: after a network drop the kiosk resumes its own collect, not another. */
        collect_payment_method?: { payment_intent: string | { id: string } };
        confirm_payment_intent?: { payment_intent: string | { id: string } };
      } | null;
    }
  | { id: string; deleted: true };

/** A call to Stripe about the reader, whose answer is the reader. */
const readerAction = (call: () => Promise<Stripe.Terminal.Reader | Stripe.Terminal.DeletedReader>): Promise<ReaderJson> => readerCall(call);

/** The PaymentIntent a confirmation leaves, as the kiosk reads it. */
export interface ConfirmedPaymentIntentJson {
  id: string;
  status: string;
  amount: number;
  currency: string;
  last_payment_error: { code: string | null; decline_code: string | null; message: string | null } | null;
}

type ReaderEnv = AppEnv & { Variables: { kiosk: KioskView; readerId: string } };

const notFound = () => new ApiError(404, 'reader_not_found', 'No such reader at this kiosk');

/**
 * Only the kiosk's own reader: any other (another kiosk's at the same store, or one that does not exist) is the same
 * 404, so nothing tells whether it exists. Reader actions call Stripe, so the kiosk's object counts them against the
 * kiosk's budget in the same call that checks its token.
 */
const kioskReader = createMiddleware<ReaderEnv>(async (c, next) => {
  const { credential } = c.var;
  const { kiosk } = await kioskAnswer(c, kioskObject(c.env, credential.kioskId).spend(credential, 'readerActions'));
  const readerId = c.req.param('readerId');
  if (!readerId || readerId !== kiosk.readerId) throw notFound();
  c.set('kiosk', kiosk);
  c.set('readerId', readerId);
  await next();
});

/** The PaymentIntent a reader action is for, if it is this kiosk's (another kiosk's looks like a missing one). */
async function ownPaymentIntent(env: Env, kiosk: KioskView, id: string): Promise<Stripe.PaymentIntent> {
  const pi = await readerCall(() => stripeClient(env).paymentIntents.retrieve(id));
  if (pi.metadata.kioskId !== kiosk.id) throw new ApiError(404, 'payment_intent_not_found', 'No such payment');
  return pi;
}

export const simulatedReaderRoutes = new Hono<ReaderEnv>()
  .get('/readers', async (c) => {
    const kiosk = await authenticatedKiosk(c);
    if (!kiosk.readerId) return c.json({ readers: [] }, 200);
    const reader = await readerAction(() => stripeClient(c.env).terminal.readers.retrieve(kiosk.readerId!));
    return c.json({ readers: 'deleted' in reader ? [] : [reader] }, 200);
  })
  .use('/readers/:readerId/*', valid('param', readerParam), kioskReader)
  .get('/readers/:readerId', async (c) => c.json({ reader: await readerAction(() => stripeClient(c.env).terminal.readers.retrieve(c.var.readerId)) }, 200))
  .post('/readers/:readerId/clear-display', async (c) => {
    // A server-driven reader shows the cart until its next action replaces it; nothing to call.
    return c.json({ reader: await readerAction(() => stripeClient(c.env).terminal.readers.retrieve(c.var.readerId)) }, 200);
  })
  .post('/readers/:readerId/display', valid('json', displayBody), async (c) => {
    const { cart } = c.req.valid('json');
    const reader = await readerAction(() => stripeClient(c.env).terminal.readers.setReaderDisplay(c.var.readerId, { type: 'cart', cart }));
    return c.json({ reader }, 200);
  })
  .post('/readers/:readerId/collect', valid('json', paymentIntentBody), async (c) => {
    const { paymentIntentId } = c.req.valid('json');
    await ownPaymentIntent(c.env, c.var.kiosk, paymentIntentId);
    const reader = await readerAction(() =>
      stripeClient(c.env).terminal.readers.collectPaymentMethod(c.var.readerId, { payment_intent: paymentIntentId }),
    );
    return c.json({ reader }, 200);
  })
  .post('/readers/:readerId/present', valid('json', presentBody), async (c) => {
    const { cardNumber } = c.req.valid('json');
    const reader = await readerAction(() =>
      stripeClient(c.env).testHelpers.terminal.readers.presentPaymentMethod(c.var.readerId, {
        type: 'card_present',
        card_present: { number: cardNumber },
      }),
    );
    return c.json({ reader }, 200);
  })
  .post('/readers/:readerId/confirm', valid('json', paymentIntentBody), async (c) => {
    const { paymentIntentId } = c.req.valid('json');
    await ownPaymentIntent(c.env, c.var.kiosk, paymentIntentId);
    // The simulated reader confirms at once: the PaymentIntent it answers with (expanded) is the confirmation's outcome.
    const confirmed = await readerCall(() =>
      stripeClient(c.env).terminal.readers.confirmPaymentIntent(c.var.readerId, {
        payment_intent: paymentIntentId,
        expand: ['action.confirm_payment_intent.payment_intent'],
      }),
    );
    const pi = confirmed.action?.confirm_payment_intent?.payment_intent;
    if (!pi || typeof pi === 'string') throw new ApiError(502, 'stripe_error', 'The reader did not say how the confirmation ended');
    // The reader as Stripe shows it unexpanded: the PaymentIntent travels once, below.
    const reader: ReaderJson = { ...confirmed, action: confirmed.action && { ...confirmed.action, confirm_payment_intent: { payment_intent: pi.id } } };
    const error = pi.last_payment_error;
    const paymentIntent: ConfirmedPaymentIntentJson = {
      id: pi.id,
      status: pi.status,
      amount: pi.amount,
      currency: pi.currency,
      last_payment_error: error ? { code: error.code ?? null, decline_code: error.decline_code ?? null, message: error.message ?? null } : null,
    };
    return c.json({ reader, paymentIntent }, 200);
  })
  .post('/readers/:readerId/cancel', async (c) => {
    const reader = await readerAction(() => stripeClient(c.env).terminal.readers.cancelAction(c.var.readerId));
    return c.json({ reader }, 200);
  });
