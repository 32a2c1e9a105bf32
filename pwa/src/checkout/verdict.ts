/** The server's verdict on a payment the reader has processed: only the worker decides whether the customer paid. */
import type { CompleteResponse, SessionView } from '../../../shared/api.ts';
import * as api from '../api.ts';
import { settlementFor } from '../flow-decisions.ts';
import { wait } from '../timing.ts';

const COMPLETE_POLLS = 6;

/**
 * Asks the server whether the PaymentIntent succeeded (`/complete`), after longer and longer pauses while it is still
 * processing: its verdict, or null when it stayed pending through every poll. Nothing once the attempt is aborted;
 * throws when the server cannot be asked.
 */
export async function awaitVerdict(view: SessionView, signal: AbortSignal): Promise<CompleteResponse | null | undefined> {
  for (let poll = 0; poll < COMPLETE_POLLS; poll++) {
    const verdict = await api.completeSession(view.sessionId, view.paymentIntentId);
    if (signal.aborted) return;
    if (settlementFor(verdict) !== 'pending') return verdict;
    try {
      await wait(1_000 * (poll + 1), signal);
    } catch {
      return;
    }
  }
  return null;
}
