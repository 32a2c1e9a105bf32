import { parseArgs } from 'node:util';

/** A reason to stop, in one line, for the operator: never carries the key or anything else they typed as a secret. */
export class SetupError extends Error {}

export type StripeKeyMode = 'test' | 'live';

/**
 * The deployments of wrangler.toml and the Stripe mode each runs in (its `STRIPE_MODE` var): a webhook endpoint
 * belongs to one mode, so its secret is only of use to the deployment of that mode.
 */
const DEPLOYMENT_MODES = { staging: 'test', production: 'live' } as const satisfies Record<string, StripeKeyMode>;
export type Deployment = keyof typeof DEPLOYMENT_MODES;

const WEBHOOK_PATH = '/api/webhooks/stripe';

export interface SetupOptions {
  /** `<worker>/api/webhooks/stripe`, the URL the endpoint delivers to. */
  endpointUrl: string;
  deployment: Deployment;
  secretKey: string;
  mode: StripeKeyMode;
  /** A Stripe-compatible API to use instead of api.stripe.com: the worker's embedded simulator. */
  stripeApi?: URL;
  /** Where to write a new endpoint's signing secret instead of the terminal. */
  secretFile?: string;
}

export const USAGE = `Usage: STRIPE_SECRET_KEY=sk_... npm run stripe:setup -- --url https://<your worker> [options]

Creates or updates the Stripe webhook endpoint <url>${WEBHOOK_PATH} with exactly the events the worker handles,
and prints the \`wrangler secret put\` commands that store what it returns.

  --url <url>            the worker's base URL (https://; http://localhost only with --stripe-api)
  --env <deployment>     staging (test mode) or production (live mode): the wrangler environment the printed
                         commands target. Default: the one of the key's mode
  --stripe-api <url>     a Stripe-compatible API instead of api.stripe.com, e.g. the simulator of \`npm start\`:
                         http://localhost:8787 (test keys only; any sk_test_ key works there)
  --secret-file <path>   write a new endpoint's signing secret to this new file (readable only by you) instead of
                         the terminal; needed when the output is not a terminal
  -h, --help             this help

The key is read from the STRIPE_SECRET_KEY environment variable only, so it stays out of shell history.`;

/** This machine, by any of its names: `localhost` and its subdomains, the loopback networks, and 0.0.0.0. */
const isThisMachine = (hostname: string): boolean =>
  hostname === 'localhost' ||
  hostname.endsWith('.localhost') ||
  /^127\.\d+\.\d+\.\d+$/.test(hostname) ||
  hostname === '[::1]' ||
  hostname === '0.0.0.0';

function secretKeyMode(key: string | undefined): StripeKeyMode {
  const trimmed = key?.trim();
  if (!trimmed) {
    throw new SetupError(
      'STRIPE_SECRET_KEY is not set: export the secret key of the Stripe account (read -rs STRIPE_SECRET_KEY && export STRIPE_SECRET_KEY); it is never taken as an argument, so it stays out of shell history',
    );
  }
  if (/^pk_/.test(trimmed)) {
    throw new SetupError('STRIPE_SECRET_KEY is a publishable key (pk_...): managing webhook endpoints needs the secret key (sk_...) or a restricted key (rk_...) allowed to write webhook endpoints');
  }
  const mode = /^(sk|rk)_(test|live)_\S+$/.exec(trimmed)?.[2];
  if (!mode) throw new SetupError('STRIPE_SECRET_KEY is not a Stripe secret key (sk_test_..., sk_live_... or a restricted rk_... key)');
  return mode as StripeKeyMode;
}

function deploymentFor(requested: string | undefined, mode: StripeKeyMode): Deployment {
  if (requested === undefined) return mode === 'live' ? 'production' : 'staging';
  if (!Object.hasOwn(DEPLOYMENT_MODES, requested)) {
    throw new SetupError(`--env must be ${Object.keys(DEPLOYMENT_MODES).join(' or ')}, the deployments of wrangler.toml`);
  }
  const deployment = requested as Deployment;
  const expected = DEPLOYMENT_MODES[deployment];
  if (expected !== mode) {
    throw new SetupError(`--env ${deployment} runs in ${expected} mode but STRIPE_SECRET_KEY is a ${mode} key: its webhook secret would be of no use there`);
  }
  return deployment;
}

function stripeApiUrl(raw: string | undefined, mode: StripeKeyMode): URL | undefined {
  if (raw === undefined) return undefined;
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.pathname !== '/' || url.search || url.username) {
    throw new SetupError('--stripe-api must be the base URL of a Stripe-compatible API, e.g. http://localhost:8787');
  }
  // A live key only ever goes to Stripe itself.
  if (mode === 'live') throw new SetupError('--stripe-api takes test keys only: a live key is never sent anywhere but api.stripe.com');
  return url;
}

/** The endpoint URL for the worker at `raw`: the worker's own origin, https unless it is the local simulator's. */
function endpointUrlFor(raw: string | undefined, againstSimulator: boolean): string {
  if (!raw) throw new SetupError("--url is required: the worker's base URL, e.g. https://kiosk-terminal-production.<subdomain>.workers.dev");
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (!url || !['http:', 'https:'].includes(url.protocol)) throw new SetupError("--url is not an http(s) URL: give the worker's base URL, e.g. https://kiosk.example.com");
  const local = isThisMachine(url.hostname);
  if (local && !againstSimulator) {
    throw new SetupError('--url is on this machine, which Stripe cannot reach: give the deployed worker\'s URL (or --stripe-api for the local simulator)');
  }
  if (url.protocol !== 'https:' && !local) throw new SetupError('--url must be https://: Stripe delivers webhooks over HTTPS (http:// only for localhost with --stripe-api)');
  if (url.username || url.password) throw new SetupError('--url must not contain credentials');
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new SetupError(`--url must be the worker's base URL, without a path, query or fragment: the endpoint is <url>${WEBHOOK_PATH}`);
  }
  return new URL(WEBHOOK_PATH, url).href;
}

/** The setup asked for by the command line and environment, or `null` when only the usage was asked for. */
export function setupOptions(argv: string[], env: NodeJS.ProcessEnv): SetupOptions | null {
  const { values, positionals } = readArguments(argv);
  if (values.help) return null;
  if (positionals.length > 0) throw new SetupError('unexpected argument: every option is named (--url, --env, ...); the key goes in STRIPE_SECRET_KEY');
  const mode = secretKeyMode(env.STRIPE_SECRET_KEY);
  const stripeApi = stripeApiUrl(values['stripe-api'], mode);
  return {
    endpointUrl: endpointUrlFor(values.url, stripeApi !== undefined),
    deployment: deploymentFor(values.env, mode),
    secretKey: env.STRIPE_SECRET_KEY!.trim(),
    mode,
    ...(stripeApi ? { stripeApi } : {}),
    ...(values['secret-file'] !== undefined ? { secretFile: values['secret-file'] } : {}),
  };
}

function readArguments(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        env: { type: 'string' },
        'stripe-api': { type: 'string' },
        'secret-file': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    // Node's message quotes what was typed, which may be a key: name the option only when it looks like one.
    const typed = /'(-{1,2}[A-Za-z][\w-]{0,30})[ '=]/.exec(String((err as Error).message))?.[1];
    const option = typed ? `${typed} ` : '';
    if ((err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new SetupError(`unknown option ${option}(see --help); the key is never an option: it goes in STRIPE_SECRET_KEY`);
    }
    if (/argument missing/.test(String((err as Error).message))) throw new SetupError(`option ${option}needs a value (see --help)`);
    throw new SetupError('invalid arguments (see --help)');
  }
}
