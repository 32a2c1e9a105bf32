import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, NetworkError } from '../../pwa/src/api.ts';
import { callWhileBusy } from '../../pwa/src/retry.ts';

const unavailable = () => new ApiError(503, 'stripe_unavailable', 'Stripe could not be reached');
const tooMany = (retryAfterSeconds: number | null) => new ApiError(429, 'rate_limited', 'Too many requests', null, retryAfterSeconds);

/** A call that fails with each of `failures` in turn, then answers 'done'. */
function callFailing(...failures: Error[]) {
  return vi.fn(async () => {
    const failure = failures.shift();
    if (failure) throw failure;
    return 'done';
  });
}

/** Runs `callWhileBusy` and records when (in fake milliseconds) each try was made and what the customer was told. */
function tried(call: ReturnType<typeof callFailing>, signal = new AbortController().signal) {
  const at: number[] = [];
  const notices: string[] = [];
  const start = Date.now();
  const timed = () => {
    at.push(Date.now() - start);
    return call();
  };
  const result = callWhileBusy(timed, signal, (notice) => notices.push(notice));
  result.catch(() => undefined);
  return { result, at, notices };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('asking a busy worker again', () => {
  it('answers at once, with no pause left behind, when the first try succeeds', async () => {
    const call = callFailing();
    const { result, at, notices } = tried(call);
    await expect(result).resolves.toBe('done');
    expect(at).toEqual([0]);
    expect(notices).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('tries again after 0.5 s, 1 s, 2 s while the worker fails in passing, and stops at its first answer', async () => {
    const call = callFailing(unavailable(), unavailable(), unavailable());
    const { result, at, notices } = tried(call);
    await vi.advanceTimersByTimeAsync(499);
    expect(at).toEqual([0]);
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(result).resolves.toBe('done');
    expect(at).toEqual([0, 500, 1_500, 3_500]);
    expect(notices).toEqual(['error.connectionToken', 'error.connectionToken', 'error.connectionToken']);
    expect(call).toHaveBeenCalledTimes(4);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits as long as the worker’s Retry-After asks, never more than 15 s, and says the worker is busy', async () => {
    const call = callFailing(tooMany(3), tooMany(60), tooMany(null));
    const { result, at, notices } = tried(call);
    await vi.advanceTimersByTimeAsync(60_000);
    await expect(result).resolves.toBe('done');
    expect(at).toEqual([0, 3_000, 18_000, 20_000]);
    expect(notices).toEqual(['error.busy', 'error.busy', 'error.busy']);
  });

  it('throws at once, without trying again, what is no passing failure: a refusal, a reader problem, no network', async () => {
    for (const failure of [new ApiError(409, 'already_paid', 'Paid'), new ApiError(503, 'reader_offline', 'Offline'), new NetworkError()]) {
      const call = callFailing(failure);
      const { result, at, notices } = tried(call);
      await expect(result).rejects.toBe(failure);
      expect(at).toEqual([0]);
      expect(notices).toEqual([]);
    }
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops in the middle of a pause once the attempt is aborted, rejecting with its reason, and tries no more', async () => {
    const attempt = new AbortController();
    const call = callFailing(unavailable(), unavailable());
    const { result, at } = tried(call, attempt.signal);
    await vi.advanceTimersByTimeAsync(200);
    const reason = new Error('the customer cancelled');
    attempt.abort(reason);
    await expect(result).rejects.toBe(reason);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(at).toEqual([0]);
  });

  it('throws a passing failure that comes back after the attempt was aborted, without a notice or a pause', async () => {
    const attempt = new AbortController();
    const failure = unavailable();
    const call = vi.fn(async () => {
      attempt.abort();
      throw failure;
    });
    const notices: string[] = [];
    await expect(callWhileBusy(call, attempt.signal, (notice) => notices.push(notice))).rejects.toBe(failure);
    expect(call).toHaveBeenCalledTimes(1);
    expect(notices).toEqual([]);
  });
});
