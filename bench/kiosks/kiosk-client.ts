/**
 * What every simulated kiosk does on the wire: JSON requests to the kiosk API with its token, timed per route, with the
 * objects each answer says it addressed, retried as the PWA retries (a server or connection failure, not a refusal).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SessionView } from '../../shared/api.ts';
import type { CartAttempt, KioskCredentials, KioskOptions, ReaderMode, Scenario } from './scenarios.ts';

export interface Answer<T> {
  status: number;
  body: T & { error?: { code: string; message: string } };
}

/** Attempts per call when the worker answers 5xx or the connection fails (the PWA waits and repeats the same step). */
const MAX_TRIES = 4;

/** A retry is worth it for a server or connection failure, not for a refusal (4xx) nor our own rate limit. */
const retryable = (answer: Answer<unknown>) => answer.status === 0 || answer.status >= 500;

export class KioskClient {
  /** The attempt whose requests are being counted now (the kiosk serves one customer at a time). */
  private counting: CartAttempt | null = null;

  readonly credentials: KioskCredentials;
  readonly options: KioskOptions;

  constructor(credentials: KioskCredentials, options: KioskOptions) {
    this.credentials = credentials;
    this.options = options;
  }

  newAttempt(readerMode: ReaderMode, scenario: Scenario): CartAttempt {
    this.counting = {
      kioskId: this.credentials.kioskId,
      readerMode,
      scenario,
      idempotencyKey: crypto.randomUUID(),
      sessionIds: [],
      paymentIntentIds: [],
      expected: null,
      outcome: 'gave_up',
      kioskRequests: 0,
      kioskSockets: 0,
      startedAt: Date.now(),
      endedAt: 0,
    };
    return this.counting;
  }

  finish(attempt: CartAttempt, outcome: CartAttempt['outcome'], expected: CartAttempt['expected'] = attempt.expected): CartAttempt {
    Object.assign(attempt, { outcome, expected, endedAt: Date.now() });
    this.counting = null;
    return attempt;
  }

  /**
   * One request, timed under `route`. Counted as one of the payment's kiosk requests unless `part` says it is the
   * kiosk's start-up (once, not per payment) or the customer's (presenting the card through the developer panel),
   * which a real kiosk never sends and the kiosk requests/s leave out.
   */
  async request<T>(
    route: string,
    method: string,
    path: string,
    body?: unknown,
    options: { headers?: Record<string, string>; part?: 'payment' | 'start-up' | 'customer' } = {},
  ): Promise<Answer<T>> {
    const part = options.part ?? 'payment';
    if (part === 'payment' && this.counting) this.counting.kioskRequests++;
    const started = performance.now();
    let answer: Answer<T>;
    try {
      const res = await fetch(`${this.options.baseUrl}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${this.credentials.token}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...options.headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      answer = { status: res.status, body: text ? JSON.parse(text) : {} };
      this.options.recorder.objects(route, res.headers.get('X-Objects-Touched'));
    } catch (err) {
      answer = { status: 0, body: { error: { code: 'network_error', message: String(err) } } as Answer<T>['body'] };
    }
    this.options.recorder.record(route, started, performance.now(), part === 'customer');
    if (answer.status === 0 || answer.status >= 400) {
      this.options.recorder.fail(`${route} -> ${answer.status || 'no answer'} ${answer.body.error?.code ?? ''}`.trim());
    }
    return answer;
  }

  async withRetries<T>(call: () => Promise<Answer<T>>): Promise<Answer<T>> {
    let answer = await call();
    for (let tries = 1; tries < MAX_TRIES && retryable(answer); tries++) {
      await sleep(200 * 2 ** tries);
      answer = await call();
    }
    return answer;
  }

  async customerPause(): Promise<void> {
    const [min, max] = this.options.customerPauseMs;
    if (max > 0) await sleep(min + Math.random() * (max - min));
  }

  /** Creates the attempt's session (sent twice for some, as after a lost answer): one session and PaymentIntent, always. */
  async createSession(attempt: CartAttempt, items: { id: string; quantity: number }[]): Promise<Answer<SessionView>> {
    const create = () =>
      this.withRetries(() =>
        this.request<SessionView>('POST /api/sessions', 'POST', '/api/sessions', { items }, { headers: { 'Idempotency-Key': attempt.idempotencyKey } }),
      );
    const created = await create();
    if (created.status === 201) {
      attempt.sessionIds.push(created.body.sessionId);
      attempt.paymentIntentIds.push(created.body.paymentIntentId);
      if (Math.random() < (this.options.repeatCreateRate ?? 0)) {
        const again = await create();
        if (again.status === 201) {
          attempt.sessionIds.push(again.body.sessionId);
          attempt.paymentIntentIds.push(again.body.paymentIntentId);
        }
      }
    }
    return created;
  }

  cancelSession(sessionId: string) {
    return this.withRetries(() => this.request<SessionView>('POST /api/sessions/:id/cancel', 'POST', `/api/sessions/${sessionId}/cancel`));
  }
}
