/**
 * The kiosk PWA's own figures: what it costs to download (gzipped JavaScript and CSS of pwa/dist) and how soon a
 * customer can order on a slow tablet (time until the first catalog item can be tapped, past the attract screen, with
 * 4x CPU throttling).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../test/support/browser.ts';

export const PWA_DIST = fileURLToPath(new URL('../pwa/dist', import.meta.url));

/**
 * Builds the PWA the run measures (`npm run build`), called once the flags are known to be good. Under `--json` its
 * output goes to stderr, so that stdout is the report alone.
 */
export async function buildPwa(json: boolean): Promise<void> {
  const build = spawn('npm', ['run', 'build'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', json ? 2 : 'inherit', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve, reject) => build.on('error', reject).on('exit', resolve));
  if (code !== 0) throw new Error(`npm run build failed (exit code ${code})`);
}

export interface BundleSizes {
  /** Scripts the page loads at start (index.html's entry and its imports), gzipped bytes. */
  initialJs: number;
  /** Every script of the kiosk, including chunks loaded later (the reader drivers) and the service worker. */
  allJs: number;
  /** The kiosk's CSS. */
  css: number;
  /** The operators' console (admin.html's scripts and CSS, which no kiosk loads), gzipped bytes. */
  consoleJs: number;
  consoleCss: number;
  files: { file: string; gzipped: number }[];
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

const gzipped = async (file: string) => gzipSync(await readFile(file), { level: 9 }).length;

/**
 * The console's own files: what admin.html loads and every chunk those name. The console is a Vite environment of its
 * own, so it shares no chunk with the kiosk.
 */
async function consoleFiles(dist: string): Promise<Set<string>> {
  const files = new Set<string>();
  const html = existsSync(join(dist, 'admin.html')) ? await readFile(join(dist, 'admin.html'), 'utf8') : '';
  const pending = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file) || !existsSync(join(dist, file))) continue;
    files.add(file);
    if (!file.endsWith('.js')) continue;
    const code = await readFile(join(dist, file), 'utf8');
    for (const m of code.matchAll(/["'](?:\.\/|\/?assets\/)([\w.-]+\.(?:js|css))["']/g)) pending.push(`assets/${m[1]!}`);
  }
  return files;
}

/** Null when the PWA has not been built. */
export async function bundleSizes(dist = PWA_DIST): Promise<BundleSizes | null> {
  if (!existsSync(join(dist, 'index.html'))) return null;
  const files = (await filesUnder(dist)).filter((f) => /\.(js|css)$/.test(f));
  const sized = await Promise.all(files.map(async (f) => ({ file: f.slice(dist.length + 1), gzipped: await gzipped(f) })));
  const html = await readFile(join(dist, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g)].map((m) => m[1]!);
  // The entry's static imports load with it; dynamic `import()` chunks do not.
  const initial = new Set<string>();
  const visit = async (file: string) => {
    if (initial.has(file) || !existsSync(join(dist, file))) return;
    initial.add(file);
    const code = await readFile(join(dist, file), 'utf8');
    for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w{}*,\s$]+from\s*)?["']\.\/([^"']+\.js)["']/g)) {
      await visit(join(file, '..', m[1]!));
    }
  };
  for (const entry of entries) await visit(entry);
  const ofConsole = await consoleFiles(dist);
  const sum = (pick: (f: { file: string }) => boolean) => sized.filter(pick).reduce((n, f) => n + f.gzipped, 0);
  const kiosk = (f: { file: string }) => !ofConsole.has(f.file);
  return {
    initialJs: sum((f) => initial.has(f.file)),
    allJs: sum((f) => kiosk(f) && f.file.endsWith('.js')),
    css: sum((f) => kiosk(f) && f.file.endsWith('.css')),
    consoleJs: sum((f) => ofConsole.has(f.file) && f.file.endsWith('.js')),
    consoleCss: sum((f) => ofConsole.has(f.file) && f.file.endsWith('.css')),
    files: sized.sort((a, b) => b.gzipped - a.gzipped),
  };
}

/**
 * Milliseconds from navigation until the first catalog item's button is visible and enabled, in a fresh profile
 * (nothing cached, no service worker yet) with the CPU slowed 4x. One value per run.
 */
export async function timeToInteractive(baseUrl: string, runs = 3): Promise<number[]> {
  const browser = await launchChromium();
  try {
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'en-US' });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      const firstItem = page.getByRole('button', { name: /Americano/ });
      const attract = page.getByRole('button', { name: /start your order/i });
      const started = performance.now();
      const document = await page.goto(baseUrl);
      if (!document?.ok()) throw new Error(`the kiosk page answered ${document?.status() ?? 'nothing'}`);
      // An idle kiosk greets with its attract screen: the customer's first tap is part of reaching the menu.
      await firstItem.or(attract).first().waitFor({ state: 'visible', timeout: 30_000 });
      if (await attract.isVisible()) await attract.click();
      await firstItem.waitFor({ state: 'visible', timeout: 30_000 });
      while (!(await firstItem.isEnabled())) await page.waitForTimeout(10);
      times.push(performance.now() - started);
      await context.close();
    }
    return times;
  } finally {
    await browser.close();
  }
}
