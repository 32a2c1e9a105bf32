import { describe, expect, it } from 'vitest';
import {
  atMostOnePaymentIntentPerSession,
  checkInvariants,
  customerOutcomeKept,
  everySessionSettled,
  noMoneyBehindUnpaidSessions,
  noOrphanedPaymentIntent,
  nothingChargedTwice,
  successIffPaymentSucceeded,
  type Observed,
} from '../../bench/invariants.ts';

/** A clean run: one paid session, one cancelled before any card, one whose PaymentIntent was never created. */
function cleanRun(): Observed {
  return {
    sessions: [
      { sessionId: 'cs_paid', kioskId: 'ki_1', status: 'success', paymentIntentId: 'pi_paid', updatedAt: 1 },
      { sessionId: 'cs_cancelled', kioskId: 'ki_1', status: 'cancelled', paymentIntentId: 'pi_cancelled', cancellationReason: 'customer', updatedAt: 1 },
      { sessionId: 'cs_no_pi', kioskId: 'ki_2', status: 'cancelled', paymentIntentId: '', cancellationReason: 'expired', updatedAt: 1 },
    ],
    paymentIntents: [
      { id: 'pi_paid', status: 'succeeded', metadata: { sessionId: 'cs_paid' } },
      { id: 'pi_cancelled', status: 'canceled', metadata: { sessionId: 'cs_cancelled' } },
    ],
    charges: [
      { id: 'ch_declined', paymentIntentId: 'pi_paid', paid: false, captured: false, refunded: false },
      { id: 'ch_paid', paymentIntentId: 'pi_paid', paid: true, captured: true, refunded: false },
    ],
    attempts: [
      { idempotencyKey: 'k1', sessionIds: ['cs_paid', 'cs_paid'], paymentIntentIds: ['pi_paid', 'pi_paid'], expected: 'success' },
      { idempotencyKey: 'k2', sessionIds: ['cs_cancelled'], paymentIntentIds: ['pi_cancelled'], expected: 'cancelled' },
      { idempotencyKey: 'k3', sessionIds: ['cs_no_pi'], paymentIntentIds: [''], expected: null },
    ],
  };
}

describe('benchmark invariants', () => {
  it('a clean run passes every invariant, a declined charge before the paid one included', () => {
    expect(checkInvariants(cleanRun()).flatMap((result) => result.violations)).toEqual([]);
  });

  it('a session still open after the alarm window is reported as stuck', () => {
    const run = cleanRun();
    run.sessions[1]!.status = 'waiting_card';
    expect(everySessionSettled(run).violations).toEqual(['cs_cancelled is waiting_card']);
  });

  it('a session flagged for staff counts as unsettled', () => {
    const run = cleanRun();
    run.sessions[0]!.status = 'requires_attention';
    expect(everySessionSettled(run).violations).toEqual(['cs_paid is requires_attention']);
  });

  it('a second PaymentIntent for one session is caught', () => {
    const run = cleanRun();
    run.paymentIntents.push({ id: 'pi_second', status: 'requires_payment_method', metadata: { sessionId: 'cs_paid' } });
    expect(atMostOnePaymentIntentPerSession(run).violations).toEqual(['cs_paid has 2 PaymentIntents: pi_paid, pi_second']);
  });

  it('a PaymentIntent its session does not know, or naming no known session, is orphaned', () => {
    const run = cleanRun();
    run.paymentIntents.push(
      { id: 'pi_lost', status: 'requires_payment_method', metadata: { sessionId: 'cs_no_pi' } },
      { id: 'pi_stranger', status: 'succeeded', metadata: { sessionId: 'cs_unknown' } },
      { id: 'pi_bare', status: 'canceled', metadata: {} },
    );
    expect(noOrphanedPaymentIntent(run).violations).toEqual([
      'pi_lost (requires_payment_method) names cs_no_pi, whose PaymentIntent is none',
      'pi_stranger (succeeded) names unknown session cs_unknown',
      'pi_bare (canceled) names no session',
    ]);
  });

  it('money taken for a cancelled session, or success without a payment, breaks success-iff-succeeded', () => {
    const run = cleanRun();
    run.paymentIntents[1]!.status = 'succeeded';
    run.paymentIntents[0]!.status = 'requires_payment_method';
    expect(successIffPaymentSucceeded(run).violations).toEqual([
      'cs_paid is success but its PaymentIntent is requires_payment_method',
      'cs_cancelled is cancelled but pi_cancelled succeeded (charged, order lost)',
    ]);
  });

  it('a session pointing at a PaymentIntent Stripe does not have is caught', () => {
    const run = cleanRun();
    run.paymentIntents.splice(1, 1);
    expect(successIffPaymentSucceeded(run).violations).toEqual(['cs_cancelled (cancelled) points at pi_cancelled, which Stripe does not have']);
  });

  it('two paid charges on one PaymentIntent are a double charge; a refunded one is not', () => {
    const run = cleanRun();
    run.charges.push({ id: 'ch_refunded', paymentIntentId: 'pi_paid', paid: true, captured: true, refunded: true });
    expect(nothingChargedTwice(run).violations).toEqual([]);
    run.charges.push({ id: 'ch_again', paymentIntentId: 'pi_paid', paid: true, captured: true, refunded: false });
    expect(nothingChargedTwice(run).violations).toEqual(['pi_paid has 2 paid charges: ch_paid, ch_again']);
  });

  it('a repeated create that came back with another session or PaymentIntent is caught', () => {
    const run = cleanRun();
    run.attempts[0]!.paymentIntentIds.push('pi_other');
    expect(nothingChargedTwice(run).violations).toEqual([
      'cart attempt k1 got sessions cs_paid and PaymentIntents pi_paid, pi_other',
    ]);
  });

  it('a charged customer whose session did not end in success is a lost payment', () => {
    const run = cleanRun();
    run.attempts[1]!.expected = 'success';
    expect(customerOutcomeKept(run).violations).toEqual(["cs_cancelled: the customer's payment was charged but the session is cancelled"]);
  });

  it('a session a kiosk created that is missing from the index is lost', () => {
    const run = cleanRun();
    run.attempts.push({ idempotencyKey: 'k4', sessionIds: ['cs_vanished'], paymentIntentIds: ['pi_x'], expected: null });
    expect(customerOutcomeKept(run).violations).toEqual(['cs_vanished was created for a kiosk but is not in the session index']);
  });

  it('a cancelled session whose PaymentIntent is still live, or paid and not refunded, keeps money it must not', () => {
    const run = cleanRun();
    run.paymentIntents.push({ id: 'pi_lost', status: 'requires_payment_method', metadata: { sessionId: 'cs_no_pi' } });
    run.paymentIntents[1]!.status = 'succeeded';
    run.charges.push({ id: 'ch_kept', paymentIntentId: 'pi_cancelled', paid: true, captured: true, refunded: false });
    expect(noMoneyBehindUnpaidSessions(run).violations).toEqual([
      'cs_cancelled is cancelled but pi_cancelled was paid and not refunded',
      'cs_no_pi is cancelled but pi_lost is still requires_payment_method (chargeable)',
    ]);
  });

  it('a session needing an operator whose payment was refunded in full keeps no money', () => {
    const run = cleanRun();
    run.sessions[1]!.status = 'requires_attention';
    run.paymentIntents[1]!.status = 'succeeded';
    run.charges.push({ id: 'ch_refunded', paymentIntentId: 'pi_cancelled', paid: true, captured: true, refunded: true });
    expect(noMoneyBehindUnpaidSessions(run).violations).toEqual([]);
  });
});
