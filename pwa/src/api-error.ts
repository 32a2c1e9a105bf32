/** The worker answered with its error envelope (`{ error: { code, message, sessionId? } }`); kiosk and console share it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The checkout the refusal opened and ended, if it did (a reader that could not take the payment). */
    readonly sessionId: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
