import { isFinal, type CancellationReason, type SessionStatus } from './session-status.ts';

export interface SessionState {
  status: SessionStatus;
  /** Stripe's decline code of the last failed attempt, while the session is `failed`. */
  declineCode?: string;
  cancellationReason?: CancellationReason;
  /** Why the session needs a person to look at it (`requires_attention`). */
  attentionReason?: string;
}

/**
 * What can happen to a checkout session. The first three are progress reported by the kiosk;
 * the rest are only ever produced by the server after it asked Stripe.
 */
export type SessionEvent =
  | { type: 'reader_connecting' }
  | { type: 'awaiting_card' }
  | { type: 'card_presented' }
  | { type: 'payment_declined'; declineCode: string }
  | { type: 'payment_succeeded' }
  | { type: 'cancelled'; reason: CancellationReason }
  | { type: 'mismatch_detected'; reason: string }
  /** Stripe says the PaymentIntent was paid although the customer was told the session was cancelled. */
  | { type: 'paid_after_cancellation' };

/** The attention reason of a session that was paid after the customer was told it was cancelled. */
export const PAID_AFTER_CANCELLATION = 'paid_after_cancellation';

export type TransitionResult =
  | { ok: true; state: SessionState; changed: boolean }
  | { ok: false; state: SessionState; error: string };

/** The status each event leads to, and the statuses it may start from. */
const RULES: Record<SessionEvent['type'], { to: SessionStatus; from: readonly SessionStatus[] }> = {
  reader_connecting: { to: 'connecting', from: ['idle', 'connecting', 'waiting_card', 'failed'] },
  awaiting_card: { to: 'waiting_card', from: ['idle', 'connecting', 'waiting_card', 'processing', 'failed'] },
  card_presented: { to: 'processing', from: ['waiting_card', 'processing'] },
  payment_declined: { to: 'failed', from: ['idle', 'connecting', 'waiting_card', 'processing', 'failed'] },
  payment_succeeded: { to: 'success', from: ['idle', 'connecting', 'waiting_card', 'processing', 'failed', 'success'] },
  cancelled: { to: 'cancelled', from: ['idle', 'connecting', 'waiting_card', 'processing', 'failed', 'cancelled'] },
  mismatch_detected: {
    to: 'requires_attention',
    from: ['idle', 'connecting', 'waiting_card', 'processing', 'failed', 'requires_attention'],
  },
  // The one move out of a final status: a cancelled session whose money was taken anyway must reach an operator.
  paid_after_cancellation: { to: 'requires_attention', from: ['cancelled', 'requires_attention'] },
};

/**
 * The session state machine: pure, so the Durable Object and the kiosk agree on it and it can be tested exhaustively.
 * Repeating an event that already took effect is accepted without change (retries and duplicate webhooks are normal);
 * a finished session never moves back, and only a cancelled one that was paid anyway moves on (to an operator).
 */
export function transition(state: SessionState, event: SessionEvent): TransitionResult {
  const rule = RULES[event.type];
  if (state.status === rule.to && (isFinal(state.status) || event.type !== 'payment_declined')) {
    return { ok: true, state, changed: false };
  }
  if (!rule.from.includes(state.status)) {
    const why = isFinal(state.status) ? 'the session is already finished' : 'that step is not possible now';
    return { ok: false, state, error: `Cannot go from ${state.status} to ${rule.to}: ${why}` };
  }
  switch (event.type) {
    case 'payment_declined':
      return { ok: true, changed: true, state: { status: 'failed', declineCode: event.declineCode } };
    case 'cancelled':
      return { ok: true, changed: true, state: { status: 'cancelled', cancellationReason: event.reason } };
    case 'mismatch_detected':
      return { ok: true, changed: true, state: { status: 'requires_attention', attentionReason: event.reason } };
    case 'paid_after_cancellation':
      return {
        ok: true,
        changed: true,
        state: { status: 'requires_attention', attentionReason: PAID_AFTER_CANCELLATION, cancellationReason: state.cancellationReason },
      };
    default:
      return { ok: true, changed: true, state: { status: rule.to } };
  }
}
