/** Waits `ms`; an aborted signal ends the wait at once, rejecting with the signal's reason. */
export function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const stop = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/** Waits between retries of a reader step or a reconnect: 0.5 s, 1 s, 2 s, ... up to 15 s. */
export const backoffDelay = (attempt: number): number => Math.min(500 * 2 ** attempt, 15_000);

/** Waits before asking a busy worker again: as long as its Retry-After asks, never less than the backoff nor more than 15 s. */
export const retryDelay = (retryAfterSeconds: number | null, attempt: number): number =>
  Math.min(Math.max((retryAfterSeconds ?? 0) * 1_000, backoffDelay(attempt)), 15_000);
