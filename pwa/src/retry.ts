/** Asking the worker again while it is there but cannot answer this time: the same pauses and notice everywhere. */
import { ApiError } from './api-error.ts';
import { passingFailure, passingNotice } from './flow-decisions.ts';
import type { MessageKey } from './i18n.ts';
import { retryDelay, wait } from './timing.ts';

/** A worker's answer that says "not this time": the same call is worth making again after a pause. */
const passingByDefault = (error: ApiError) => passingFailure(error.status, error.code);

/**
 * Calls until the worker answers, again after each passing failure (`passing`: by default 429 or 5xx, not about the
 * reader) as long as its Retry-After asks and never sooner than the backoff (`retryDelay`); `busy` hears each one
 * first, with what the customer reads meanwhile. Any other failure, or any failure once the attempt's `signal` is
 * aborted, is thrown. `sleep` must reject with the signal's reason once it is aborted, as `wait` does: an abort during a
 * pause ends the calls with that reason.
 */
export async function callWhileBusy<T>(
  call: () => Promise<T>,
  signal: AbortSignal,
  busy: (notice: MessageKey) => void,
  sleep: (ms: number, signal: AbortSignal) => Promise<void> = wait,
  passing: (error: ApiError) => boolean = passingByDefault,
): Promise<T> {
  for (let failures = 0; ; failures++) {
    try {
      return await call();
    } catch (error) {
      if (signal.aborted || !(error instanceof ApiError && passing(error))) throw error;
      busy(passingNotice(error));
      await sleep(retryDelay(error.retryAfterSeconds, failures), signal);
    }
  }
}
