/** The server's verdict on a payment the reader has processed: only the worker decides whether the customer paid. */
import type { CompleteResponse, SessionView } from '../../../shared/api.ts';
import * as api from '../api.ts';
import { passingFailure, settlementFor } from '../flow-decisions.ts';
import { retryDelay, wait } from '../timing.ts';

const COMPLETE_POLLS = 6;

/**
 * Asks the server whether the PaymentIntent succeeded (`/complete`), after longer and longer pauses while it is still
 * processing: its verdict, or null when it stayed pending through every poll. A worker that answers it is busy (429,
 * 503...) is asked again after its Retry-After: it is there, so the customer keeps reading that the payment is checked.
 * Nothing once the attempt is aborted; throws when the server cannot be asked.
 */
export async function awaitVerdict(view: SessionView, signal: AbortSignal): Promise<CompleteResponse | null | undefined> {
  for (let poll = 0, busy = 0; poll < COMPLETE_POLLS; ) {
    let pause: number;
    try {
      const verdict = await api.completeSession(view.sessionId, view.paymentIntentId);
      if (signal.aborted) return;
      if (settlementFor(verdict) !== 'pending') return verdict;
      pause = 1_000 * ++poll;
    } catch (error) {
      if (signal.aborted || !(error instanceof api.ApiError && passingFailure(error.status, error.code))) throw error;
      pause = retryDelay(error.retryAfterSeconds, busy++);
    }
    try {
      await wait(pause, signal);
    } catch {
      return;
    }
  }
  return null;
}
