/** Simulated mode only: the developer panel stands in for the customer's card at the simulated reader. */
import { createSignal } from 'solid-js';
import { TEST_CARDS } from '../../../shared/test-cards.ts';
import type { Checkout } from './checkout.ts';

export function createDevPanel(checkout: Checkout) {
  const [testCard, setTestCard] = createSignal(TEST_CARDS[0]?.number ?? '4242424242424242');
  return {
    testCard,
    choose(cardNumber: string) {
      setTestCard(cardNumber);
      checkout.chooseTestCard(cardNumber);
    },
    tap: () => checkout.tapTestCard(testCard()),
  };
}
