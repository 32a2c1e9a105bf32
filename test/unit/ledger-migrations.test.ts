import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyLedgerMigrations } from '../../scripts/wrangler-dev.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** A query on the local database in `persistTo`, as `wrangler d1 execute` runs it. */
async function query<Row>(persistTo: string, sql: string): Promise<Row[]> {
  const { stdout } = await run('npx', ['wrangler', 'd1', 'execute', 'kiosk-ledger', '--local', '--persist-to', persistTo, '--json', '--command', sql], {
    cwd: root,
    env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
  });
  const results = JSON.parse(stdout) as { results: Row[] }[];
  return results.flatMap((r) => r.results);
}

describe('the D1 migrations, as `wrangler d1 migrations apply` runs them on a new database', () => {
  let persistTo = '';
  beforeAll(async () => {
    persistTo = await mkdtemp(join(tmpdir(), 'ledger-migrations-'));
    await applyLedgerMigrations(persistTo);
  }, 120_000);
  afterAll(async () => {
    await rm(persistTo, { recursive: true, force: true });
  });

  it('are numbered one after another, and all applied, in that order, once', async () => {
    const files = (await readdir(join(root, 'migrations'))).filter((name) => name.endsWith('.sql')).sort();
    expect(files.map((name) => Number(name.slice(0, 4)))).toEqual(files.map((_, i) => i + 1));
    const applied = await query<{ id: number; name: string }>(persistTo, 'SELECT id, name FROM d1_migrations ORDER BY id');
    expect(applied.map((m) => m.name)).toEqual(files);
    // Applying again (every deploy does) changes nothing.
    await applyLedgerMigrations(persistTo);
    expect(await query(persistTo, 'SELECT id, name FROM d1_migrations ORDER BY id')).toEqual(applied);
  }, 60_000);

  it('start with the demo menu, named in every language', async () => {
    const [menu] = await query<{ items: number; unnamed: number }>(
      persistTo,
      "SELECT COUNT(*) AS items, SUM(json_extract(names, '$.ja') IS NULL) AS unnamed FROM catalog_items",
    );
    expect(menu!.items).toBeGreaterThan(0);
    expect(menu!.unnamed).toBe(0);
  }, 60_000);
});
