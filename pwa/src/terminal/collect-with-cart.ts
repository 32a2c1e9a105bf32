import type { SessionView } from '../../../shared/api.ts';
import { lineDescription } from '../../../shared/line-description.ts';
import type { ErrorResult, ReaderDisplayRequest, TerminalAdapter, TerminalPaymentIntent } from './adapter.ts';

/** The cart shown on the reader's screen, priced by the server (the session), not by the kiosk: each item's price and quantity. */
export function readerDisplayFor(session: SessionView): ReaderDisplayRequest {
  return {
    type: 'cart',
    cart: {
      line_items: session.items.map((line) => ({
        description: lineDescription(line).slice(0, 100),
        amount: line.price,
        quantity: line.quantity,
      })),
      tax: 0,
      total: session.amount,
      currency: session.currency,
    },
  };
}

/**
 * Shows the cart on the reader's screen, then waits for the card, or resumes the reader's wait for this payment's card
 * after a network drop. A cart that cannot be shown never blocks the payment. The attempt's signal is checked between the two steps: a customer who cancelled meanwhile must not find the reader
 * waiting for a card.
 */
export async function collectWithCart(
  reader: TerminalAdapter,
  clientSecret: string,
  display: ReaderDisplayRequest,
  signal: AbortSignal,
): Promise<{ paymentIntent: TerminalPaymentIntent } | ErrorResult> {
  // Showing the cart would end a collect the reader is still at for this payment: resume that one instead.
  const resumed = await reader.resumeCollect?.(clientSecret);
  if (resumed) return resumed;
  const shown = await reader.setReaderDisplay(display);
  if ('error' in shown) console.warn('The cart could not be shown on the reader:', shown.error.message);
  if (signal.aborted) return { error: { code: 'canceled', message: 'The payment was cancelled' } };
  return reader.collectPaymentMethod(clientSecret);
}
