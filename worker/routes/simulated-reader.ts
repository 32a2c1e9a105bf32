import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import Stripe from 'stripe';
import { z } from 'zod';
import { findTestCard } from '../../shared/test-cards.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import { kioskAnswer } from '../middleware/kiosk-auth.ts';
import { kioskObject } from '../objects.ts';
import { stripeClient } from '../stripe-client.ts';
import { valid } from '../validation.ts';

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

type ReaderEnv = AppEnv & { Variables: { readerId: string } };

/**
 * Only the kiosk's own reader, and for an action on a payment (collect, confirm) only a PaymentIntent of the kiosk's own
 * checkouts: the kiosk's object decides both in the same call that checks its token and counts the action against its
 * budget (reader actions call Stripe). The body is read here, before the route's validator, so that a wrong token is
 * refused (401) before a malformed body is (400).
 */
const kioskReader = (acts: 'on the reader' | 'on a payment') =>
  createMiddleware<ReaderEnv>(async (c, next) => {
    const { credential } = c.var;
    const readerId = c.req.param('readerId')!;
    const named = acts === 'on a payment' ? paymentIntentBody.safeParse(await c.req.json().catch(() => null)) : null;
    // A malformed body is counted as any action is, then refused by the route's validator.
    const paymentIntentId = named?.success ? named.data.paymentIntentId : undefined;
    await kioskAnswer(c, kioskObject(c.env, credential.kioskId).actOnReader(credential, readerId, paymentIntentId));
    c.set('readerId', readerId);
    await next();
  });

export const simulatedReaderRoutes = new Hono<ReaderEnv>()
  .get('/readers', async (c) => {
    // It asks Stripe too: counted against the kiosk's budget like every reader call.
    const { credential } = c.var;
    const { kiosk } = await kioskAnswer(c, kioskObject(c.env, credential.kioskId).spend(credential, 'readerActions'));
    if (!kiosk.readerId) return c.json({ readers: [] }, 200);
    const reader = await readerAction(() => stripeClient(c.env).terminal.readers.retrieve(kiosk.readerId!));
    return c.json({ readers: 'deleted' in reader ? [] : [reader] }, 200);
  })
  .use('/readers/:readerId/*', valid('param', readerParam))
  .get('/readers/:readerId', kioskReader('on the reader'), async (c) => c.json({ reader: await readerAction(() => stripeClient(c.env).terminal.readers.retrieve(c.var.readerId)) }, 200))
  .post('/readers/:readerId/clear-display', kioskReader('on the reader'), async (c) => {
    // A server-driven reader shows the cart until its next action replaces it; nothing to call.
    return c.json({ reader: await readerAction(() => stripeClient(c.env).terminal.readers.retrieve(c.var.readerId)) }, 200);
  })
  .post('/readers/:readerId/display', kioskReader('on the reader'), valid('json', displayBody), async (c) => {
    const { cart } = c.req.valid('json');
    const reader = await readerAction(() => stripeClient(c.env).terminal.readers.setReaderDisplay(c.var.readerId, { type: 'cart', cart }));
    return c.json({ reader }, 200);
  })
  .post('/readers/:readerId/collect', kioskReader('on a payment'), valid('json', paymentIntentBody), async (c) => {
    const { paymentIntentId } = c.req.valid('json');
    const reader = await readerAction(() =>
      // As the PWA's SDK collect: tips are server-driven mode's, never asked for here.
      stripeClient(c.env).terminal.readers.collectPaymentMethod(c.var.readerId, {
        payment_intent: paymentIntentId,
        collect_config: { skip_tipping: true },
      }),
    );
    return c.json({ reader }, 200);
  })
  .post('/readers/:readerId/present', kioskReader('on the reader'), valid('json', presentBody), async (c) => {
    const { cardNumber } = c.req.valid('json');
    // Stripe's Interac test card is presented as what it is, an Interac debit card (taken by CAD PaymentIntents).
    const presented =
      findTestCard(cardNumber)?.brand === 'interac'
        ? ({ type: 'interac_present', interac_present: { number: cardNumber } } as const)
        : ({ type: 'card_present', card_present: { number: cardNumber } } as const);
    const reader = await readerAction(() => stripeClient(c.env).testHelpers.terminal.readers.presentPaymentMethod(c.var.readerId, presented));
    return c.json({ reader }, 200);
  })
  .post('/readers/:readerId/confirm', kioskReader('on a payment'), valid('json', paymentIntentBody), async (c) => {
    const { paymentIntentId } = c.req.valid('json');
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
  .post('/readers/:readerId/cancel', kioskReader('on the reader'), async (c) => {
    const reader = await readerAction(() => stripeClient(c.env).terminal.readers.cancelAction(c.var.readerId));
    return c.json({ reader }, 200);
  });
