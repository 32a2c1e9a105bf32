import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import Stripe from 'stripe';
import type { AppEnv } from '../app-env.ts';
import { stripeMode, webhookSecrets } from '../config.ts';
import { ApiError } from '../errors.ts';
import { log } from '../log.ts';
import { isKioskId } from '../auth/kiosk-token.ts';
import { kioskObject, sessionObject } from '../objects.ts';
import { stripeClient } from '../stripe-client.ts';
import { subjectOf, type EventSubject } from '../webhooks/routing.ts';
import { sessionParam } from './params.ts';

const cryptoProvider = Stripe.createSubtleCryptoProvider();
// Only used for its webhook helpers: signature checks never call Stripe.
const verifier = new Stripe('sk_unused');

/** Stripe's default tolerance: a signed payload older than this is a replay. */
const TOLERANCE_SECONDS = 300;

/** How the SDK begins its refusal of a signature made with another secret. */
const NO_MATCHING_SIGNATURE = 'No signatures found matching';

/** A verified body: a snapshot event, or something else signed with our secret (a thin event sent here by mistake). */
type Verified = { event: Stripe.Event } | { unreadable: string };

/**
 * Checks the signature on the raw body against every active secret (two while a secret is being rolled). A refusal is
 * logged with its reason (a wrong or rolled secret, a replay, a garbled header), never the signature.
 */
async function verified(raw: string, signature: string, secrets: string[]): Promise<Verified | null> {
  let reason: string | null = null;
  for (const secret of secrets) {
    try {
      const event = await verifier.webhooks.constructEventAsync(raw, signature, secret, TOLERANCE_SECONDS, cryptoProvider);
      return isSnapshotEvent(event) ? { event } : { unreadable: 'not a snapshot event' };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // The signature held but the body is not an event the worker can read (the SDK refuses thin events).
      if (!(err instanceof Stripe.errors.StripeSignatureVerificationError)) return { unreadable: message.split('.')[0]! };
      // Try the next secret. One that the signature matched (a replay) says more than the others' mismatch.
      const refusal = message.split('.')[0]!;
      if (reason === null || !refusal.startsWith(NO_MATCHING_SIGNATURE)) reason = refusal;
    }
  }
  log.warn('webhook_signature_rejected', { reason: reason ?? 'No webhook secret is configured', secrets: secrets.length });
  return null;
}

const isSnapshotEvent = (event: Stripe.Event): boolean =>
  typeof event === 'object' && event !== null && typeof event.data?.object === 'object' && event.data.object !== null;

/**
 * A refund made elsewhere is about the session its PaymentIntent names (one read of Stripe; if Stripe cannot be
 * reached, the 5xx makes Stripe deliver the event again).
 */
async function taggedSubject(env: Env, subject: EventSubject): Promise<Exclude<EventSubject, { kind: 'untagged_refund' }>> {
  if (subject.kind !== 'untagged_refund') return subject;
  const { metadata } = await stripeClient(env).paymentIntents.retrieve(subject.paymentIntentId);
  if (!metadata.sessionId) return { kind: 'none' };
  return { kind: 'payment', sessionId: metadata.sessionId, paymentIntentId: subject.paymentIntentId, chargeId: subject.chargeId };
}

/** Stripe's webhooks: the second, independent check. Answered 2xx only once the event is safely recorded. */
export const webhookRoutes = new Hono<AppEnv>().post(
  '/stripe',
  bodyLimit({
    maxSize: 512 * 1024,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', 'The webhook body is too large');
    },
  }),
  async (c) => {
    const signature = c.req.header('Stripe-Signature');
    if (!signature) throw new ApiError(400, 'missing_signature', 'The Stripe-Signature header is missing');
    const raw = await c.req.text();
    const body = await verified(raw, signature, webhookSecrets(c.env));
    if (!body) throw new ApiError(400, 'invalid_signature', 'The webhook signature is not valid or is too old');
    // Signed by Stripe but not readable as an event: retrying it would never help, so it is acknowledged, loudly.
    if ('unreadable' in body) {
      log.error('webhook_unreadable_event', { reason: body.unreadable });
      return c.json({ received: true, ignored: 'unreadable_event' }, 200);
    }
    const { event } = body;

    // A test-mode event reaching a live deployment (or the reverse) is not about this deployment's money.
    if (event.livemode !== (stripeMode(c.env) === 'live')) {
      log.warn('webhook_other_mode_ignored', { eventId: event.id, type: event.type, livemode: event.livemode });
      return c.json({ received: true, ignored: 'other_mode' }, 200);
    }
    const subject = await taggedSubject(c.env, subjectOf(event));
    if (subject.kind === 'none') {
      log.info('webhook_without_subject', { eventId: event.id, type: event.type });
      return c.json({ received: true }, 200);
    }
    // An id that cannot be one of ours addresses no object at all.
    const wellFormed = subject.kind === 'payment' ? sessionParam.safeParse({ id: subject.sessionId }).success : isKioskId(subject.kioskId);
    if (!wellFormed) {
      log.warn('webhook_malformed_subject', { eventId: event.id, type: event.type });
      return c.json({ received: true, ignored: 'unknown_session' }, 200);
    }
    const result =
      subject.kind === 'payment'
        ? await sessionObject(c.env, subject.sessionId).applyStripeEvent({
            id: event.id,
            type: event.type,
            objectId: subject.paymentIntentId,
            chargeId: subject.chargeId,
            onlyAuthorized: subject.onlyAuthorized ?? false,
          })
        : await kioskObject(c.env, subject.kioskId).readerEvent({
            id: event.id,
            type: event.type,
            readerId: subject.readerId,
            paymentIntentId: subject.paymentIntentId,
          });
    if (!result.known) log.warn('webhook_unknown_subject', { eventId: event.id, type: event.type, ...subject });
    return c.json({ received: true, duplicate: result.duplicate }, 200);
  },
);
