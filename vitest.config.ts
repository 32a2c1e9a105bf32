import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { HERMETIC_WORKER_BINDINGS } from './test/support/hermetic-bindings.ts';

// The ledger's schema, applied by test/worker/apply-migrations.ts exactly as `wrangler d1 migrations apply` would.
const migrations = await readD1Migrations('./migrations');

// Three kinds of tests, each where it belongs:
// unit (pure logic and the PWA's adapters, in Node), worker (the Worker and its Durable Objects, in workerd),
// e2e (the built kiosk in Chromium against `wrangler dev`).
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            // Every var and secret the worker reads, set here so a developer's .dev.vars never changes what the tests see.
            miniflare: { bindings: { ...HERMETIC_WORKER_BINDINGS, TEST_MIGRATIONS: migrations } },
          }),
        ],
        test: {
          name: 'worker',
          include: ['test/worker/**/*.test.ts'],
          setupFiles: ['test/worker/apply-migrations.ts'],
          // Each test is a whole flow through workerd, and a file's first test also pays for its cold start.
          testTimeout: 20_000,
          // What a test polls for (a ledger row written in waitUntil, an object's alarm, a webhook the simulator delivers)
          // can take more than vitest's default second on a loaded machine: the same budget as the files' own `eventually`.
          expect: { poll: { timeout: 15_000 } },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One Chromium and one workerd at a time on a 2-core machine.
          fileParallelism: false,
          // What a test polls for (a ledger row written by an object's alarm, the page's next render) can take more
          // than vitest's default second while the other projects' tests share the same two cores.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
