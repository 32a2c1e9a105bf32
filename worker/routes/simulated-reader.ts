import { Hono } from 'hono';
import Stripe from 'stripe';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import { stripeClient } from '../stripe-client.ts';
import { valid } from '../validation.ts';

/**
 * The kiosk's local simulated reader (simulated mode only). It is Stripe's server-driven reader API, called with the
 * official SDK against the embedded simulator, so the kiosk's simulated payments take the same path a test with
 * `readers.collectPaymentMethod` + `testHelpers.terminal.readers.presentPaymentMethod` would.
 */
const readerParam = z.object({ readerId: z.string().regex(/^tmr_[A-Za-z0-9]+$/, 'not a reader id') });
const paymentIntentBody = z.strictObject({ paymentIntentId: z.string().regex(/^pi_[A-Za-z0-9]+$/) });
const presentBody = z.strictObject({ cardNumber: z.string().regex(/^\d{12,19}$/, 'not a card number') });
const displayBody = z.strictObject({
  cart: z.strictObject({
    line_items: z.array(z.strictObject({ description: z.string().max(100), amount: z.number().int(), quantity: z.number().int().min(1) })).max(50),
    tax: z.number().int().optional(),
    total: z.number().int(),
    currency: z.string().length(3),
  }),
});

type Reader = Stripe.Terminal.Reader;

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

/** The reader a route acts on, already checked to stand at the kiosk's Location. */
type ReaderEnv = AppEnv & { Variables: { reader: Reader } };

export const simulatedReaderRoutes = new Hono<ReaderEnv>()
  .get('/readers', async (c) => {
    const list = await stripeClient(c.env).terminal.readers.list({ location: c.var.kiosk.locationId, limit: 100 });
    return c.json({ readers: list.data }, 200);
  })
  .use('/readers/:readerId/*', valid('param', readerParam), async (c, next) => {
    // Only the readers at this kiosk's own Location.
    const reader = await readerCall(() => stripeClient(c.env).terminal.readers.retrieve(c.req.param('readerId')!));
    if ('deleted' in reader || reader.location !== c.var.kiosk.locationId) {
      throw new ApiError(404, 'reader_not_found', 'No such reader at this kiosk');
    }
    c.set('reader', reader);
    await next();
  })
  .get('/readers/:readerId', (c) => c.json({ reader: c.var.reader }, 200))
  .post('/readers/:readerId/clear-display', (c) => {
    // A server-driven reader shows the cart until its next action replaces it; nothing to call.
    return c.json({ reader: c.var.reader }, 200);
  })
  .post('/readers/:readerId/display', valid('json', displayBody), async (c) => {
    const { cart } = c.req.valid('json');
    const reader = await readerCall(() =>
      stripeClient(c.env).terminal.readers.setReaderDisplay(c.req.param('readerId'), { type: 'cart', cart }),
    );
    return c.json({ reader }, 200);
  })
  .post('/readers/:readerId/collect', valid('json', paymentIntentBody), async (c) => {
    const { paymentIntentId } = c.req.valid('json');
    const stripe = stripeClient(c.env);
    const pi = await readerCall(() => stripe.paymentIntents.retrieve(paymentIntentId));
    if (pi.metadata.kioskId !== c.var.kiosk.id) throw new ApiError(404, 'payment_intent_not_found', 'No such payment');
    const reader = await readerCall(() =>
      stripe.terminal.readers.collectPaymentMethod(c.req.param('readerId'), { payment_intent: paymentIntentId }),
    );
    return c.json({ reader }, 200);
  })
  .post('/readers/:readerId/present', valid('json', presentBody), async (c) => {
    const { cardNumber } = c.req.valid('json');
    const reader = await readerCall(() =>
      stripeClient(c.env).testHelpers.terminal.readers.presentPaymentMethod(c.req.param('readerId'), {
        type: 'card_present',
        card_present: { number: cardNumber },
      }),
    );
    return c.json({ reader }, 200);
  })
  .post('/readers/:readerId/confirm', valid('json', paymentIntentBody), async (c) => {
    const { paymentIntentId } = c.req.valid('json');
    const stripe = stripeClient(c.env);
    const before = await readerCall(() => stripe.paymentIntents.retrieve(paymentIntentId));
    if (before.metadata.kioskId !== c.var.kiosk.id) throw new ApiError(404, 'payment_intent_not_found', 'No such payment');
    const reader = await readerCall(() =>
      stripe.terminal.readers.confirmPaymentIntent(c.req.param('readerId'), { payment_intent: paymentIntentId }),
    );
    const pi = await stripe.paymentIntents.retrieve(paymentIntentId);
    const error = pi.last_payment_error;
    return c.json(
      {
        reader,
        paymentIntent: {
          id: pi.id,
          status: pi.status,
          amount: pi.amount,
          currency: pi.currency,
          last_payment_error: error ? { code: error.code ?? null, decline_code: error.decline_code ?? null, message: error.message ?? null } : null,
        },
      },
      200,
    );
  })
  .post('/readers/:readerId/cancel', async (c) => {
    const reader = await readerCall(() => stripeClient(c.env).terminal.readers.cancelAction(c.req.param('readerId')));
    return c.json({ reader }, 200);
  });
