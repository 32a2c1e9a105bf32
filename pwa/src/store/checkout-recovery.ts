/** After a reload, a crash or an outage: the checkout found in storage, picked up as the server sees it. */
import type { SessionView } from '../../../shared/api.ts';
import * as api from '../api.ts';
import { cancelUnanswered } from '../checkout/cancel-session.ts';
import { keepsCustomer, passingCreateFailure, recoveryFor, sessionRequestOf } from '../flow-decisions.ts';
import * as storage from '../storage.ts';

/** For a cancel whose failure recovery leaves to the next one. */
const ignore = () => undefined;

/** How the checkout goes on with what recovery found. */
export interface RecoverySteps {
  /** Nothing (left) in flight: the kiosk is ready for an order. */
  ready(): void;
  /** Goes on paying for the open session, as after its creation. */
  resume(view: SessionView): Promise<void> | void;
  paid(view: SessionView): void;
  /** The customer asked to cancel but the server never heard it. */
  cancel(view: SessionView): Promise<void>;
  /** The card may have been charged: asks the server before anything else. */
  verify(view: SessionView): Promise<void>;
}

export async function recoverCheckout(customer: { restore(choice: storage.CustomerChoice): void }, steps: RecoverySteps) {
  const stored = storage.loadCheckout();
  const view = stored?.sessionId ? await sessionOrNull(stored.sessionId) : null;
  const recovery = recoveryFor(stored, view);
  if (keepsCustomer(recovery) && stored?.customer) customer.restore(stored.customer);
  switch (recovery) {
    case 'none':
      return steps.ready();
    case 'clear':
      storage.forgetCheckout();
      return steps.ready();
    case 'recreate':
      return recreateSession(stored!, steps);
    case 'show_success':
      return steps.paid(view!);
    case 'cancel':
      return steps.cancel(view!);
    case 'recreate_and_cancel':
      await cancelUnanswered(stored!).catch(ignore);
      return steps.ready();
    case 'verify':
      return steps.verify(view!);
    case 'resume':
      return steps.resume(view!);
  }
}

async function sessionOrNull(sessionId: string): Promise<SessionView | null> {
  try {
    return await api.getSession(sessionId);
  } catch (error) {
    if (error instanceof api.ApiError && error.status === 404) return null;
    throw error;
  }
}

/** The answer to "create session" was lost: the same idempotency key brings back the same session. Only a refusal forgets it. */
async function recreateSession(stored: storage.StoredCheckout, steps: RecoverySteps) {
  let created: SessionView;
  try {
    created = await api.createSession(sessionRequestOf(stored), stored.idempotencyKey);
  } catch (error) {
    if (!(error instanceof api.ApiError) || api.isAuthError(error) || passingCreateFailure(error.status, error.code, error.sessionId)) throw error;
    storage.forgetCheckout();
    return steps.ready();
  }
  storage.saveCheckout({ ...stored, sessionId: created.sessionId, readerMode: created.readerMode });
  return steps.resume(created);
}
