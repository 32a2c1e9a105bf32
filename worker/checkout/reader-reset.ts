import { log } from '../log.ts';
import type { CheckoutStripe } from './checkout-stripe.ts';
import { readerOutcomeOf, showsCartOf } from './reader-outcome.ts';
import type { SessionStore } from './session-store.ts';

/**
 * Takes the payment back from the reader (cancel_action), if the reader is still working on this session's payment
 * and not another. With `scope` the whole `order`, also if it still shows this session's cart (as after a hand-over it
 * did not acknowledge); only the `payment` once the kiosk may have moved on: its next order's cart may look the same.
 * A reader that cannot be reached is left as it is: canceling the PaymentIntent is what guarantees no money is taken.
 * Its own file, as the reader hand-over, a cancel and a PaymentIntent canceled elsewhere all need it.
 */
export async function resetReader(store: SessionStore, stripe: CheckoutStripe, scope: 'order' | 'payment' = 'order'): Promise<void> {
  const record = store.load()!;
  if (!record.reader || !record.paymentIntentId) return;
  try {
    const reader = await stripe.readReader(record.reader.id);
    if ('deleted' in reader) return;
    const ours = readerOutcomeOf(record, reader).kind === 'waiting' || (scope === 'order' && showsCartOf(record, reader));
    if (!ours) return;
    await stripe.cancelReaderAction(record.reader.id);
  } catch (err) {
    log.warn('reader_not_reset', { sessionId: record.sessionId, kioskId: record.kioskId, error: String(err) });
  }
}
