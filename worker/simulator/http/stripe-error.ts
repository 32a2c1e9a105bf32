type ErrorBody = {
  type: 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';
  code?: string;
  decline_code?: string;
  param?: string;
  payment_intent?: unknown;
  charge?: string;
  doc_url?: string;
} & Record<string, unknown>;

/** Stripe links every error code to its page in the error-code reference. */
export const docUrlOf = (code: string) => `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}`;

/** An error the simulator answers exactly as Stripe does: `{ error: { type, code, message, param, doc_url, ... } }`. */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    message: string,
    /** A request refused before the endpoint started executing: Stripe saves no idempotent result for it. */
    readonly validation = false,
  ) {
    super(message);
  }

  /** The body Stripe answers, with the Dashboard log of the request that failed when there is one. */
  toJSON(requestLogUrl?: string | null): { error: Record<string, unknown> } {
    const { code } = this.body;
    return {
      error: {
        ...(code ? { doc_url: docUrlOf(code) } : {}),
        ...this.body,
        message: this.message,
        ...(requestLogUrl ? { request_log_url: requestLogUrl } : {}),
      },
    };
  }
}

const invalid = (code: string | undefined, param: string | undefined, message: string, status = 400, validation = false) =>
  new StripeApiError(status, { type: 'invalid_request_error', ...(code ? { code } : {}), ...(param ? { param } : {}) }, message, validation);

export const missingParam = (param: string) => invalid('parameter_missing', param, `Missing required param: ${param}.`, 400, true);

export const unknownParam = (param: string) =>
  invalid('parameter_unknown', param, `Received unknown parameter: ${param}`, 400, true);

/**
 * A parameter Stripe could not take, with its code where Stripe's error-code list has one (an integer, an empty value,
 * a missing resource); an invalid enum value, boolean or string comes with `param` and a message alone.
 */
export const invalidParam = (param: string, message: string, code?: string) =>
  invalid(code, param, message, 400, true);

export const resourceMissing = (param: string, kind: string, id: string) =>
  invalid('resource_missing', param, `No such ${kind}: '${id}'`, 404);

export const unexpectedState = (message: string, code = 'payment_intent_unexpected_state') =>
  invalid(code, undefined, message);

/** Parameters that fail validation together (one of two missing, two exclusive ones, an amount out of range). */
export const invalidParams = (code: string, message: string, param: string) => invalid(code, param, message, 400, true);

/** Any other refusal of the request as a whole, with one of Stripe's error codes (or none, where Stripe names none). */
export const invalidRequest = (code: string | undefined, message: string, param?: string) => invalid(code, param, message);

/** An `Idempotency-Key` of a length Stripe does not take, with Stripe's message as a public report of it reads. */
export const badIdempotencyKey = (key: string) =>
  invalidRequest(
    undefined,
    `Idempotent key length is ${key.length}, which is outside accepted lengths. Idempotent Keys must be 1-255 characters long. If you're looking for a decent generator, try using a UUID defined by IETF RFC 4122.`,
  );

/** A parameter of Stripe's API that the simulator cannot honour: refused as such, never silently ignored. */
export const notSimulated = (param: string, why: string) => invalidParam(param, `${param} is not simulated: ${why}`);

/**
 * Stripe's answer to a URL it has no route for, with its trailing-slash hint for an empty id (as quoted from live
 * responses in stripe-php#968 and stripe-dotnet#118); a `hint` of the simulator's own replaces Stripe's ending.
 */
export const notFoundRoute = (method: string, path: string, hint?: string) => {
  const slash = path.endsWith('/')
    ? ' If you are trying to list objects, remove the trailing slash. If you are trying to retrieve an object, make sure you passed a valid (non-empty) identifier in your code.'
    : '';
  const ending = hint ?? 'Please see https://stripe.com/docs or we can help at https://support.stripe.com/.';
  return new StripeApiError(404, { type: 'invalid_request_error' }, `Unrecognized request URL (${method}: ${path}).${slash} ${ending}`, true);
};

/** Stripe's search API (`/v1/<resource>/search`), which the simulator does not offer: said as such, not as an object id. */
export const searchNotSimulated = (method: string, path: string) =>
  notFoundRoute(method, path, "The simulator does not offer Stripe's search API: list with filters instead.");
