import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface RunningWorker {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface StartOptions {
  port?: number;
  /** Interface to listen on; tests use 127.0.0.1, `npm start` uses localhost. */
  ip?: string;
  /** Where Durable Object state is kept; `npm start` keeps it across restarts, tests use a fresh folder. */
  persistTo?: string;
  vars?: Record<string, string>;
  /**
   * Read the developer's `.dev.vars` (only `npm start` does). Otherwise the worker is configured by `vars` alone and
   * runs in simulated mode unless they say otherwise: tests never depend on a developer's secrets.
   */
  useDevVars?: boolean;
  /** Print wrangler's own output. */
  inheritOutput?: boolean;
  timeoutMs?: number;
}

const root = fileURLToPath(new URL('..', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs a wrangler command to its end, failing with its output. */
function wrangler(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['wrangler', ...args], {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`wrangler ${args.join(' ')} failed:\n${output}`))));
  });
}

/** Brings the local ledger database to the schema of migrations/, as `wrangler d1 migrations apply` does in production. */
export function applyLedgerMigrations(persistTo?: string): Promise<void> {
  return wrangler(['d1', 'migrations', 'apply', 'kiosk-ledger', '--local', ...(persistTo ? ['--persist-to', persistTo] : [])]);
}

/**
 * The worker's own refusal to run with its configuration (503 `misconfigured` or `stripe_not_configured`, which every
 * route answers until the configuration is fixed), in its words; null for any other answer.
 */
async function configurationRefusal(res: Response): Promise<string | null> {
  if (res.status !== 503) return null;
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  const { code, message } = body?.error ?? {};
  return code === 'misconfigured' || code === 'stripe_not_configured' ? `${message} (${code})` : null;
}

/**
 * Runs the worker in workerd with `wrangler dev`, exactly as `npm start` does, and waits until it answers; fails at
 * once, saying why, when the worker refuses its configuration.
 */
export async function startWorker(options: StartOptions = {}): Promise<RunningWorker> {
  await applyLedgerMigrations(options.persistTo);
  const port = options.port ?? (await freePort());
  const inspectorPort = await freePort();
  const args = ['wrangler', 'dev', '--port', String(port), '--ip', options.ip ?? '127.0.0.1', '--inspector-port', String(inspectorPort)];
  if (options.persistTo) args.push('--persist-to', options.persistTo);
  const vars = options.useDevVars ? (options.vars ?? {}) : { STRIPE_MODE: 'simulated', ...options.vars };
  for (const [name, value] of Object.entries(vars)) args.push('--var', `${name}:${value}`);
  // An explicit env file replaces `.dev.vars`; an empty one leaves only the vars given here.
  if (!options.useDevVars) args.push('--env-file', '/dev/null');
  const { CLOUDFLARE_INCLUDE_PROCESS_ENV: _processEnvSecrets, ...parentEnv } = process.env;
  // The worker never reads `request.cf`: Miniflare need not fetch it from Cloudflare (offline, that fails with a stack trace).
  const cfFetch = process.env.CLOUDFLARE_CF_FETCH_ENABLED ?? 'false';
  const child = spawn('npx', args, {
    cwd: root,
    env: { ...parentEnv, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1', CLOUDFLARE_CF_FETCH_ENABLED: cfFetch },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (options.inheritOutput) process.stdout.write(chunk);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);

  const url = `http://${options.ip ?? '127.0.0.1'}:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${output}`);
    const res = await fetch(`${url}/api/health`).catch(() => null);
    if (res?.ok) break;
    const refusal = res && (await configurationRefusal(res));
    if (refusal) {
      process.kill(-child.pid!, 'SIGKILL');
      throw new Error(`the worker refuses service: ${refusal}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (Date.now() >= deadline) {
    process.kill(-child.pid!, 'SIGKILL');
    throw new Error(`wrangler dev did not become ready:\n${output}`);
  }
  return {
    url,
    process: child,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    },
  };
}
