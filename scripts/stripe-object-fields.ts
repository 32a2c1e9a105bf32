import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Lists the fields the pinned `stripe` SDK declares for each object the simulator returns, from the SDK's own
 * type declarations, into test/worker/fixtures/stripe-object-fields.json. The simulator's conformance test compares
 * real responses with it, so an object missing a field the SDK promises (or carrying one it does not know) fails.
 *
 *   node scripts/stripe-object-fields.ts           regenerate after upgrading `stripe`
 *   node scripts/stripe-object-fields.ts --check   exit 1 if the committed fixture is stale
 *
 * A line-based reader of the generated .d.ts files is enough: Stripe generates them with one member per line, four
 * spaces per nesting level, so an interface's own members are exactly the lines one level deeper than its header.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const resources = `${root}node_modules/stripe/esm/resources/`;
const fixture = `${root}test/worker/fixtures/stripe-object-fields.json`;

/** Object name -> declaration file and the path to its interface (namespaces first, e.g. Charge.PaymentMethodDetails). */
const OBJECTS: Record<string, { file: string; path: string[] }> = {
  PaymentIntent: { file: 'PaymentIntents.d.ts', path: ['PaymentIntent'] },
  Charge: { file: 'Charges.d.ts', path: ['Charge'] },
  'Charge.payment_method_details.card_present': {
    file: 'Charges.d.ts',
    path: ['Charge', 'PaymentMethodDetails', 'CardPresent'],
  },
  'Charge.payment_method_details.card_present.receipt': {
    file: 'Charges.d.ts',
    path: ['Charge', 'PaymentMethodDetails', 'CardPresent', 'Receipt'],
  },
  Refund: { file: 'Refunds.d.ts', path: ['Refund'] },
  'Charge.payment_method_details.interac_present': {
    file: 'Charges.d.ts',
    path: ['Charge', 'PaymentMethodDetails', 'InteracPresent'],
  },
  BalanceTransaction: { file: 'BalanceTransactions.d.ts', path: ['BalanceTransaction'] },
  SetupIntent: { file: 'SetupIntents.d.ts', path: ['SetupIntent'] },
  Account: { file: 'Accounts.d.ts', path: ['Account'] },
  WebhookEndpoint: { file: 'WebhookEndpoints.d.ts', path: ['WebhookEndpoint'] },
  'Terminal.Configuration': { file: 'Terminal/Configurations.d.ts', path: ['Configuration'] },
  PaymentMethod: { file: 'PaymentMethods.d.ts', path: ['PaymentMethod'] },
  'PaymentMethod.card_present': { file: 'PaymentMethods.d.ts', path: ['PaymentMethod', 'CardPresent'] },
  'PaymentMethod.interac_present': { file: 'PaymentMethods.d.ts', path: ['PaymentMethod', 'InteracPresent'] },
  'PaymentMethod.card': { file: 'PaymentMethods.d.ts', path: ['PaymentMethod', 'Card'] },
  'Terminal.Reader': { file: 'Terminal/Readers.d.ts', path: ['Reader'] },
  'Terminal.Reader.action': { file: 'Terminal/Readers.d.ts', path: ['Reader', 'Action'] },
  'Terminal.Location': { file: 'Terminal/Locations.d.ts', path: ['Location'] },
  'Terminal.ConnectionToken': { file: 'Terminal/ConnectionTokens.d.ts', path: ['ConnectionToken'] },
  // The SDK types Event as a union over event types; the fields every event shares are on EventBase.
  Event: { file: 'Events.d.ts', path: ['EventBase'] },
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The lines inside the block opened by `header` at this indentation, within `lines`. */
function block(lines: string[], indent: number, header: RegExp, what: string): string[] {
  const start = lines.findIndex((line) => header.test(line));
  if (start < 0) throw new Error(`${what} not found`);
  const end = lines.indexOf(`${' '.repeat(indent)}}`, start + 1);
  if (end < 0) throw new Error(`${what} is not closed`);
  return lines.slice(start + 1, end);
}

export function declaredFields(source: string, path: string[]): { required: string[]; optional: string[] } {
  let lines = source.split('\n');
  path.forEach((name, depth) => {
    const indent = ' '.repeat(depth * 4);
    const last = depth === path.length - 1;
    const prefix = depth === 0 ? (last ? 'export interface' : 'export declare namespace') : last ? 'interface' : 'namespace';
    const header = new RegExp(`^${indent}${prefix} ${escape(name)}( extends [^{]+)? \\{$`);
    lines = block(lines, depth * 4, header, `${prefix} ${path.slice(0, depth + 1).join('.')}`);
  });
  const member = new RegExp(`^${' '.repeat(path.length * 4)}([a-z_][a-z0-9_]*)(\\?)?:`);
  const required: string[] = [];
  const optional: string[] = [];
  for (const line of lines) {
    const match = member.exec(line);
    if (match) (match[2] ? optional : required).push(match[1]!);
  }
  if (required.length === 0) throw new Error(`no members found for ${path.join('.')}`);
  return { required, optional };
}

function generate(): string {
  const sdk = JSON.parse(readFileSync(`${root}node_modules/stripe/package.json`, 'utf8')) as { version: string };
  const apiVersion = /ApiVersion = ['"]([^'"]+)['"]/.exec(readFileSync(`${resources}../apiVersion.js`, 'utf8'))?.[1];
  const objects = Object.fromEntries(
    Object.entries(OBJECTS).map(([name, { file, path }]) => [
      name,
      declaredFields(readFileSync(resources + file, 'utf8'), path),
    ]),
  );
  return `${JSON.stringify({ generatedBy: 'scripts/stripe-object-fields.ts', sdkVersion: sdk.version, apiVersion, objects }, null, 2)}\n`;
}

const json = generate();
if (process.argv.includes('--check')) {
  const current = readFileSync(fixture, 'utf8');
  if (current !== json) {
    console.error('test/worker/fixtures/stripe-object-fields.json is stale: run node scripts/stripe-object-fields.ts');
    process.exit(1);
  }
} else {
  writeFileSync(fixture, json);
  console.log(`wrote ${fixture}`);
}
