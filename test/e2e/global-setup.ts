import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startWorker } from '../../scripts/wrangler-dev.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** One `wrangler dev` (workerd) for the end-to-end tests, with fresh state, serving the built PWA. */
export default async function setup(project: TestProject) {
  const persistTo = await mkdtemp(join(tmpdir(), 'kiosk-e2e-'));
  const worker = await startWorker({ persistTo });
  project.provide('baseUrl', worker.url);
  return async () => {
    await worker.stop();
    await rm(persistTo, { recursive: true, force: true });
  };
}
