import type { SessionView } from '../../../shared/api.ts';
import * as api from '../api.ts';
import { wait } from '../timing.ts';

/** A paid order's number comes from its store a moment after the payment: the kiosk asks after these pauses. */
const ORDER_NUMBER_PAUSES_MS = [300, 1_000, ...Array<number>(14).fill(2_000)];

/**
 * The store gives the number a moment after the payment: the success screen shows it as soon as the session has it
 * (`found`), for as long as that screen shows this payment (`stillShown`).
 */
export async function awaitOrderNumber(sessionId: string, stillShown: () => boolean, found: (view: SessionView) => void) {
  for (const pause of ORDER_NUMBER_PAUSES_MS) {
    await wait(pause);
    if (!stillShown()) return;
    try {
      const view = await api.getSession(sessionId);
      if (view.orderNumber !== null) return found(view);
    } catch {
      // The number is also on the receipt and in the console; the success screen does not depend on it.
    }
  }
}
