/**
 * A kiosk whose server drives its reader (reader mode `server-driven`), as the PWA does: create the session (the server
 * shows the cart on the reader and hands it the payment), follow the session's live channel, and only ever call
 * retry or cancel. The customer's card is presented through the developer panel's route, which a real kiosk never sends.
 */
import type { LiveChannelResponse, SessionView } from '../../shared/api.ts';
import { KioskClient } from './kiosk-client.ts';
import { nextDeclineCard, pick, randomCart, SUCCESS_CARDS, type CartAttempt, type Scenario, type SimulatedKiosk } from './scenarios.ts';

/** How long the kiosk waits for the server's word on a card before it reads the session itself. */
const VERDICT_WAIT_MS = 15_000;
const FINAL: ReadonlySet<string> = new Set(['success', 'cancelled', 'requires_attention']);

/** The session's live channel: every view the server pushes, and a way to wait for one. */
class LiveSession {
  private readonly waiters: Array<{ until: (view: SessionView) => boolean; resolve: (view: SessionView | null) => void }> = [];
  private latest: SessionView | null = null;
  private readonly socket: WebSocket | null;

  constructor(socket: WebSocket | null) {
    this.socket = socket;
    socket?.addEventListener('message', (event) => {
      const view = JSON.parse(String(event.data)) as SessionView;
      this.latest = view;
      for (const waiter of [...this.waiters]) {
        if (!waiter.until(view)) continue;
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(view);
      }
    });
  }

  /** The first view that satisfies `until` (the latest one, if it already does), or null after `timeoutMs`. */
  next(until: (view: SessionView) => boolean, timeoutMs = VERDICT_WAIT_MS): Promise<SessionView | null> {
    if (this.latest && until(this.latest)) return Promise.resolve(this.latest);
    return new Promise((resolve) => {
      const waiter = { until, resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve(null);
      }, timeoutMs);
    });
  }

  /** A view the kiosk got in an answer (a retry's): newer than the verdict it replaces, which must not count again. */
  known(view: SessionView): void {
    this.latest = view;
  }

  close(): void {
    this.socket?.close();
  }
}

export class ServerDrivenKiosk extends KioskClient implements SimulatedKiosk {
  private readerId: string | null = null;

  /** The kiosk's reader, from its configuration (read at start-up, not per payment). */
  private async reader(): Promise<string | null> {
    this.readerId ??= (await this.request<{ readerId: string | null }>('GET /api/kiosk', 'GET', '/api/kiosk', undefined, { part: 'start-up' })).body.readerId ?? null;
    return this.readerId;
  }

  /** The customer at the reader (the developer panel's route: not a kiosk request). */
  private present(cardNumber: string) {
    return this.withRetries(() =>
      this.request<{ reader: { action: { status: string } | null } }>(
        'POST /api/simulated-reader/readers/:rid/present',
        'POST',
        `/api/simulated-reader/readers/${this.readerId}/present`,
        { cardNumber },
        { part: 'customer' },
      ),
    );
  }

  /** Opens the session's live channel: one request for the ticket, one WebSocket. */
  private async follow(attempt: CartAttempt, sessionId: string): Promise<LiveSession> {
    const ticket = await this.withRetries(() => this.request<LiveChannelResponse>('POST /api/sessions/:id/live', 'POST', `/api/sessions/${sessionId}/live`));
    if (ticket.status !== 200) return new LiveSession(null);
    attempt.kioskSockets++;
    const socket = new WebSocket(ticket.body.url);
    await new Promise<void>((resolve) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => resolve(), { once: true });
    });
    return new LiveSession(socket);
  }

  /** The server's word on the card: from the live channel, or (when it is silent) read once. */
  private async verdict(live: LiveSession, sessionId: string, until: (view: SessionView) => boolean): Promise<SessionView | null> {
    const pushed = await live.next(until);
    if (pushed) return pushed;
    const read = await this.withRetries(() => this.request<SessionView>('GET /api/sessions/:id', 'GET', `/api/sessions/${sessionId}`));
    return read.status === 200 && until(read.body) ? read.body : null;
  }

  async pay(scenario: Scenario): Promise<CartAttempt> {
    if (!(await this.reader())) return this.finish(this.newAttempt('server-driven', scenario), 'gave_up');
    const attempt = this.newAttempt('server-driven', scenario);
    const created = await this.createSession(attempt, randomCart());
    if (created.status !== 201) return this.finish(attempt, 'gave_up');
    const session = created.body;
    const live = await this.follow(attempt, session.sessionId);
    try {
      if (scenario === 'abandon_before_card') return this.finish(attempt, 'abandoned', 'cancelled');
      await this.customerPause();
      if (scenario === 'cancel') {
        const cancelled = await this.cancelSession(session.sessionId);
        // A cancel that never got through still leaves the session unpaid: the next order or the alarm ends it.
        return this.finish(attempt, 'cancelled', cancelled.status === 409 ? null : 'cancelled');
      }
      const cards = scenario === 'decline_then_retry' ? [nextDeclineCard()] : [];
      for (let tries = 0; tries < cards.length + 2; tries++) {
        const card = cards[tries] ?? pick(SUCCESS_CARDS);
        const presented = await this.present(card);
        if (presented.body.reader?.action?.status === 'succeeded') attempt.expected = 'success';
        if (scenario === 'abandon_after_charge' && attempt.expected === 'success') {
          attempt.abandonedAt = Date.now();
          return this.finish(attempt, 'abandoned');
        }
        const view = await this.verdict(live, session.sessionId, (v) => FINAL.has(v.status) || v.status === 'failed');
        if (!view) return this.finish(attempt, 'gave_up');
        if (view.status === 'success') return this.finish(attempt, 'paid', 'success');
        // A customer the reader charged stays charged: the server calling it cancelled is a lost payment, not a cancel.
        if (view.status === 'cancelled') return this.finish(attempt, 'cancelled', attempt.expected ?? 'cancelled');
        if (view.status !== 'failed') return this.finish(attempt, 'gave_up');
        // Declined: the same payment goes back to the reader for another card.
        const retried = await this.withRetries(() => this.request<SessionView>('POST /api/sessions/:id/retry', 'POST', `/api/sessions/${session.sessionId}/retry`));
        if (retried.status !== 200) return this.finish(attempt, 'gave_up');
        live.known(retried.body);
      }
      return this.finish(attempt, 'gave_up');
    } finally {
      live.close();
    }
  }
}
