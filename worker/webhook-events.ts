/**
 * The Stripe events the worker acts on, and what each says about a payment. `npm run stripe:setup` subscribes the
 * webhook endpoint to exactly these; anything else Stripe sends is acknowledged and ignored.
 */

/**
 * Events that announce a change of a payment's outcome, and which change: Stripe reports one change under several
 * events (`charge.succeeded` and `payment_intent.succeeded`), and they count once.
 */
export const PAYMENT_OUTCOME_OF_EVENT: Readonly<Record<string, string>> = {
  'payment_intent.succeeded': 'succeeded',
  'charge.succeeded': 'succeeded',
  'payment_intent.payment_failed': 'failed',
  'charge.failed': 'failed',
  'payment_intent.canceled': 'canceled',
  'payment_intent.processing': 'processing',
  'payment_intent.amount_capturable_updated': 'authorized',
};

/**
 * The change an event about a payment announces. Stripe sends `charge.succeeded` when a card is authorized, captured
 * or not: for one only authorized (manual capture), it is the authorization, and the capture's
 * `payment_intent.succeeded` is still to come as a change of its own.
 */
export const paymentOutcomeOf = (type: string, onlyAuthorized = false): string | undefined =>
  onlyAuthorized && type === 'charge.succeeded' ? PAYMENT_OUTCOME_OF_EVENT['payment_intent.amount_capturable_updated'] : PAYMENT_OUTCOME_OF_EVENT[type];

/** What a server-driven reader reports when its action ends: the checkout then reads the reader and its payment. */
export const READER_EVENTS: readonly string[] = ['terminal.reader.action_succeeded', 'terminal.reader.action_failed'];

/** Events about a payment's refunds: the session reads its refunds from Stripe again. */
export const REFUND_EVENTS: readonly string[] = ['charge.refunded', 'charge.refund.updated', 'refund.created', 'refund.updated', 'refund.failed'];

export const HANDLED_WEBHOOK_EVENTS: readonly string[] = [...Object.keys(PAYMENT_OUTCOME_OF_EVENT), ...READER_EVENTS, ...REFUND_EVENTS];
