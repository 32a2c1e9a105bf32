/**
 * The worker's clock as the kiosk knows it. A tablet's own clock is often minutes off, and the times the worker sends
 * (a session's `expiresAt`) are its own: the kiosk compares them with `serverNow()`, never with `Date.now()`.
 */
let offsetMs = 0;

/**
 * Learns the offset from an answer's `Date` (RFC 9110, whole seconds): the worker said it between the request's
 * sending and its answer, taken as the middle of that round trip and of that second.
 */
export function learnServerTime(date: string | null, sentAt: number, answeredAt: number): void {
  const said = date ? Date.parse(date) : NaN;
  if (!Number.isNaN(said)) offsetMs = said + 500 - (sentAt + answeredAt) / 2;
}

export const serverNow = (): number => Date.now() + offsetMs;
