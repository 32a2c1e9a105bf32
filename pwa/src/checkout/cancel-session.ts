/** Cancelling a session with the worker: until the worker has done it, or the one whose create answer was lost. */
import type { SessionView } from '../../../shared/api.ts';
import * as api from '../api.ts';
import { passingCreateFailure, sessionRequestOf } from '../flow-decisions.ts';
import type { MessageKey } from '../i18n.ts';
import { callWhileBusy } from '../retry.ts';
import * as storage from '../storage.ts';

/**
 * Cancels the session, again after a pause (the worker's Retry-After, if it gave one) while the worker is there but
 * cannot cancel this time (`retrying` says so each time, with what the customer reads meanwhile). `cancelled`: nothing is left to cancel. `settle`: it was paid
 * meanwhile or is being processed, the server's verdict decides. `aborted`: a newer attempt took over. Throws what says
 * the kiosk is offline or revoked.
 */
export async function cancelUntilDone(sessionId: string, signal: AbortSignal, retrying: (notice: MessageKey) => void): Promise<'cancelled' | 'settle' | 'aborted'> {
  try {
    await callWhileBusy(() => api.cancelSession(sessionId), signal, retrying);
    return 'cancelled';
  } catch (error) {
    if (signal.aborted) return 'aborted';
    // Paid meanwhile, or the card is being processed right now: the server's verdict decides.
    if (error instanceof api.ApiError && (error.code === 'already_paid' || error.code === 'payment_in_progress')) return 'settle';
    // Any other 409: already finished otherwise (expired, cancelled), nothing left to cancel.
    if (error instanceof api.ApiError && error.status === 409) return 'cancelled';
    throw error;
  }
}

/**
 * Cancel was pressed while the order was being created, and the create's answer was lost: the same key brings the
 * session back, and it is cancelled (in server-driven mode its reader would ask for the card until it expired). While
 * the worker cannot be reached, the stored order keeps the cancel for recovery.
 */
export async function cancelUnanswered(stored: storage.StoredCheckout) {
  // The customer may have started another order meanwhile: the storage is then that order's, and stays so.
  const stillStored = () => storage.loadCheckout()?.idempotencyKey === stored.idempotencyKey;
  let created: SessionView;
  try {
    created = await api.createSession(sessionRequestOf(stored), stored.idempotencyKey);
  } catch (error) {
    // Refused: nothing was made that could take money. Otherwise the stored order keeps the cancel for recovery.
    const refused = error instanceof api.ApiError && !api.isAuthError(error) && !passingCreateFailure(error.status, error.code, error.sessionId);
    if (refused && stillStored()) storage.forgetCheckout();
    return;
  }
  if (stillStored()) storage.saveCheckout({ ...stored, sessionId: created.sessionId, cancelRequested: true });
  await api.cancelSession(created.sessionId);
  if (stillStored()) storage.forgetCheckout();
}
