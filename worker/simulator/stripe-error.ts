/** An error the simulator answers exactly as Stripe does: `{ error: { type, code, message, param, ... } }`. */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: {
      type: 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';
      code?: string;
      decline_code?: string;
      param?: string;
      payment_intent?: unknown;
      charge?: string;
      doc_url?: string;
    } & Record<string, unknown>,
    message: string,
  ) {
    super(message);
  }

  toJSON(): { error: Record<string, unknown> } {
    return { error: { ...this.body, message: this.message } };
  }
}

const invalid = (code: string, param: string | undefined, message: string, status = 400) =>
  new StripeApiError(status, { type: 'invalid_request_error', code, ...(param ? { param } : {}) }, message);

export const missingParam = (param: string) => invalid('parameter_missing', param, `Missing required param: ${param}.`);

export const unknownParam = (param: string) =>
  invalid('parameter_unknown', param, `Received unknown parameter: ${param}`);

export const invalidParam = (param: string, message: string, code = 'parameter_invalid') => invalid(code, param, message);

export const resourceMissing = (param: string, kind: string, id: string) =>
  invalid('resource_missing', param, `No such ${kind}: '${id}'`, 404);

export const unexpectedState = (message: string, code = 'payment_intent_unexpected_state') =>
  invalid(code, undefined, message);

export const notFoundRoute = (method: string, path: string) =>
  new StripeApiError(404, { type: 'invalid_request_error' }, `Unrecognized request URL (${method}: ${path}).`);
