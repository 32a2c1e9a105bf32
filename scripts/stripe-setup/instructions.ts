import Stripe from 'stripe';
import type { SetupOptions } from './options.ts';
import type { CreatedEndpoint, EndpointSetup } from './webhook-endpoint.ts';

const shellQuote = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

const secretPut = (name: string, options: SetupOptions): string => `npx wrangler secret put ${name} --env ${options.deployment}`;

function summary(setup: EndpointSetup, events: readonly string[]): string[] {
  const { endpoint } = setup;
  const lines = {
    created: [`Created webhook endpoint ${endpoint.id} (${endpoint.livemode ? 'live' : 'test'} mode)`],
    updated: [`Updated webhook endpoint ${endpoint.id}`],
    unchanged: [`Webhook endpoint ${endpoint.id} is already up to date`],
  }[setup.kind];
  const [first, ...rest] = events;
  lines.push(
    `  url:          ${endpoint.url}`,
    `  events:       ${first} (exactly the ${events.length} the worker handles)`,
    ...rest.map((event) => `                ${event}`),
  );
  if (setup.kind === 'updated') {
    if (setup.added.length > 0) lines.push(`  added:        ${setup.added.join(', ')}`);
    if (setup.removed.length > 0) lines.push(`  removed:      ${setup.removed.join(', ')}`);
    if (setup.reenabled) lines.push('  status:       enabled again (it was disabled)');
  }
  lines.push(`  api_version:  ${endpoint.api_version ?? "the account's default"}`);
  if (setup.kind !== 'created' && endpoint.api_version !== Stripe.API_VERSION) {
    lines.push(
      `  Its events are rendered at another API version than the ${Stripe.API_VERSION} the worker's SDK parses, and Stripe`,
      '  cannot change that on an existing endpoint: delete it in the Stripe Dashboard and run this again for a new one.',
    );
  }
  return lines;
}

/** A new secret is shown once, in the operator's terminal, or only named by the file of theirs it went to. */
function newSecret(setup: CreatedEndpoint, options: SetupOptions): string[] {
  if (options.secretFile) {
    const file = shellQuote(options.secretFile);
    return [
      `Its signing secret is in ${options.secretFile}, readable only by you. Store it in the worker (${options.deployment}), then delete the file:`,
      '',
      `  ${secretPut('STRIPE_WEBHOOK_SECRET', options)} < ${file}`,
      `  rm ${file}`,
    ];
  }
  return [
    `Store its signing secret in the worker (${options.deployment}): run`,
    '',
    `  ${secretPut('STRIPE_WEBHOOK_SECRET', options)}`,
    '',
    "and paste this at wrangler's prompt. Stripe shows it only now and it is saved nowhere else:",
    '',
    `  ${setup.secret}`,
  ];
}

function existingSecret(setup: EndpointSetup, options: SetupOptions): string[] {
  return [
    "Stripe returns an endpoint's signing secret only when it creates the endpoint, so there is none to print. If the",
    `worker (${options.deployment}) already has this endpoint's STRIPE_WEBHOOK_SECRET, there is nothing else to do.`,
    '',
    `If that secret was lost, open ${setup.endpoint.id} in the Stripe Dashboard's webhooks, roll its signing secret, and`,
    'store the new one (while Stripe still signs with the old one too, store both, comma-separated: new,old) with',
    '',
    `  ${secretPut('STRIPE_WEBHOOK_SECRET', options)}`,
    '',
    'or delete the endpoint and run this again: a new endpoint comes with a new secret.',
  ];
}

function otherSecrets(options: SetupOptions): string[] {
  return [
    `The worker's other secrets (${options.deployment}), if they are not set yet:`,
    '',
    `  ${secretPut('STRIPE_SECRET_KEY', options)}   # the ${options.mode} secret key (sk_${options.mode}_...) of this account`,
    `  ${secretPut('ADMIN_TOKEN', options)}         # a new random token (openssl rand -base64 32); keep it for the admin API`,
  ];
}

/** Everything the operator reads after a successful run: what changed, then what to store where. */
export function instructions(setup: EndpointSetup, events: readonly string[], options: SetupOptions): string {
  const secret = setup.kind === 'created' ? newSecret(setup, options) : existingSecret(setup, options);
  return [...summary(setup, events), '', ...secret, '', ...otherSecrets(options), ''].join('\n');
}
