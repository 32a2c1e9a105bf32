import { zValidator } from '@hono/zod-validator';
import { Hono, type ValidationTargets } from 'hono';
import { z, type ZodType } from 'zod';
import { StripeApiError } from '../http/stripe-error.ts';
import { publicJson } from '../public-json.ts';
import { accountFor, accountObject } from '../models/account.ts';
import { actionInProgress, findReader, finishAction, type Reader } from '../models/reader.ts';
import type { SimulatorState } from '../simulator-state.ts';
import { FAULT_KINDS, type FaultInjector } from '../stores/fault-injector.ts';
import type { RequestCounter } from '../stores/request-counter.ts';
import type { WebhookOutbox } from '../stores/webhook-outbox.ts';

/** What the test controls act on. */
export interface ControlDeps {
  sim: SimulatorState;
  outbox: WebhookOutbox;
  faults: FaultInjector;
  requests: RequestCounter;
  /** Deletes every object, key, fault, queued delivery and setting. */
  reset(): Promise<void>;
  /** Re-arms the alarm after the simulated clock moved. */
  wake(): void;
}

type ControlEnv = { Bindings: ControlDeps };

/** A control's answer, as JSON without the simulator's private fields. */
const answer = (body: unknown) => new Response(publicJson(body), { headers: { 'Content-Type': 'application/json' } });

const badControl = (message: string) => new StripeApiError(400, { type: 'invalid_request_error' }, message);

/** Zod's validator, answering a bad control request with Stripe's error envelope and the first problem. */
const valid = <Target extends keyof ValidationTargets, Schema extends ZodType>(target: Target, schema: Schema) =>
  zValidator(target, schema, (result) => {
    if (!result.success) {
      const issue = result.error.issues[0];
      throw badControl(`${issue?.path.length ? `${issue.path.join('.')}: ` : ''}${issue?.message ?? 'invalid control request'}`);
    }
  });

const faultSchema = z.strictObject({
  method: z.string().min(1),
  path: z.string().startsWith('/'),
  kind: z.enum(FAULT_KINDS),
  count: z.int().positive().optional(),
  rate: z.number().min(0).max(1).optional(),
  delayMs: z.int().nonnegative().optional(),
});

const webhooksSchema = z.strictObject({
  mode: z.enum(['immediate', 'delayed', 'duplicated', 'reordered', 'paused']).default('immediate'),
  delayMs: z.int().nonnegative().default(0),
  // The share of events the mode strikes, each drawn on its own (1: every event).
  rate: z.number().min(0).max(1).default(1),
  // A URL sends the implicit delivery there (any HTTP server); null sends it back to this worker's webhook route.
  endpoint: z.url().nullable().optional(),
});

/** Customer-facing actions a customer can cancel on the reader, with the config that allows it. */
const CANCELABLE = {
  process_payment_intent: 'process_config',
  collect_payment_method: 'collect_config',
  process_setup_intent: 'process_config',
  refund_payment: 'refund_payment_config',
} as const;

/**
 * The simulator's test controls (`/v1/_simulator/*`, simulated mode only): what a test against Stripe's test mode
 * cannot do. JSON bodies, validated like any route.
 */
export const testControlRoutes = new Hono<ControlEnv>()
  .post('/reset', async (c) => {
    await c.env.reset();
    return c.json({ reset: true }, 200);
  })
  .post('/clock/advance', valid('json', z.strictObject({ seconds: z.number().nonnegative() })), (c) => {
    c.env.sim.advanceClock(c.req.valid('json').seconds);
    // Changes that are now due on the simulated clock happen at once.
    c.env.wake();
    return c.json({ now: c.env.sim.now() }, 200);
  })
  .post('/faults', valid('json', faultSchema), (c) => {
    const rule = c.req.valid('json');
    c.env.faults.add(rule);
    return c.json({ added: rule }, 200);
  })
  .get('/faults', (c) => c.json({ data: c.env.faults.list() }, 200))
  .get('/requests', (c) => c.json({ counts: c.env.requests.counts() }, 200))
  .delete('/requests', (c) => {
    c.env.requests.clear();
    return c.json({ cleared: true }, 200);
  })
  .delete('/faults', (c) => {
    c.env.faults.clear();
    return c.json({ cleared: true }, 200);
  })
  .post('/webhooks', valid('json', webhooksSchema), (c) => {
    const { mode, delayMs, rate, endpoint } = c.req.valid('json');
    const current = c.env.outbox.settings();
    c.env.outbox.configure({ mode, delayMs, rate, endpoint: endpoint === undefined ? current.endpoint : endpoint });
    return c.json({ mode, pending: c.env.outbox.pendingCount() }, 200);
  })
  .get('/webhooks', (c) =>
    c.json({ ...c.env.outbox.settings(), pending: c.env.outbox.pendingCount(), eventsByMode: c.env.outbox.eventsByMode() }, 200),
  )
  .get('/webhooks/attempts', valid('query', z.object({ event: z.string().startsWith('evt_') })), (c) =>
    c.json({ data: c.env.outbox.attempts(c.req.valid('query').event) }, 200),
  )
  .post('/account', valid('json', z.strictObject({ country: z.string().length(2), default_currency: z.string().length(3).optional() })), (c) => {
    const { country, default_currency } = c.req.valid('json');
    const settings = accountFor(country, default_currency);
    if (!settings) throw badControl(`default_currency is required for ${country}, which is not a Terminal country`);
    c.env.sim.settings.set('account', settings);
    return answer(accountObject(c.env.sim));
  })
  .post('/readers/:id/:connectivity{online|offline}', (c) => {
    const reader = findReader(c.env.sim, c.req.param('id'));
    const status = c.req.param('connectivity') as Reader['status'];
    // Going offline freezes last_seen_at at the last check-in.
    c.env.sim.store.put({ ...reader, status });
    return c.json({ id: reader.id, status }, 200);
  })
  .post('/readers/:id/customer-cancel', (c) => {
    const reader = findReader(c.env.sim, c.req.param('id'));
    const action = actionInProgress(reader, Object.keys(CANCELABLE) as (keyof typeof CANCELABLE)[]);
    if (!action) throw badControl('the reader has no in-progress action a customer could cancel');
    const detail = action[action.type] as Record<string, { enable_customer_cancellation?: boolean } | undefined>;
    const config = detail[CANCELABLE[action.type as keyof typeof CANCELABLE]];
    if (config?.enable_customer_cancellation !== true) {
      throw badControl('the action was not started with enable_customer_cancellation, so the reader offers no cancel button');
    }
    const canceled = finishAction(c.env.sim, reader, {
      failure_code: 'customer_canceled',
      failure_message: 'This action could not be completed because the customer canceled it on the reader.',
      api_error: null,
    });
    return answer(canceled);
  })
  .onError((err) => {
    if (!(err instanceof StripeApiError)) throw err;
    return new Response(publicJson(err.toJSON()), { status: err.status, headers: { 'Content-Type': 'application/json' } });
  });
