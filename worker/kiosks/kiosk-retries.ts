import { doublingDelay } from '../retry-delay.ts';

/**
 * While a kiosk's alarm work fails (D1 refuses its directory row, a checkout cannot be told of a token change, its store
 * cannot be told what changed): try again after 5 s, doubling up to a minute. In a D1 outage every kiosk of the fleet
 * is failing at once: retrying each every 5 s would add load exactly when D1 has least to spare.
 */
const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 60_000;

/** How long the kiosk's object waits before trying again, when the try failing now is the `failures`th in a row. */
export const kioskRetryDelay = (failures: number): number => doublingDelay(Math.max(failures, 1), FIRST_RETRY_MS, MAX_RETRY_MS);
