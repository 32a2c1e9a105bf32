/**
 * One simulated kiosk, paying through the kiosk API exactly as the PWA does in simulated mode: create the session
 * (with an Idempotency-Key), a connection token, progress hints, collect / present / confirm on its simulated reader,
 * then `complete`, whose answer alone says whether the customer paid.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { CompleteResponse, SessionView } from '../shared/api.ts';
import { TEST_CARDS } from '../shared/test-cards.ts';
import type { LatencyRecorder } from './latency.ts';

export interface KioskCredentials {
  kioskId: string;
  token: string;
}

export type Scenario = 'success' | 'decline_then_retry' | 'cancel' | 'abandon_after_charge' | 'abandon_before_card';

/** The mix of customers a kiosk sees: mostly payments, a fifth declined first, the rest cancelling or walking away. */
export const SCENARIO_WEIGHTS: Readonly<Record<Scenario, number>> = {
  success: 0.5,
  decline_then_retry: 0.2,
  cancel: 0.1,
  abandon_after_charge: 0.1,
  abandon_before_card: 0.1,
};

export function pickScenario(): Scenario {
  let left = Math.random();
  for (const [scenario, weight] of Object.entries(SCENARIO_WEIGHTS) as [Scenario, number][]) {
    if (left < weight) return scenario;
    left -= weight;
  }
  return 'success';
}

/** What one cart attempt (one Idempotency-Key) led to, as the kiosk saw it: the invariants compare it with the server. */
export interface CartAttempt {
  kioskId: string;
  scenario: Scenario;
  idempotencyKey: string;
  /** Every session and PaymentIntent id the create call answered with, retries included (one of each, or a bug). */
  sessionIds: string[];
  paymentIntentIds: string[];
  /** The final session state the customer was told or can be sure of; null when faults left it unknown. */
  expected: 'success' | 'cancelled' | null;
  /** How it ended at the kiosk. */
  outcome: 'paid' | 'cancelled' | 'abandoned' | 'gave_up';
  /** For a customer who walked away after being charged: when, to tell a webhook settlement from the alarm's. */
  abandonedAt?: number;
  startedAt: number;
  endedAt: number;
}

export interface KioskOptions {
  baseUrl: string;
  recorder: LatencyRecorder;
  /** How long a customer takes to tap the card or press cancel: [min, max] ms. Zero in capacity runs. */
  customerPauseMs: readonly [number, number];
  /** Share of cart attempts whose create is sent twice with the same key, as after a lost response. */
  repeatCreateRate?: number;
}

interface Answer<T> {
  status: number;
  body: T & { error?: { code: string; message: string } };
}

const SUCCESS_CARDS = TEST_CARDS.filter((card) => !card.declineCode).map((card) => card.number);
const DECLINE_CARDS = TEST_CARDS.filter((card) => card.declineCode).map((card) => card.number);
const MENU = ['americano', 'latte', 'green-tea', 'croissant', 'bagel', 'orange-juice'];
/** Attempts per call when the worker answers 5xx or the connection fails (the PWA waits and repeats the same step). */
const MAX_TRIES = 4;

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

function randomCart(): { id: string; quantity: number }[] {
  const lines = 1 + Math.floor(Math.random() * 3);
  const ids = [...MENU].sort(() => Math.random() - 0.5).slice(0, lines);
  return ids.map((id) => ({ id, quantity: 1 + Math.floor(Math.random() * 2) }));
}

/** A retry is worth it for a server or connection failure, not for a refusal (4xx) nor our own rate limit. */
const retryable = (answer: Answer<unknown>) => answer.status === 0 || answer.status >= 500;

export class SimulatedKiosk {
  private readerId: string | null = null;
  /** A collect left running by a customer who walked away: cleared at the next payment, as the PWA's reconnect does. */
  private readerBusy = false;
  private declineCursor = 0;

  readonly credentials: KioskCredentials;
  private readonly options: KioskOptions;

  constructor(credentials: KioskCredentials, options: KioskOptions) {
    this.credentials = credentials;
    this.options = options;
  }

  private async request<T>(route: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const started = performance.now();
    let answer: Answer<T>;
    try {
      const res = await fetch(`${this.options.baseUrl}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${this.credentials.token}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      answer = { status: res.status, body: text ? JSON.parse(text) : {} };
    } catch (err) {
      answer = { status: 0, body: { error: { code: 'network_error', message: String(err) } } as Answer<T>['body'] };
    }
    this.options.recorder.record(route, started, performance.now());
    if (answer.status === 0 || answer.status >= 400) {
      this.options.recorder.fail(`${route} -> ${answer.status || 'no answer'} ${answer.body.error?.code ?? ''}`.trim());
    }
    return answer;
  }

  private async withRetries<T>(call: () => Promise<Answer<T>>): Promise<Answer<T>> {
    let answer = await call();
    for (let tries = 1; tries < MAX_TRIES && retryable(answer); tries++) {
      await sleep(200 * 2 ** tries);
      answer = await call();
    }
    return answer;
  }

  private async customerPause(): Promise<void> {
    const [min, max] = this.options.customerPauseMs;
    if (max > 0) await sleep(min + Math.random() * (max - min));
  }

  private createSession(items: { id: string; quantity: number }[], key: string) {
    return this.withRetries(() =>
      this.request<SessionView>('POST /api/sessions', 'POST', '/api/sessions', { items }, { 'Idempotency-Key': key }),
    );
  }

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
    );
  }

  /** Discovers the kiosk's reader once, and clears an action a walked-away customer left running. */
  private async ensureReader(): Promise<boolean> {
    if (!this.readerId) {
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
    for (let tries = 0; tries < MAX_TRIES; tries++) {
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

  /** One customer at the kiosk, from cart to the end of their scenario. */
  async pay(scenario: Scenario): Promise<CartAttempt> {
    const attempt: CartAttempt = {
      kioskId: this.credentials.kioskId,
      scenario,
      idempotencyKey: crypto.randomUUID(),
      sessionIds: [],
      paymentIntentIds: [],
      expected: null,
      outcome: 'gave_up',
      startedAt: Date.now(),
      endedAt: 0,
    };
    const finish = (outcome: CartAttempt['outcome'], expected: CartAttempt['expected'] = attempt.expected) => {
      Object.assign(attempt, { outcome, expected, endedAt: Date.now() });
      return attempt;
    };

    const items = randomCart();
    const created = await this.createSession(items, attempt.idempotencyKey);
    if (created.status !== 201) return finish('gave_up');
    const session = created.body;
    attempt.sessionIds.push(session.sessionId);
    attempt.paymentIntentIds.push(session.paymentIntentId);
    if (Math.random() < (this.options.repeatCreateRate ?? 0)) {
      const again = await this.createSession(items, attempt.idempotencyKey);
      if (again.status === 201) {
        attempt.sessionIds.push(again.body.sessionId);
        attempt.paymentIntentIds.push(again.body.paymentIntentId);
      }
    }
    // Without a PaymentIntent there is nothing to pay: the PWA gives the order up and the alarm closes the session.
    if (!session.paymentIntentId) return finish('gave_up');

    // First the proof of life, as the PWA reports it before it even reaches for the reader.
    await this.progress(session.sessionId, 'connecting');
    await this.withRetries(() => this.request('POST /api/connection-token', 'POST', '/api/connection-token'));
    if (!(await this.ensureReader())) return finish('gave_up');

    const cards = scenario === 'decline_then_retry' ? [DECLINE_CARDS[this.declineCursor++ % DECLINE_CARDS.length]!] : [];
    // A card is tried again when the server still sees it unpaid (its confirm never reached Stripe).
    for (let tries = 0; tries < cards.length + 3; tries++) {
      const card = cards[tries] ?? pick(SUCCESS_CARDS);
      if (tries > 0) await this.progress(session.sessionId, 'connecting');
      await this.progress(session.sessionId, 'waiting_card');
      if (!(await this.collect(session.paymentIntentId))) return finish('gave_up');

      if (scenario === 'abandon_before_card') {
        this.readerBusy = true;
        return finish('abandoned', 'cancelled');
      }
      await this.customerPause();
      if (scenario === 'cancel') {
        await this.withRetries(() => this.reader('cancel'));
        await this.withRetries(() =>
          this.request('POST /api/sessions/:id/cancel', 'POST', `/api/sessions/${session.sessionId}/cancel`),
        );
        // Even if the cancel never got through, no card was presented: the alarm must close the session unpaid.
        return finish('cancelled', 'cancelled');
      }

      const presented = await this.withRetries(() => this.reader('present', { cardNumber: card }));
      // The next round's collect finds the reader busy and clears it.
      if (presented.status !== 200) continue;
      await this.progress(session.sessionId, 'processing');
      const confirmed = await this.withRetries(() => this.reader('confirm', { paymentIntentId: session.paymentIntentId }));
      if (confirmed.body.paymentIntent?.status === 'succeeded') attempt.expected = 'success';

      if (scenario === 'abandon_after_charge' && attempt.expected === 'success') {
        attempt.abandonedAt = Date.now();
        return finish('abandoned');
      }
      const verdict = await this.complete(session.sessionId, session.paymentIntentId);
      if (!verdict) return finish('gave_up');
      if (verdict.success) return finish('paid', 'success');
      if (verdict.status === 'cancelled') return finish('cancelled', 'cancelled');
      // `failed` (declined: the customer tries another card) or still open: go round again.
    }
    return finish('gave_up');
  }
}
