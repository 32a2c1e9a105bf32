/**
 * `npm run screenshots`: refreshes the README's screenshots in docs/screenshots. The language tests walk a kiosk
 * through every screen, and the console through every page, in English, Korean and Japanese, and photograph each one
 * into an ignored folder; this copies them over. `npm test` takes the same photos but never touches docs/.
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCREENSHOTS_DIR } from '../test/support/screenshots.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const taken = join(root, SCREENSHOTS_DIR);
const readme = join(root, 'docs/screenshots');

// Without a Korean font Chromium draws the Korean screens as empty boxes: refuse rather than replace good photos.
const koreanFonts = spawnSync('fc-list', [':lang=ko'], { encoding: 'utf8' });
if (!koreanFonts.error && koreanFonts.stdout.trim() === '') {
  console.error('No Korean font installed (Debian: apt-get install fonts-noto-cjk); the Korean screenshots would be unreadable.');
  process.exit(1);
}

await rm(taken, { recursive: true, force: true });
const LANGUAGE_TESTS = ['test/e2e/kiosk-languages.test.ts', 'test/e2e/console-languages.test.ts'];
const run = spawnSync('npx', ['vitest', 'run', '--project', 'e2e', ...LANGUAGE_TESTS], { cwd: root, stdio: 'inherit' });
if (run.status !== 0) process.exit(run.status ?? 1);

await mkdir(readme, { recursive: true });
const photos = (await readdir(taken)).filter((file) => file.endsWith('.png')).sort();
for (const photo of photos) await copyFile(join(taken, photo), join(readme, photo));
console.log(`docs/screenshots: ${photos.join(', ')}`);
