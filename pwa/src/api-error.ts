/** The worker answered with its error envelope (`{ error: { code, message } }`); kiosk and console share it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
