/** The worker answered with its error envelope (`{ error: { code, message, sessionId? } }`); kiosk and console share it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The checkout the refusal opened and ended, if it did (a reader that could not take the payment). */
    readonly sessionId: string | null = null,
    /** How long the worker asked to be left alone before the same call (its Retry-After, in seconds), if it said. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * A refusal that changed nothing: a 4xx other than a timeout (408) or too many requests (429). Any other failure (no
 * answer, a 5xx, an answer that could not be read) may come after the work was done, so a retry must carry the same
 * Idempotency-Key.
 */
export const isRefusal = (error: unknown): boolean =>
  error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
