import { DurableObject } from 'cloudflare:workers';
import { Hono } from 'hono';
import { stripeMode, webhookSecrets } from '../config.ts';
import { FAULT_KINDS, FaultInjector, type FaultRule } from './fault-injector.ts';
import { IdempotencyStore } from './idempotency-store.ts';
import { parseForm, type Params } from './params.ts';
import { chargeRoutes } from './routes/charges.ts';
import { eventRoutes } from './routes/events.ts';
import { paymentIntentRoutes } from './routes/payment-intents.ts';
import { paymentMethodRoutes } from './routes/payment-methods.ts';
import { refundRoutes } from './routes/refunds.ts';
import {
  connectionTokenRoutes,
  locationRoutes,
  readerRoutes,
  terminalTestHelperRoutes,
} from './routes/terminal.ts';
import { failRefund } from './refunds.ts';
import { ScheduledChanges } from './scheduled-changes.ts';
import { SIMULATED_API_VERSION, SimulatorState } from './simulator-state.ts';
import { ObjectStore, randomId } from './store.ts';
import { notFoundRoute, StripeApiError } from './stripe-error.ts';
import { WebhookOutbox, type DeliveryMode } from './webhook-outbox.ts';
import { toWire, type SimEnv } from './wire.ts';

/** Where webhooks go unless a test points them elsewhere: this worker's own webhook route, over loopback. */
const OWN_WEBHOOK_URL = 'http://localhost/api/webhooks/stripe';

/** Stripe takes the key as a bearer token or as the user name of HTTP basic auth. */
function apiKeyOf(request: Request): string {
  const auth = request.headers.get('Authorization') ?? '';
  if (auth.startsWith('Bearer ')) return auth.slice(7).trim();
  if (auth.startsWith('Basic ')) {
    try {
      return atob(auth.slice(6).trim()).split(':')[0] ?? '';
    } catch {
      return '';
    }
  }
  return '';
}

const stripeJson = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(toWire(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

/**
 * An embedded, Stripe-compatible API server for offline development and tests. It speaks Stripe's wire protocol
 * (form-encoded requests, JSON responses, idempotency keys, signed webhooks), so the official SDK and any Stripe
 * client cannot tell it from api.stripe.com for the endpoints a kiosk uses. Its interface *is* HTTP, which is why
 * it is reached through `fetch` rather than RPC. It exists only in simulated mode.
 */
export class StripeSimulator extends DurableObject<Env> {
  private readonly state: SimulatorState;
  private readonly outbox: WebhookOutbox;
  private readonly changes: ScheduledChanges;
  private readonly faults: FaultInjector;
  private readonly idempotency: IdempotencyStore;
  private readonly api: Hono<SimEnv>;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    const store = new ObjectStore(sql);
    const wake = () => this.scheduleAlarm();
    this.outbox = new WebhookOutbox(sql, wake);
    this.changes = new ScheduledChanges(sql, wake);
    this.faults = new FaultInjector(sql);
    this.idempotency = new IdempotencyStore(sql);
    this.state = new SimulatorState(store, this.outbox, this.changes);
    this.api = new Hono<SimEnv>()
      .route('/v1/payment_intents', paymentIntentRoutes)
      .route('/v1/payment_methods', paymentMethodRoutes)
      .route('/v1/charges', chargeRoutes)
      .route('/v1/refunds', refundRoutes)
      .route('/v1/events', eventRoutes)
      .route('/v1/terminal/connection_tokens', connectionTokenRoutes)
      .route('/v1/terminal/locations', locationRoutes)
      .route('/v1/terminal/readers', readerRoutes)
      .route('/v1/test_helpers/terminal', terminalTestHelperRoutes)
      .notFound((c) => {
        throw notFoundRoute(c.req.method, new URL(c.req.url).pathname);
      })
      .onError((err) => {
        if (err instanceof StripeApiError) return stripeJson(err.status, err.toJSON());
        console.error('simulator error', err);
        return stripeJson(500, { error: { type: 'api_error', message: 'An unknown error occurred in the simulator.' } });
      });
  }

  override async fetch(request: Request): Promise<Response> {
    if (stripeMode(this.env) !== 'simulated') {
      return stripeJson(404, { error: { type: 'invalid_request_error', message: 'The simulator is disabled.' } });
    }
    const url = new URL(request.url);
    if (!/^(sk|rk)_test_\S+$/.test(apiKeyOf(request))) {
      return stripeJson(401, {
        error: {
          type: 'invalid_request_error',
          message: 'Invalid API Key provided. The simulator accepts any test-mode secret key (sk_test_...).',
        },
      });
    }
    if (url.pathname.startsWith('/v1/_simulator/')) return this.control(request, url.pathname.slice('/v1/_simulator/'.length));
    return this.serveApi(request, url);
  }

  private async serveApi(request: Request, url: URL): Promise<Response> {
    const method = request.method.toUpperCase();
    // Decoded by hand: Stripe's form bodies are text, and .text() warns about their content type.
    const body = method === 'POST' ? new TextDecoder().decode(await request.arrayBuffer()) : url.search.slice(1);
    let params: Params;
    try {
      params = parseForm(body);
    } catch {
      return stripeJson(400, { error: { type: 'invalid_request_error', message: 'Invalid request body.' } });
    }
    const requestId = randomId('req', 14);
    const headers = { 'Request-Id': requestId, 'Stripe-Version': request.headers.get('Stripe-Version') ?? SIMULATED_API_VERSION };
    const key = method === 'POST' ? request.headers.get('Idempotency-Key') : null;
    const fingerprint = `${method} ${url.pathname}\n${body}`;

    // Faults strike before Stripe looks at the key, so a retry's replayed answer can be lost or late as well.
    const fault = this.faults.take(method, url.pathname);
    if (fault?.kind === 'error_500' || fault?.kind === 'error_429') {
      return fault.kind === 'error_500'
        ? stripeJson(500, { error: { type: 'api_error', message: 'An unknown error occurred (injected by the simulator).' } }, headers)
        : stripeJson(429, { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests hit the API too quickly (injected by the simulator).' } }, headers);
    }

    if (key) {
      const saved = this.idempotency.lookup(key, fingerprint, this.state.nowMs());
      if (saved.kind === 'replay') {
        return this.deliver(saved.body, saved.status, { ...headers, 'Idempotent-Replayed': 'true', 'Idempotency-Key': key }, fault);
      }
      if (saved.kind !== 'new') return stripeJson(saved.kind === 'in_flight' ? 409 : 400, saved.error, headers);
    }

    const response = await this.api.fetch(new Request(url, { method, headers: request.headers }), { sim: this.state, params });
    return this.finish(response, { key, fingerprint, headers, fault });
  }

  /** Sends an answer the way the injected fault says: on time, late, or never. */
  private async deliver(text: string, status: number, headers: Record<string, string>, fault: ReturnType<FaultInjector['take']>) {
    if (fault?.kind === 'lose_response') throw new Error('Connection reset by the simulator (injected response loss)');
    if (fault?.kind === 'timeout') await scheduler.wait(fault.delayMs);
    return new Response(text, { status, headers: { 'Content-Type': 'application/json', ...headers } });
  }

  private async finish(
    response: Response,
    ctx: { key: string | null; fingerprint: string; headers: Record<string, string>; fault: ReturnType<FaultInjector['take']> },
  ): Promise<Response> {
    const text = await response.text();
    // Stripe saves the result of every request that ran, errors included, except its own 500s.
    if (ctx.key) {
      if (response.status < 500) this.idempotency.save(ctx.key, ctx.fingerprint, response.status, text, this.state.nowMs());
      else this.idempotency.release(ctx.key);
    }
    return this.deliver(text, response.status, { ...ctx.headers, ...(ctx.key ? { 'Idempotency-Key': ctx.key } : {}) }, ctx.fault);
  }

  /**
   * One alarm serves both queues: webhook deliveries (due in real time) and Stripe's own later changes (due on the
   * simulated clock, so they come sooner once a test moves the clock forward).
   */
  private scheduleAlarm(): void {
    const delivery = this.outbox.nextDueMs();
    const change = this.changes.nextDueSimMs();
    const candidates = [delivery, change === null ? null : change - this.state.clockOffsetMs()].filter((t) => t !== null);
    if (candidates.length > 0) void this.ctx.storage.setAlarm(Math.max(Math.min(...candidates), Date.now()));
  }

  override async alarm(): Promise<void> {
    for (const change of this.changes.takeDue(this.state.nowMs())) {
      switch (change.kind) {
        case 'fail_refund':
          failRefund(this.state, change.object_id);
          break;
      }
    }
    await this.outbox.deliverDue(
      (id) => this.state.store.get('event', id),
      webhookSecrets(this.env),
      async (body, signature) => {
        const endpoint = this.state.store.getSetting('webhook_endpoint') ?? OWN_WEBHOOK_URL;
        const request = new Request(endpoint, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json; charset=utf-8', 'Stripe-Signature': signature, 'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' },
          body,
        });
        const response = endpoint === OWN_WEBHOOK_URL ? await this.ctx.exports.default.fetch(request) : await fetch(request);
        await response.body?.cancel();
        return response.status;
      },
    );
  }

  /** Test controls (simulated mode only): reset, clock, faults, webhook delivery, reader connectivity. */
  private async control(request: Request, path: string): Promise<Response> {
    const input = request.method === 'POST' ? ((await request.json().catch(() => ({}))) as Record<string, unknown>) : {};
    const sql = this.ctx.storage.sql;
    switch (`${request.method} ${path}`) {
      case 'POST reset': {
        const tables = ['objects', 'idempotency_keys', 'deliveries', 'delivery_attempts', 'scheduled_changes', 'faults', 'settings'];
        for (const table of tables) sql.exec(`DELETE FROM ${table}`);
        await this.ctx.storage.deleteAlarm();
        return stripeJson(200, { reset: true });
      }
      case 'POST clock/advance': {
        const seconds = Number(input.seconds);
        if (!Number.isFinite(seconds) || seconds < 0) return this.badControl('seconds must be a positive number');
        this.state.advanceClock(seconds);
        // Changes that are now due on the simulated clock happen at once.
        this.scheduleAlarm();
        return stripeJson(200, { now: this.state.now() });
      }
      case 'POST faults': {
        const rule = input as unknown as FaultRule;
        if (!FAULT_KINDS.includes(rule.kind) || typeof rule.path !== 'string' || typeof rule.method !== 'string') {
          return this.badControl(`a fault needs method, path and kind (${FAULT_KINDS.join(', ')})`);
        }
        this.faults.add(rule);
        return stripeJson(200, { added: rule });
      }
      case 'DELETE faults':
        this.faults.clear();
        return stripeJson(200, { cleared: true });
      case 'POST webhooks': {
        const mode = (input.mode ?? 'immediate') as DeliveryMode;
        if (!['immediate', 'delayed', 'duplicated', 'reordered', 'paused'].includes(mode)) return this.badControl('unknown delivery mode');
        this.outbox.configure({ mode, delayMs: Number(input.delayMs ?? 0) });
        // A URL sends deliveries there (any HTTP server); null sends them back to this worker's webhook route.
        if (typeof input.endpoint === 'string') this.state.store.setSetting('webhook_endpoint', input.endpoint);
        if (input.endpoint === null) sql.exec("DELETE FROM settings WHERE key = 'webhook_endpoint'");
        if (mode !== 'paused') this.outbox.releasePaused();
        return stripeJson(200, { mode, pending: this.outbox.pendingCount() });
      }
      case 'GET webhooks':
        return stripeJson(200, { ...this.outbox.settings(), pending: this.outbox.pendingCount() });
      case 'GET webhooks/attempts': {
        const eventId = new URL(request.url).searchParams.get('event');
        if (!eventId) return this.badControl('event is required, e.g. ?event=evt_...');
        return stripeJson(200, { data: this.outbox.attempts(eventId) });
      }
      default: {
        const reader = /^readers\/([^/]+)\/(online|offline)$/.exec(path);
        if (reader && request.method === 'POST') {
          const obj = this.state.store.get('terminal.reader', reader[1]!);
          if (!obj) return stripeJson(404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such reader: '${reader[1]}'` } });
          this.state.store.put({ ...obj, status: reader[2] });
          return stripeJson(200, { id: obj.id, status: reader[2] });
        }
        return stripeJson(404, notFoundRoute(request.method, `/v1/_simulator/${path}`).toJSON());
      }
    }
  }

  private badControl(message: string): Response {
    return stripeJson(400, { error: { type: 'invalid_request_error', message } });
  }
}
