import { applyD1Migrations, type D1Migration } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

declare global {
  namespace Cloudflare {
    interface Env {
      /** The ledger's migrations, read by vitest.config.ts from migrations/. */
      TEST_MIGRATIONS: D1Migration[];
    }
  }
}

// Each test file starts with the ledger's schema, as `wrangler d1 migrations apply` leaves it (applied once: idempotent).
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
