import { DurableObject } from 'cloudflare:workers';
import { Hono } from 'hono';
import { stripeMode, webhookSecrets } from '../config.ts';
import { checkExpandBeforehand } from './http/expand.ts';
import { expandList, isFormBody, parseForm, type Params } from './http/params.ts';
import { badIdempotencyKey, docUrlOf, invalidRequest, notFoundRoute, StripeApiError } from './http/stripe-error.ts';
import type { SimEnv } from './http/wire.ts';
import { expireAuthorization } from './models/payment-intent.ts';
import { failRefund } from './models/refund.ts';
import { API_VERSIONS } from './models/webhook-endpoint-enums.ts';
import { publicJson } from './public-json.ts';
import { accountRoutes } from './routes/account.ts';
import { chargeRoutes } from './routes/charges.ts';
import { eventRoutes } from './routes/events.ts';
import { paymentIntentRoutes } from './routes/payment-intents.ts';
import { paymentMethodRoutes } from './routes/payment-methods.ts';
import { refundRoutes } from './routes/refunds.ts';
import { setupIntentRoutes } from './routes/setup-intents.ts';
import { terminalConfigurationRoutes } from './routes/terminal-configurations.ts';
import { connectionTokenRoutes } from './routes/terminal-connection-tokens.ts';
import { locationRoutes } from './routes/terminal-locations.ts';
import { terminalReaderTestHelperRoutes } from './routes/terminal-reader-test-helpers.ts';
import { readerRoutes } from './routes/terminal-readers.ts';
import { testControlRoutes, type ControlDeps } from './routes/test-controls.ts';
import { webhookEndpointRoutes } from './routes/webhook-endpoints.ts';
import { SIMULATED_API_VERSION, SimulatorState } from './simulator-state.ts';
import { RequestCounter } from './stores/request-counter.ts';
import { FaultInjector, type FaultKind } from './stores/fault-injector.ts';
import { IdempotencyStore } from './stores/idempotency-store.ts';
import { ObjectStore, randomId } from './stores/object-store.ts';
import { ScheduledChanges } from './stores/scheduled-changes.ts';
import { SettingsStore } from './stores/settings-store.ts';
import { WebhookOutbox, type DeliveryTarget } from './stores/webhook-outbox.ts';

/** Where the implicit delivery goes unless a test points it elsewhere: this worker's own webhook route, over loopback. */
const OWN_WEBHOOK_URL = 'http://localhost/api/webhooks/stripe';

/** Stripe: "Idempotency keys are up to 255 characters long" (docs.stripe.com/api/idempotent_requests). */
const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/** Stripe takes the key as a bearer token or as the user name of HTTP basic auth (either scheme in any case, RFC 9110). */
function apiKeyOf(request: Request): string {
  const auth = request.headers.get('Authorization') ?? '';
  const [, scheme, credentials = ''] = /^(\S+) (.*)$/s.exec(auth) ?? [];
  if (scheme?.toLowerCase() === 'bearer') return credentials.trim();
  if (scheme?.toLowerCase() === 'basic') {
    try {
      return atob(credentials.trim()).split(':')[0] ?? '';
    } catch {
      return '';
    }
  }
  return '';
}

/**
 * Why Stripe would refuse this API key (401), in its words where public reports quote them, or null for a test-mode
 * secret or restricted key.
 */
function keyRefusal(key: string): string | null {
  if (/^(sk|rk)_test_\S+$/.test(key)) return null;
  if (key === '') {
    return "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";
  }
  if (key.startsWith('pk_')) {
    return 'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.';
  }
  return 'Invalid API Key provided. The simulator accepts any test-mode secret key (sk_test_...).';
}

const stripeJson = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(publicJson(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

/** The parameters with every hash's keys in order: the same request, whatever order its fields came in. */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Params)[key])]))
      : value;

/** What the API answered, before a fault decides how (or whether) it reaches the client. */
interface Answer {
  status: number;
  body: string;
  /** Whether the endpoint started executing: Stripe saves no idempotent result for a request that failed validation. */
  executed: boolean;
}

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
  private readonly requests: RequestCounter;
  private readonly api: Hono<SimEnv>;
  private readonly controls: ControlDeps;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    const wake = () => this.scheduleAlarm();
    const store = new ObjectStore(sql);
    const settings = new SettingsStore(sql);
    this.outbox = new WebhookOutbox(sql, wake);
    this.changes = new ScheduledChanges(sql, wake);
    this.faults = new FaultInjector(sql);
    this.idempotency = new IdempotencyStore(sql);
    this.requests = new RequestCounter(sql);
    this.state = new SimulatorState({ store, settings, outbox: this.outbox, changes: this.changes });
    this.controls = {
      sim: this.state,
      outbox: this.outbox,
      faults: this.faults,
      requests: this.requests,
      wake,
      reset: async () => {
        for (const owner of [store, settings, this.outbox, this.changes, this.faults, this.idempotency, this.requests]) owner.clear();
        await ctx.storage.deleteAlarm();
      },
    };
    this.api = new Hono<SimEnv>()
      .route('/v1/account', accountRoutes)
      .route('/v1/payment_intents', paymentIntentRoutes)
      .route('/v1/payment_methods', paymentMethodRoutes)
      .route('/v1/setup_intents', setupIntentRoutes)
      .route('/v1/charges', chargeRoutes)
      .route('/v1/refunds', refundRoutes)
      .route('/v1/events', eventRoutes)
      .route('/v1/webhook_endpoints', webhookEndpointRoutes)
      .route('/v1/terminal/configurations', terminalConfigurationRoutes)
      .route('/v1/terminal/connection_tokens', connectionTokenRoutes)
      .route('/v1/terminal/locations', locationRoutes)
      .route('/v1/terminal/readers', readerRoutes)
      .route('/v1/test_helpers/terminal/readers', terminalReaderTestHelperRoutes)
      .notFound((c) => {
        throw notFoundRoute(c.req.method, new URL(c.req.url).pathname);
      })
      .onError((err) => {
        // Answered by `serveApi`, which must know whether the endpoint started executing.
        throw err;
      });
  }

  override async fetch(request: Request): Promise<Response> {
    const response = await this.serve(request);
    // As api.stripe.com answers every request: its answers carry connection token secrets and client secrets.
    response.headers.set('Cache-Control', 'no-cache, no-store');
    return response;
  }

  private async serve(request: Request): Promise<Response> {
    if (stripeMode(this.env) !== 'simulated') {
      return stripeJson(404, { error: { type: 'invalid_request_error', message: 'The simulator is disabled.' } });
    }
    const url = new URL(request.url);
    // Stripe names every answer's request, a refused key's included (docs.stripe.com/api/request_ids).
    const requestId = randomId('req', 14);
    const refusal = keyRefusal(apiKeyOf(request));
    if (refusal) return stripeJson(401, { error: { type: 'invalid_request_error', message: refusal } }, { 'Request-Id': requestId });
    if (url.pathname.startsWith('/v1/_simulator/')) return this.control(request, url);
    return this.serveApi(request, url, requestId);
  }

  private async serveApi(request: Request, url: URL, requestId: string): Promise<Response> {
    const method = request.method.toUpperCase();
    this.requests.count(method, url.pathname);
    const version = request.headers.get('Stripe-Version');
    const key = method === 'POST' ? request.headers.get('Idempotency-Key') : null;
    // Stripe reflects the key in every answer to a request that sent one, a refusal of the key included.
    const headers: Record<string, string> = {
      'Request-Id': requestId,
      'Stripe-Version': version ?? SIMULATED_API_VERSION,
      ...(key === null ? {} : { 'Idempotency-Key': key }),
    };
    // Decoded by hand: Stripe's form bodies are text, and .text() warns about their content type.
    const body = method === 'POST' ? new TextDecoder().decode(await request.arrayBuffer()) : url.search.slice(1);
    const contentType = request.headers.get('Content-Type');
    // Stripe takes form-encoded bodies only: JSON or text/plain is refused before anything runs (its words).
    if (method === 'POST' && !isFormBody(contentType, body)) {
      const message = `Invalid request: unsupported Content-Type ${contentType ?? ''}. If error persists and you need assistance, please contact support@stripe.com.`;
      return stripeJson(400, { error: { type: 'invalid_request_error', message } }, headers);
    }
    let params: Params;
    try {
      params = parseForm(body);
    } catch {
      return stripeJson(400, { error: { type: 'invalid_request_error', message: 'Invalid request body.' } }, headers);
    }
    // Stripe refuses a version it never released, before anything runs (its message, as public reports quote it).
    if (version !== null && !API_VERSIONS.has(version)) {
      return stripeJson(400, { error: { type: 'invalid_request_error', message: `Invalid Stripe API version: ${version}` } }, headers);
    }

    // Faults strike before Stripe looks at the key, so a retry's replayed answer can be lost or late as well.
    const fault = this.faults.take(method, url.pathname);
    if (fault?.kind === 'error_500' || fault?.kind === 'error_429') {
      return fault.kind === 'error_500'
        ? stripeJson(500, { error: { type: 'api_error', message: 'An unknown error occurred (injected by the simulator).' } }, headers)
        : stripeJson(429, { error: { type: 'invalid_request_error', code: 'rate_limit', doc_url: docUrlOf('rate_limit'), message: 'Too many requests hit the API too quickly (injected by the simulator).' } }, headers);
    }
    const deliver = async (answer: { status: number; body: string }, extra: Record<string, string> = {}) => {
      if (fault?.kind === 'lose_response') throw new Error('Connection reset by the simulator (injected response loss)');
      if (fault?.kind === 'timeout') await scheduler.wait(fault.delayMs);
      return new Response(answer.body, { status: answer.status, headers: { 'Content-Type': 'application/json', ...headers, ...extra } });
    };

    if (key === null) return deliver(await this.answer(request, url, params, { id: requestId, idempotencyKey: null }, fault?.kind));
    // Refused before the key is looked up or anything runs: nothing is created, and the key is never saved.
    if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH) return deliver({ status: 400, body: publicJson(badIdempotencyKey(key).toJSON()) });
    const saved = this.idempotency.lookup(
      key,
      { endpoint: `${method} ${url.pathname}`, fingerprint: JSON.stringify(canonical(params)) },
      this.state.nowMs(),
    );
    if (saved.kind === 'replay') return deliver(saved, { 'Idempotent-Replayed': 'true' });
    if (saved.kind !== 'new') return stripeJson(saved.status, saved.error, headers);
    const answer = await this.answer(request, url, params, { id: requestId, idempotencyKey: key }, fault?.kind);
    // Stripe saves the result of every request that started executing, 500s included.
    if (answer.executed) this.idempotency.save(key, answer.status, answer.body);
    else this.idempotency.forget(key);
    return deliver(answer);
  }

  private async answer(
    request: Request,
    url: URL,
    params: Params,
    origin: { id: string; idempotencyKey: string | null },
    fault?: FaultKind,
  ): Promise<Answer> {
    const sim = this.state.forRequest(origin);
    // Stripe began the request (sent the action to the reader) but the reader never acknowledged it: a result like any
    // other, saved under the key, so only a request under a new key tries the reader again.
    if (fault === 'reader_timeout') {
      const timeout = invalidRequest('terminal_reader_timeout', 'There was a timeout when sending this command to the reader. Please retry the request.');
      return { status: timeout.status, body: publicJson(timeout.toJSON(sim.requestLogUrl())), executed: true };
    }
    // Stripe began the request and failed: a result like any other, saved under the key and replayed for a day.
    if (fault === 'saved_error_500') {
      return { status: 500, body: publicJson({ error: { type: 'api_error', message: 'An unknown error occurred (injected by the simulator).' } }), executed: true };
    }
    try {
      checkExpandBeforehand(request.method.toUpperCase(), url.pathname, expandList(params));
      const response = await this.api.fetch(new Request(url, { method: request.method, headers: request.headers }), { sim, params });
      return { status: response.status, body: await response.text(), executed: true };
    } catch (err) {
      if (err instanceof StripeApiError) {
        return { status: err.status, body: publicJson(err.toJSON(sim.requestLogUrl())), executed: !err.validation };
      }
      console.error('simulator error', err);
      return {
        status: 500,
        body: publicJson({ error: { type: 'api_error', message: 'An unknown error occurred in the simulator.' } }),
        executed: true,
      };
    }
  }

  private async control(request: Request, url: URL): Promise<Response> {
    const path = url.pathname.slice('/v1/_simulator'.length);
    // Read here, so a control that takes no body does not leave the client's unread (an error in workerd).
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
    const forwarded = new Request(new URL(path + url.search, url), { method: request.method, headers: request.headers, body });
    return testControlRoutes.fetch(forwarded, this.controls);
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
        case 'expire_authorization':
          expireAuthorization(this.state, change.object_id);
          break;
      }
    }
    await this.outbox.deliverDue(
      (id) => this.state.store.get('event', id),
      (target) => this.deliveryTarget(target),
      async (url, body, signature) => {
        const request = new Request(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json; charset=utf-8', 'Stripe-Signature': signature, 'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' },
          body,
        });
        const response = url === OWN_WEBHOOK_URL ? await this.ctx.exports.default.fetch(request) : await fetch(request);
        await response.body?.cancel();
        return response.status;
      },
    );
  }

  /** The implicit delivery (the worker's own route, signed with its secret) or a registered webhook endpoint. */
  private deliveryTarget(target: string): DeliveryTarget | null {
    if (target === 'own') {
      return { url: this.outbox.settings().endpoint ?? OWN_WEBHOOK_URL, secrets: webhookSecrets(this.env) };
    }
    const endpoint = this.state.store.get('webhook_endpoint', target);
    return endpoint ? { url: String(endpoint.url), secrets: [String(endpoint._secret)] } : null;
  }
}
