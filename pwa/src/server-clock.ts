/**
 * The worker's clock as the kiosk knows it. A tablet's own clock is often minutes off, and the times the worker sends
 * (a session's `expiresAt`) are its own: the kiosk compares them with `serverNow()`, or moves them onto its own clock
 * as it learns them (`onThisClock`), never with `Date.now()` as they are.
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

/**
 * A time the worker sent, on the tablet's clock as the offset stands now: kept so, it stays where it was when the offset
 * is learnt again (the tablet's clock set meanwhile, or a test's fake clock moved on), as the customer's touches do.
 */
export const onThisClock = (workerTime: number): number => workerTime - offsetMs;
