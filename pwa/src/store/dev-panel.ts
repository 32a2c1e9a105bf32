/** Simulated mode only: the developer panel stands in for the customer's card at the simulated reader. */
import { createSignal } from 'solid-js';
import type { Checkout } from './checkout.ts';

export function createDevPanel(checkout: Checkout) {
  // Visa, the first of the test cards: their list loads with the panel, which only simulated kiosks show.
  const [testCard, setTestCard] = createSignal('4242424242424242');
  return {
    testCard,
    choose(cardNumber: string) {
      setTestCard(cardNumber);
      checkout.chooseTestCard(cardNumber);
    },
    tap: () => checkout.tapTestCard(testCard()),
  };
}
