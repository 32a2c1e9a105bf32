import { open, rm, type FileHandle } from 'node:fs/promises';
import Stripe from 'stripe';
import { HANDLED_WEBHOOK_EVENTS } from '../worker/webhook-events.ts';
import { instructions } from './stripe-setup/instructions.ts';
import { SetupError, setupOptions, USAGE, type SetupOptions } from './stripe-setup/options.ts';
import { createEndpoint, findEndpoint, reconcileEndpoint } from './stripe-setup/webhook-endpoint.ts';

// `npm run stripe:setup -- --url https://<your worker>`: the Stripe webhook endpoint of a deployed worker, created or
// brought back to exactly the events the worker handles, and the `wrangler secret put` commands that store what it
// returns. Exit code 0 on success; otherwise 1 and one line on stderr saying why.

function stripeFor(options: SetupOptions): Stripe {
  const api = options.stripeApi;
  return new Stripe(options.secretKey, {
    maxNetworkRetries: 2,
    appInfo: { name: 'kiosk-terminal stripe:setup' },
    ...(api && {
      protocol: api.protocol === 'https:' ? 'https' : 'http',
      host: api.hostname,
      port: api.port || (api.protocol === 'https:' ? 443 : 80),
    }),
  });
}

/**
 * Where the new endpoint's secret will go, made sure of before the endpoint exists: Stripe returns the secret only
 * in its answer to the creation, so a secret with nowhere to go would be lost. The file is created empty, readable
 * by its owner only, and never replaces an existing one.
 */
async function secretDestination(options: SetupOptions): Promise<FileHandle | 'terminal'> {
  if (options.secretFile) {
    try {
      return await open(options.secretFile, 'wx', 0o600);
    } catch (err) {
      const exists = (err as NodeJS.ErrnoException).code === 'EEXIST';
      throw new SetupError(`cannot create --secret-file ${options.secretFile}: ${exists ? 'it already exists (it is never overwritten)' : (err as Error).message}`);
    }
  }
  if (!process.stdout.isTTY) {
    throw new SetupError('the output is not a terminal, so the new signing secret would end up in a log or a file: run this in a terminal, or give --secret-file <path>');
  }
  return 'terminal';
}

async function setUp(options: SetupOptions): Promise<string> {
  const stripe = stripeFor(options);
  const existing = await findEndpoint(stripe, options.endpointUrl);
  if (existing) return instructions(await reconcileEndpoint(stripe, existing, HANDLED_WEBHOOK_EVENTS), HANDLED_WEBHOOK_EVENTS, options);

  const destination = await secretDestination(options);
  if (destination === 'terminal') return instructions(await createEndpoint(stripe, options.endpointUrl, HANDLED_WEBHOOK_EVENTS), HANDLED_WEBHOOK_EVENTS, options);
  try {
    const setup = await createEndpoint(stripe, options.endpointUrl, HANDLED_WEBHOOK_EVENTS);
    await destination.writeFile(`${setup.secret}\n`);
    return instructions(setup, HANDLED_WEBHOOK_EVENTS, options);
  } catch (err) {
    await rm(options.secretFile!, { force: true });
    throw err;
  } finally {
    await destination.close();
  }
}

/** One line that says why, with Stripe's own words when Stripe refused; never the key. */
function reason(err: unknown, options: SetupOptions | null): string {
  if (err instanceof SetupError) return err.message;
  if (err instanceof Stripe.errors.StripeConnectionError) return `could not reach ${options?.stripeApi?.origin ?? 'api.stripe.com'}: ${err.message}`;
  if (err instanceof Stripe.errors.StripeAuthenticationError) return `Stripe refused STRIPE_SECRET_KEY: ${err.message}`;
  if (err instanceof Stripe.errors.StripePermissionError) return `the key may not manage webhook endpoints: ${err.message}`;
  if (err instanceof Stripe.errors.StripeError) return `Stripe refused: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

let options: SetupOptions | null = null;
try {
  options = setupOptions(process.argv.slice(2), process.env);
  console.log(options ? await setUp(options) : USAGE);
} catch (err) {
  console.error(`stripe:setup: ${reason(err, options).replace(/\s+/g, ' ').trim()}`);
  process.exitCode = 1;
}
