/**
 * A kiosk driving its reader itself (reader mode `js-sdk`), as the PWA does: create the session, progress hints,
 * collect / present / confirm on its reader (the simulated one, through the worker), then `complete`, whose answer alone
 * says whether the customer paid. It connects to its reader once, with a connection token, as the JS SDK does with a
 * real reader (the SDK asks for a token per connection, not per payment; the PWA's simulated reader needs none).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { CompleteResponse } from '../../shared/api.ts';
import { KioskClient } from './kiosk-client.ts';
import { nextDeclineCard, pick, randomCart, SUCCESS_CARDS, type CartAttempt, type Scenario, type SimulatedKiosk } from './scenarios.ts';

export class SdkKiosk extends KioskClient implements SimulatedKiosk {
  private readerId: string | null = null;
  /** A collect left running by a customer who walked away: cleared at the next payment, as the PWA's reconnect does. */
  private readerBusy = false;

  private progress(sessionId: string, status: 'connecting' | 'waiting_card' | 'processing') {
    // A hint, as in the PWA: a refusal (the session already finished) changes nothing.
    return this.request('POST /api/sessions/:id/progress', 'POST', `/api/sessions/${sessionId}/progress`, { status });
  }

  private reader(action: 'collect' | 'present' | 'confirm' | 'cancel', body?: unknown) {
    return this.request<{ paymentIntent?: { status: string } }>(
      `POST /api/simulated-reader/readers/:rid/${action}`,
      'POST',
      `/api/simulated-reader/readers/${this.readerId}/${action}`,
      body,
      // Presenting the card is the customer's part: a kiosk with a real reader never sends it.
      { part: action === 'present' ? 'customer' : 'payment' },
    );
  }

  /** Connects to the kiosk's reader once, and clears an action a walked-away customer left running. */
  private async ensureReader(): Promise<boolean> {
    if (!this.readerId) {
      await this.withRetries(() => this.request('POST /api/connection-token', 'POST', '/api/connection-token'));
      const list = await this.withRetries(() =>
        this.request<{ readers: { id: string }[] }>('GET /api/simulated-reader/readers', 'GET', '/api/simulated-reader/readers'),
      );
      this.readerId = list.body.readers?.[0]?.id ?? null;
      if (!this.readerId) return false;
    }
    if (this.readerBusy) {
      await this.withRetries(() => this.reader('cancel'));
      this.readerBusy = false;
    }
    return true;
  }

  /** Collects on the reader; a busy reader (an action left over after a failed step) is cleared first. */
  private async collect(paymentIntentId: string): Promise<boolean> {
    for (let tries = 0; tries < 4; tries++) {
      const answer = await this.withRetries(() => this.reader('collect', { paymentIntentId }));
      if (answer.status === 200) return true;
      if (answer.status !== 409) return false;
      await this.reader('cancel');
    }
    return false;
  }

  /** `complete`, polled while the server still sees the payment processing (as the PWA's settle step does). */
  private async complete(sessionId: string, paymentIntentId: string): Promise<CompleteResponse | null> {
    for (let poll = 0; poll < 3; poll++) {
      const answer = await this.withRetries(() =>
        this.request<CompleteResponse>('POST /api/sessions/:id/complete', 'POST', `/api/sessions/${sessionId}/complete`, { paymentIntentId }),
      );
      if (answer.status !== 200) return null;
      if (answer.body.status !== 'processing') return answer.body;
      await sleep(500 * (poll + 1));
    }
    return null;
  }

  async pay(scenario: Scenario): Promise<CartAttempt> {
    const attempt = this.newAttempt('js-sdk', scenario);
    const created = await this.createSession(attempt, randomCart());
    if (created.status !== 201) return this.finish(attempt, 'gave_up');
    const session = created.body;
    // Without a PaymentIntent there is nothing to pay: the PWA gives the order up and the alarm closes the session.
    if (!session.paymentIntentId) return this.finish(attempt, 'gave_up');

    // First the proof of life, as the PWA reports it before it even reaches for the reader.
    await this.progress(session.sessionId, 'connecting');
    if (!(await this.ensureReader())) return this.finish(attempt, 'gave_up');

    const cards = scenario === 'decline_then_retry' ? [nextDeclineCard()] : [];
    // A card is tried again when the server still sees it unpaid (its confirm never reached Stripe).
    for (let tries = 0; tries < cards.length + 3; tries++) {
      const card = cards[tries] ?? pick(SUCCESS_CARDS);
      if (tries > 0) await this.progress(session.sessionId, 'connecting');
      await this.progress(session.sessionId, 'waiting_card');
      if (!(await this.collect(session.paymentIntentId))) return this.finish(attempt, 'gave_up');

      if (scenario === 'abandon_before_card') {
        this.readerBusy = true;
        return this.finish(attempt, 'abandoned', 'cancelled');
      }
      await this.customerPause();
      if (scenario === 'cancel') {
        await this.withRetries(() => this.reader('cancel'));
        await this.cancelSession(session.sessionId);
        // Even if the cancel never got through, no card was presented: the alarm must close the session unpaid.
        return this.finish(attempt, 'cancelled', 'cancelled');
      }

      const presented = await this.withRetries(() => this.reader('present', { cardNumber: card }));
      // The next round's collect finds the reader busy and clears it.
      if (presented.status !== 200) continue;
      await this.progress(session.sessionId, 'processing');
      const confirmed = await this.withRetries(() => this.reader('confirm', { paymentIntentId: session.paymentIntentId }));
      if (confirmed.body.paymentIntent?.status === 'succeeded') attempt.expected = 'success';

      if (scenario === 'abandon_after_charge' && attempt.expected === 'success') {
        attempt.abandonedAt = Date.now();
        return this.finish(attempt, 'abandoned');
      }
      const verdict = await this.complete(session.sessionId, session.paymentIntentId);
      if (!verdict) return this.finish(attempt, 'gave_up');
      if (verdict.success) return this.finish(attempt, 'paid', 'success');
      // A customer the reader charged stays charged: the server calling it cancelled is a lost payment, not a cancel.
      if (verdict.status === 'cancelled') return this.finish(attempt, 'cancelled', attempt.expected ?? 'cancelled');
      // `failed` (declined: the customer tries another card) or still open: go round again.
    }
    return this.finish(attempt, 'gave_up');
  }
}
