import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import Stripe from 'stripe';
import type { ApiErrorBody } from '../shared/api.ts';
import { log } from './log.ts';

/** An error the client may see: it becomes the one error envelope `{ error: { code, message, sessionId? } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly sessionId?: string,
  ) {
    super(message);
  }
}

/** A failure as Durable Object RPC methods return it (thrown errors lose their fields across RPC). */
export interface Failure {
  ok: false;
  status: ContentfulStatusCode;
  code: string;
  message: string;
  /** For a 429: when to come back. */
  retryAfterSeconds?: number;
  /** The checkout the refusal ended, if it opened one (see ApiErrorBody). */
  sessionId?: string;
}

export const failure = (status: ContentfulStatusCode, code: string, message: string, retryAfterSeconds?: number): Failure => ({
  ok: false,
  status,
  code,
  message,
  ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
});

export const isFailure = <T>(result: T | Failure): result is Failure => (result as { ok?: unknown }).ok === false;

export const apiErrorOf = (failed: Failure): ApiError =>
  new ApiError(
    failed.status,
    failed.code,
    failed.message,
    failed.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(failed.retryAfterSeconds) },
    failed.sessionId,
  );

/** Unwraps an RPC result, turning a Failure into the ApiError the route would have thrown. */
export function unwrap<T>(result: T | Failure): Exclude<T, Failure> {
  if (isFailure(result)) throw apiErrorOf(result);
  return result as Exclude<T, Failure>;
}

/** What a Stripe failure means for the kiosk once the SDK's retries are spent. */
export function stripeFailure(err: unknown): Failure | null {
  if (!(err instanceof Stripe.errors.StripeError)) return null;
  if (err instanceof Stripe.errors.StripeConnectionError) {
    return failure(503, 'stripe_unavailable', 'Stripe could not be reached. Please try again.');
  }
  // Stripe refused the worker itself, not the request: the key was revoked or rolled, or a restricted key lacks a
  // permission. No retry helps; the operator must fix the configuration.
  if (err instanceof Stripe.errors.StripeAuthenticationError) {
    return failure(503, 'misconfigured', 'Stripe refused STRIPE_SECRET_KEY (revoked or rolled?): set the Stripe account\'s current secret key.');
  }
  if (err instanceof Stripe.errors.StripePermissionError) {
    return failure(503, 'misconfigured', 'STRIPE_SECRET_KEY is a restricted key without a permission this worker needs: give it the permission, or use the secret key.');
  }
  if (err instanceof Stripe.errors.StripeRateLimitError) {
    return failure(503, 'stripe_busy', 'Stripe is busy. Please try again in a moment.');
  }
  if (err instanceof Stripe.errors.StripeAPIError || (err.statusCode ?? 500) >= 500) {
    return failure(502, 'stripe_error', 'Stripe answered with an error. Please try again.');
  }
  return failure(502, 'stripe_rejected', `Stripe refused the request (${err.code ?? err.type})`);
}

export function errorResponse(err: Error, c: Context): Response {
  const body = (code: string, message: string, sessionId?: string): ApiErrorBody => ({
    error: { code, message, ...(sessionId === undefined ? {} : { sessionId }) },
  });
  if (err instanceof ApiError) {
    return c.json(body(err.code, err.message, err.sessionId), err.status, err.headers);
  }
  if (err instanceof HTTPException && err.res) {
    // Middleware such as bearerAuth already built its response in our envelope.
    return err.getResponse();
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    // Hono's own refusals (malformed JSON, oversized bodies) in the codes every other validation error uses.
    const code = status === 413 ? 'payload_too_large' : status === 401 ? 'unauthorized' : 'invalid_request';
    return c.json(body(code, err.message || 'Bad request'), status);
  }
  // The kiosk the request came from, where one did: operators find its trouble by its id.
  const kioskId = (c.get('credential') as { kioskId?: string } | undefined)?.kioskId ?? null;
  const path = new URL(c.req.url).pathname;
  const fromStripe = stripeFailure(err);
  if (fromStripe) {
    log.error('stripe_call_failed', { path, kioskId, type: (err as Stripe.errors.StripeError).type, message: err.message });
    return c.json(body(fromStripe.code, fromStripe.message), fromStripe.status);
  }
  log.error('unexpected_error', { path, kioskId, error: String(err), stack: err.stack ?? null });
  return c.json(body('internal_error', 'Something went wrong on our side.'), 500);
}
