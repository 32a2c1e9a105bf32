import type { SessionView } from '../../../shared/api.ts';
import type { CheckoutProgress } from '../checkout/driver.ts';
import * as storage from '../storage.ts';
import type { KioskStateSignal } from './kiosk-state.ts';

/** What the reader's driver reports during one attempt at the payment, until the attempt is aborted. */
export const attemptProgress = (
  signal: AbortSignal,
  dispatch: KioskStateSignal['dispatch'],
  session: () => SessionView | null,
  setSession: (view: SessionView) => void,
): CheckoutProgress => ({
  seen: (view) => {
    if (!signal.aborted && view.sessionId === session()?.sessionId) setSession(view);
  },
  waitingForCard: () => {
    if (!signal.aborted) dispatch({ type: 'waiting_for_card' });
  },
  cardRead: () => {
    if (signal.aborted) return;
    // From here the card may be charged: after a crash, recovery asks the server before anything else.
    storage.amendCheckout({ processingStarted: true });
    dispatch({ type: 'card_read' });
  },
  trouble: (notice) => {
    if (!signal.aborted) dispatch({ type: 'reader_trouble', notice });
  },
});
