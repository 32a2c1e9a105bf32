import { describe, expect, it } from 'vitest';
import { FINAL_STATUSES, SESSION_STATUSES, type SessionStatus } from '../../shared/session-status.ts';
import { transition, type SessionEvent, type SessionState } from '../../shared/transition.ts';

const EVENTS: Record<SessionEvent['type'], SessionEvent> = {
  reader_connecting: { type: 'reader_connecting' },
  awaiting_card: { type: 'awaiting_card' },
  card_presented: { type: 'card_presented' },
  payment_declined: { type: 'payment_declined', declineCode: 'insufficient_funds' },
  payment_succeeded: { type: 'payment_succeeded' },
  cancelled: { type: 'cancelled', reason: 'expired' },
  mismatch_detected: { type: 'mismatch_detected', reason: 'amount 1 != 2' },
  paid_after_cancellation: { type: 'paid_after_cancellation' },
};

/** What each event does from each status: the status it leads to, `same` (accepted, no change) or `rejected`. */
type Outcome = SessionStatus | 'same' | 'rejected';
const R = 'rejected';
const S = 'same';
const EXPECTED: Record<SessionStatus, Record<SessionEvent['type'], Outcome>> = {
  idle:               { reader_connecting: 'connecting', awaiting_card: 'waiting_card', card_presented: R, payment_declined: 'failed', payment_succeeded: 'success', cancelled: 'cancelled', mismatch_detected: 'requires_attention', paid_after_cancellation: R },
  connecting:         { reader_connecting: S, awaiting_card: 'waiting_card', card_presented: R, payment_declined: 'failed', payment_succeeded: 'success', cancelled: 'cancelled', mismatch_detected: 'requires_attention', paid_after_cancellation: R },
  waiting_card:       { reader_connecting: 'connecting', awaiting_card: S, card_presented: 'processing', payment_declined: 'failed', payment_succeeded: 'success', cancelled: 'cancelled', mismatch_detected: 'requires_attention', paid_after_cancellation: R },
  processing:         { reader_connecting: R, awaiting_card: 'waiting_card', card_presented: S, payment_declined: 'failed', payment_succeeded: 'success', cancelled: 'cancelled', mismatch_detected: 'requires_attention', paid_after_cancellation: R },
  failed:             { reader_connecting: 'connecting', awaiting_card: 'waiting_card', card_presented: R, payment_declined: 'failed', payment_succeeded: 'success', cancelled: 'cancelled', mismatch_detected: 'requires_attention', paid_after_cancellation: R },
  success:            { reader_connecting: R, awaiting_card: R, card_presented: R, payment_declined: R, payment_succeeded: S, cancelled: R, mismatch_detected: R, paid_after_cancellation: R },
  cancelled:          { reader_connecting: R, awaiting_card: R, card_presented: R, payment_declined: R, payment_succeeded: R, cancelled: S, mismatch_detected: R, paid_after_cancellation: 'requires_attention' },
  requires_attention: { reader_connecting: R, awaiting_card: R, card_presented: R, payment_declined: R, payment_succeeded: R, cancelled: R, mismatch_detected: S, paid_after_cancellation: S },
};

const stateIn = (status: SessionStatus): SessionState =>
  status === 'failed'
    ? { status, declineCode: 'card_declined' }
    : status === 'cancelled'
      ? { status, cancellationReason: 'customer' }
      : status === 'requires_attention'
        ? { status, attentionReason: 'currency eur != usd' }
        : { status };

describe('the session state machine', () => {
  for (const from of SESSION_STATUSES) {
    for (const event of Object.values(EVENTS)) {
      const expected = EXPECTED[from][event.type];
      it(`${event.type} from ${from}: ${expected}`, () => {
        const state = stateIn(from);
        const frozen = structuredClone(state);
        const result = transition(state, event);
        expect(state, 'the input state is never modified').toEqual(frozen);
        if (expected === R) {
          expect(result).toMatchObject({ ok: false, state });
          if (!result.ok) expect(result.error).toContain(from);
        } else if (expected === S) {
          expect(result).toEqual({ ok: true, changed: false, state });
        } else {
          expect(result).toMatchObject({ ok: true, changed: true, state: { status: expected } });
        }
      });
    }
  }

  it('covers every status and every event', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...SESSION_STATUSES].sort());
    for (const row of Object.values(EXPECTED)) expect(Object.keys(row).sort()).toEqual(Object.keys(EVENTS).sort());
  });

  it('a finished session never moves, whatever arrives, except a cancelled one that was paid anyway', () => {
    for (const status of FINAL_STATUSES) {
      for (const event of Object.values(EVENTS)) {
        if (status === 'cancelled' && event.type === 'paid_after_cancellation') continue;
        expect(transition(stateIn(status), event).state).toEqual(stateIn(status));
      }
    }
  });

  it('a cancelled session paid anyway goes to an operator, keeping why it was cancelled', () => {
    const next = transition({ status: 'cancelled', cancellationReason: 'customer' }, { type: 'paid_after_cancellation' });
    expect(next).toEqual({
      ok: true,
      changed: true,
      state: { status: 'requires_attention', attentionReason: 'paid_after_cancellation', cancellationReason: 'customer' },
    });
  });

  it('a decline records its code, and a second decline replaces it', () => {
    const first = transition({ status: 'processing' }, { type: 'payment_declined', declineCode: 'card_declined' });
    expect(first.state).toEqual({ status: 'failed', declineCode: 'card_declined' });
    const second = transition(first.state, { type: 'payment_declined', declineCode: 'expired_card' });
    expect(second).toEqual({ ok: true, changed: true, state: { status: 'failed', declineCode: 'expired_card' } });
  });

  it('trying another card after a decline clears the old decline code', () => {
    const next = transition({ status: 'failed', declineCode: 'card_declined' }, { type: 'awaiting_card' });
    expect(next.state).toEqual({ status: 'waiting_card' });
  });

  it('a cancelled session keeps its first reason', () => {
    const cancelled = transition({ status: 'waiting_card' }, { type: 'cancelled', reason: 'customer' });
    expect(cancelled.state).toEqual({ status: 'cancelled', cancellationReason: 'customer' });
    expect(transition(cancelled.state, { type: 'cancelled', reason: 'expired' }).state).toEqual(cancelled.state);
  });

  it('a mismatch says why the session needs a person', () => {
    expect(transition({ status: 'idle' }, { type: 'mismatch_detected', reason: 'kioskId in metadata does not match' }).state).toEqual({
      status: 'requires_attention',
      attentionReason: 'kioskId in metadata does not match',
    });
  });
});
