import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { HANDLED_WEBHOOK_EVENTS } from '../../worker/webhook-events.ts';
import { simulatorStripe } from '../support/stripe-sdk.ts';

// `npm run stripe:setup` as an operator runs it, against the worker's embedded simulator (`--stripe-api`) under
// `wrangler dev`; the endpoint delivers to a receiver of this test, so the printed secret can be checked against
// what the simulator signs.
const baseUrl = inject('baseUrl');
const stripe = simulatorStripe(baseUrl);
const TEST_KEY = 'sk_test_stripe_setup';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command with only the environment given (never the developer's own STRIPE_SECRET_KEY). */
function run(command: string, args: string[], env: Record<string, string>): Promise<Run> {
  const { STRIPE_SECRET_KEY: _developersKey, ...inherited } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const npmArgs = (args: string[]) => ['run', '--silent', 'stripe:setup', '--', ...args];

/** With its output piped, as in a log or a CI job. */
const stripeSetup = (args: string[], env: Record<string, string> = { STRIPE_SECRET_KEY: TEST_KEY }) => run('npm', npmArgs(args), env);

/** In a terminal: `script` gives it a pseudo-terminal, as an operator's shell would. */
function stripeSetupInTerminal(args: string[]): Promise<Run> {
  const command = ['npm', ...npmArgs(args)].map((word) => `'${word}'`).join(' ');
  return run('script', ['-qec', command, '/dev/null'], { STRIPE_SECRET_KEY: TEST_KEY });
}

/** Stands in for the deployed worker's webhook route: keeps what Stripe delivers. */
const deliveries: { body: string; signature: string }[] = [];
let receiver: Server;
let workerUrl: string;
let endpointUrl: string;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk));
    req.on('end', () => {
      deliveries.push({ body, signature: String(req.headers['stripe-signature']) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  workerUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
  endpointUrl = `${workerUrl}/api/webhooks/stripe`;
});

afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

const endpointsForWorker = async () => (await stripe.webhookEndpoints.list({ limit: 100 })).data.filter((e) => e.url === endpointUrl);

afterEach(async () => {
  for (const endpoint of await endpointsForWorker()) await stripe.webhookEndpoints.del(endpoint.id);
  deliveries.length = 0;
});

const simulatorArgs = () => ['--url', workerUrl, '--stripe-api', baseUrl];

/** The one endpoint for the worker, read back through the official SDK. */
async function theEndpoint(): Promise<Stripe.WebhookEndpoint> {
  const endpoints = await endpointsForWorker();
  expect(endpoints).toHaveLength(1);
  return endpoints[0]!;
}

async function expectHandledEventsOnly(endpoint: Stripe.WebhookEndpoint) {
  expect([...endpoint.enabled_events].sort()).toEqual([...HANDLED_WEBHOOK_EVENTS].sort());
  expect(endpoint.status).toBe('enabled');
}

/** A payment event happens; the delivery Stripe makes to the endpoint verifies with `secret`. */
async function expectDeliveriesSignedWith(secret: string) {
  const intent = await stripe.paymentIntents.create({ amount: 500, currency: 'usd', allowed_payment_method_types: ['card_present'] });
  await stripe.paymentIntents.cancel(intent.id);
  const delivery = await vi.waitFor(
    () => {
      const found = deliveries.find((d) => d.body.includes(intent.id));
      if (!found) throw new Error('no delivery yet');
      return found;
    },
    { timeout: 20_000, interval: 200 },
  );
  const event = await stripe.webhooks.constructEventAsync(delivery.body, delivery.signature, secret);
  expect(event.type).toBe('payment_intent.canceled');
}

const secretsIn = (text: string) => text.match(/whsec_[A-Za-z0-9]+/g) ?? [];

describe('npm run stripe:setup against the embedded simulator', () => {
  it("creates the worker's endpoint with exactly the events it handles, at the SDK's API version, and shows the secret once in the terminal", async () => {
    const { code, stdout } = await stripeSetupInTerminal(simulatorArgs());
    expect(code).toBe(0);

    const endpoint = await theEndpoint();
    await expectHandledEventsOnly(endpoint);
    expect(endpoint.api_version).toBe(Stripe.API_VERSION);
    expect(stdout).toContain(`Created webhook endpoint ${endpoint.id}`);
    expect(stdout).toContain('npx wrangler secret put STRIPE_WEBHOOK_SECRET --env staging');
    expect(stdout).toContain('npx wrangler secret put STRIPE_SECRET_KEY --env staging');
    expect(stdout).toContain('npx wrangler secret put ADMIN_TOKEN --env staging');
    expect(stdout).toContain('openssl rand -base64 32');

    const shown = secretsIn(stdout);
    expect(shown).toHaveLength(1);
    await expectDeliveriesSignedWith(shown[0]!);
  });

  it('with its output piped, writes the secret only to a new file readable by its owner, and prints the commands that store it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stripe-setup-'));
    try {
      const secretFile = join(dir, 'webhook-secret');
      const { code, stdout, stderr } = await stripeSetup([...simulatorArgs(), '--secret-file', secretFile, '--env', 'staging']);
      expect(code, stderr).toBe(0);

      expect(secretsIn(stdout)).toEqual([]);
      expect(stdout).toContain(`npx wrangler secret put STRIPE_WEBHOOK_SECRET --env staging < ${secretFile}`);
      expect(stdout).toContain(`rm ${secretFile}`);
      expect((await stat(secretFile)).mode & 0o777).toBe(0o600);
      const secret = (await readFile(secretFile, 'utf8')).trim();
      expect(secret).toMatch(/^whsec_/);
      await expectHandledEventsOnly(await theEndpoint());
      await expectDeliveriesSignedWith(secret);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('with its output piped and no --secret-file, creates nothing rather than lose or leak the secret', async () => {
    const { code, stdout, stderr } = await stripeSetup(simulatorArgs());
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^stripe:setup: the output is not a terminal.*--secret-file/);
    expect(await endpointsForWorker()).toEqual([]);
  });

  it('run again, keeps the one endpoint and says its secret is not shown again and how to roll it', async () => {
    expect((await stripeSetupInTerminal(simulatorArgs())).code).toBe(0);
    const first = await theEndpoint();

    const again = await stripeSetup(simulatorArgs());
    expect(again.code, again.stderr).toBe(0);
    expect((await theEndpoint()).id).toBe(first.id);
    expect(again.stdout).toContain(`Webhook endpoint ${first.id} is already up to date`);
    expect(again.stdout).toContain('signing secret only when it creates the endpoint');
    expect(again.stdout).toMatch(/roll its signing secret/);
    expect(again.stdout).toContain('npx wrangler secret put STRIPE_WEBHOOK_SECRET --env staging');
    expect(secretsIn(again.stdout)).toEqual([]);
  });

  it('puts back the handled events and enables an endpoint again after someone changed it', async () => {
    expect((await stripeSetupInTerminal(simulatorArgs())).code).toBe(0);
    const { id } = await theEndpoint();
    await stripe.webhookEndpoints.update(id, { enabled_events: ['charge.succeeded', 'customer.created'], disabled: true });

    const { code, stdout, stderr } = await stripeSetup(simulatorArgs());
    expect(code, stderr).toBe(0);
    const endpoint = await theEndpoint();
    expect(endpoint.id).toBe(id);
    await expectHandledEventsOnly(endpoint);
    expect(stdout).toContain(`Updated webhook endpoint ${id}`);
    expect(stdout).toMatch(/removed: +customer\.created/);
    expect(stdout).toContain('enabled again');
  });

  describe('refuses, with one line saying why and nothing created', () => {
    const refusals: { when: string; args: () => string[]; env?: Record<string, string>; says: RegExp }[] = [
      { when: 'no key', args: simulatorArgs, env: {}, says: /STRIPE_SECRET_KEY is not set/ },
      { when: 'a publishable key', args: simulatorArgs, env: { STRIPE_SECRET_KEY: 'pk_test_123' }, says: /publishable key/ },
      { when: 'a key given as an argument', args: () => [...simulatorArgs(), '--key', 'sk_test_typed_in_history'], says: /goes in STRIPE_SECRET_KEY/ },
      { when: 'a URL that is not https', args: () => ['--url', 'http://kiosk.example.com'], says: /--url must be https/ },
      { when: 'a URL that is not a URL', args: () => ['--url', 'kiosk'], says: /--url is not an http\(s\) URL/ },
      { when: "the webhook route instead of the worker's base URL", args: () => ['--url', 'https://kiosk.example.com/api/webhooks/stripe'], says: /base URL/ },
      { when: 'localhost with the real Stripe API', args: () => ['--url', workerUrl], says: /Stripe cannot reach/ },
      { when: 'a live key sent to the simulator', args: simulatorArgs, env: { STRIPE_SECRET_KEY: 'sk_live_123' }, says: /test keys only/ },
      { when: 'a Stripe API that does not answer', args: () => ['--url', workerUrl, '--stripe-api', 'http://127.0.0.1:9'], says: /could not reach http:\/\/127\.0\.0\.1:9/ },
      { when: 'a deployment of the other mode', args: () => [...simulatorArgs(), '--env', 'production'], says: /--env production runs in live mode/ },
    ];
    it.each(refusals)('$when', async ({ args, env = { STRIPE_SECRET_KEY: TEST_KEY }, says }) => {
      const { code, stdout, stderr } = await stripeSetup(args(), env);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^stripe:setup: /);
      expect(stderr).toMatch(says);
      expect(stderr).not.toMatch(/sk_test_typed_in_history|sk_live_123|pk_test_123|sk_test_stripe_setup/);
      expect(await endpointsForWorker()).toEqual([]);
    });
  });
});
