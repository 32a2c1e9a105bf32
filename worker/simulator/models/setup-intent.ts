import { resourceMissing } from '../http/stripe-error.ts';
import type { SimulatorState } from '../simulator-state.ts';
import { randomId, type StripeObject } from '../stores/object-store.ts';
import { createPresentedPaymentMethod, type PaymentMethod } from './payment-method.ts';

export interface SetupIntent extends StripeObject {
  object: 'setup_intent';
  status: 'requires_payment_method' | 'requires_confirmation' | 'succeeded' | 'canceled' | 'processing' | 'requires_action';
  payment_method: string | null;
  payment_method_types: string[];
  last_setup_error: Record<string, unknown> | null;
  metadata: Record<string, string>;
}

export function findSetupIntent(sim: SimulatorState, id: string, param = 'intent'): SetupIntent {
  const si = sim.store.get<SetupIntent>('setup_intent', id);
  if (!si) throw resourceMissing(param, 'setup_intent', id);
  return si;
}

/**
 * Saves a card presented on a reader, as processing a SetupIntent does: the card_present PaymentMethod is attached
 * and a reusable `card` PaymentMethod is generated from it. Stripe's decline test cards fail with
 * `setup_intent_authentication_failure` (its Terminal testing page), leaving the SetupIntent open for another card.
 */
export function setUpPresentedCard(
  sim: SimulatorState,
  si: SetupIntent,
  presented: PaymentMethod,
): { si: SetupIntent; generatedCard: string | null; error: Record<string, unknown> | null } {
  if (!presented._outcome.approved) {
    const error = {
      type: 'card_error',
      code: 'setup_intent_authentication_failure',
      message: 'The latest attempt to set up the payment method has failed because authentication failed.',
      payment_method: { id: presented.id, object: 'payment_method', type: presented.type },
    };
    const failed: SetupIntent = { ...si, status: 'requires_payment_method', last_setup_error: error };
    sim.store.put(failed);
    sim.emit('setup_intent.setup_failed', failed);
    return { si: failed, generatedCard: null, error };
  }
  const generated = createPresentedPaymentMethod(sim, 'card', presented._outcome);
  const attempt: StripeObject = {
    id: randomId('setatt'),
    object: 'setup_attempt',
    created: sim.now(),
    payment_method: presented.id,
    payment_method_details: { type: presented.type, [presented.type]: { generated_card: generated.id, offline: null } },
    setup_intent: si.id,
    status: 'succeeded',
  };
  sim.store.put(attempt);
  const succeeded: SetupIntent = {
    ...si,
    status: 'succeeded',
    payment_method: presented.id,
    latest_attempt: attempt.id,
    last_setup_error: null,
  };
  sim.store.put(succeeded);
  sim.emit('setup_intent.succeeded', succeeded);
  return { si: succeeded, generatedCard: generated.id, error: null };
}
