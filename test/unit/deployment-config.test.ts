import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { unstable_readConfig } from 'wrangler';
import { describe, expect, it } from 'vitest';

// Issue 10, "A deploy an operator can run": wrangler.toml's staging and production deployments, read as
// `wrangler deploy --env <name>` reads them. Cloudflare does not inherit bindings or vars into an environment
// (developers.cloudflare.com/workers/wrangler/environments/), and wrangler warns only when a whole kind of binding is
// missing from one, not a single binding: each environment must declare every binding the worker reads itself.
const configPath = fileURLToPath(new URL('../../wrangler.toml', import.meta.url));

/** What these tests read of a configuration (wrangler's own type of it comes from a package it does not ship). */
interface Deployment {
  name: string;
  vars: Record<string, unknown>;
  observability?: { enabled?: boolean };
  assets?: { binding?: string };
  durable_objects: { bindings: { name: string; class_name: string }[] };
  migrations: { tag: string; new_classes?: string[]; new_sqlite_classes?: string[] }[];
  d1_databases: { binding: string; database_name: string; database_id: string; migrations_dir?: string }[];
  r2_buckets: { binding: string; bucket_name: string }[];
  ratelimits: { name: string; namespace_id: string; simple: { limit: number; period: number } }[];
}
const read = (env?: string): Deployment => unstable_readConfig({ config: configPath, env });

const local = read();
const DEPLOYMENTS = [
  ['staging', 'test'],
  ['production', 'live'],
] as const;

/** Every binding a configuration gives the worker, by name and kind, without the resources they point at. */
function bindingsOf(config: Deployment) {
  return {
    durableObjects: config.durable_objects.bindings.map(({ name, class_name }) => `${name}:${class_name}`).sort(),
    d1: config.d1_databases.map(({ binding }) => binding).sort(),
    r2: config.r2_buckets.map(({ binding }) => binding).sort(),
    rateLimits: config.ratelimits.map(({ name, simple }) => `${name}:${simple.limit}/${simple.period}`).sort(),
    vars: Object.keys(config.vars).filter((name) => name !== 'STRIPE_MODE').sort(),
    assets: config.assets?.binding,
  };
}

describe('each deployment of wrangler.toml', () => {
  it.each(DEPLOYMENTS)('%s has every binding the local worker has, and says its Stripe mode', (name, mode) => {
    const deployed = read(name);
    expect(deployed.name).toBe(`kiosk-terminal-${name}`);
    expect(bindingsOf(deployed)).toEqual(bindingsOf(local));
    expect(deployed.vars.STRIPE_MODE).toBe(mode);
    expect(deployed.observability?.enabled).toBe(true);
    // Each ledger brings its schema along: `wrangler d1 migrations apply ... --env <name>` reads it from here.
    expect(deployed.d1_databases.map((db) => db.migrations_dir)).toEqual(['migrations']);
  });

  it('every Durable Object class a deployment binds is created by a migration, SQLite-backed, once', () => {
    for (const name of [undefined, ...DEPLOYMENTS.map(([env]) => env)]) {
      const config = read(name);
      // Cloudflare applies the tags a worker has not seen yet: a deployment from before the fleet, which applied v1 as
      // it stands, upgrades in place by the later ones (README, "Upgrading a deployment from before the fleet").
      expect(config.migrations[0], name).toEqual({ tag: 'v1', new_sqlite_classes: ['CheckoutSession', 'KioskRegistry', 'StripeSimulator'] });
      expect(new Set(config.migrations.map((m) => m.tag)).size, name).toBe(config.migrations.length);
      const created = config.migrations.flatMap((m) => m.new_sqlite_classes ?? []);
      expect(config.migrations.flatMap((m) => m.new_classes ?? []), name).toEqual([]);
      expect(new Set(created).size, name).toBe(created.length);
      for (const { class_name } of config.durable_objects.bindings) expect(created, `${name}: ${class_name}`).toContain(class_name);
    }
  });

  it('staging and production use their own database, bucket and rate-limit namespaces, never the local ones', () => {
    const configs = [local, ...DEPLOYMENTS.map(([env]) => read(env))];
    const distinct = (values: string[]) => expect(new Set(values).size, values.join(' ')).toBe(values.length);
    distinct(configs.flatMap((c) => c.d1_databases.map((db) => db.database_name)));
    distinct(configs.flatMap((c) => c.d1_databases.map((db) => db.database_id)));
    distinct(configs.flatMap((c) => c.r2_buckets.map((bucket) => bucket.bucket_name)));
    // A namespace_id is unique in the Cloudflare account: one shared by two workers would share its counters.
    distinct(configs.flatMap((c) => c.ratelimits.map((limiter) => String(limiter.namespace_id))));
  });
});

describe('.dev.vars.example, where a developer looks for what can be configured', () => {
  it('names every secret the worker reads and every var of wrangler.toml', () => {
    const example = readFileSync(new URL('../../.dev.vars.example', import.meta.url), 'utf8');
    const named = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map(([, name]) => name));
    const secrets = readFileSync(new URL('../../worker/secrets.d.ts', import.meta.url), 'utf8');
    const everyName = [...Object.keys(local.vars), ...[...secrets.matchAll(/^\s+([A-Z][A-Z0-9_]+)\?: string;/gm)].map(([, name]) => name!)];
    expect(everyName.filter((name) => !named.has(name))).toEqual([]);
  });
});
