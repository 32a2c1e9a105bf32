import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BENCH_FLAGS, BenchFlagError, HELP, parseBenchFlags, plannedMs } from '../../bench/options.ts';

describe("the benchmark's flags", () => {
  it('with no flags runs the fleet load in both reader modes, no faults', () => {
    const options = parseBenchFlags([]);
    expect(options).toMatchObject({ mode: 'fleet', readerModes: ['js-sdk', 'server-driven'], kioskCount: 200, faultRate: 0, json: false });
    expect(options.meanIntervalMs).toBe(150_000);
  });

  it('duplicates or reorders one webhook event in five unless told otherwise', () => {
    expect(parseBenchFlags([]).webhookRate).toBe(0.2);
    expect(parseBenchFlags(['--webhook-rate', '0.5']).webhookRate).toBe(0.5);
    expect(() => parseBenchFlags(['--webhook-rate', '2'])).toThrow(/--webhook-rate must be a share of webhook events from 0 to 1/);
  });

  it('a rate sets the interval at each kiosk from the fleet size', () => {
    expect(parseBenchFlags(['--kiosks', '50', '--rate', '5']).meanIntervalMs).toBe(10_000);
  });

  it.each([['1.5'], ['2'], ['-0.1'], ['ten']])('--faults=%s is refused as a probability before the run starts', (value) => {
    expect(() => parseBenchFlags([`--faults=${value}`])).toThrow(BenchFlagError);
    expect(() => parseBenchFlags([`--faults=${value}`])).toThrow(/--faults must be a probability from 0 to 1/);
  });

  it('--faults 1 and 0.1 are accepted', () => {
    expect(parseBenchFlags(['--faults', '1']).faultRate).toBe(1);
    expect(parseBenchFlags(['--faults', '0.1']).faultRate).toBe(0.1);
  });

  it.each([
    [['--kiosks', '0'], /--kiosks/],
    [['--kiosks', '2.5'], /--kiosks/],
    [['--duration', '0'], /--duration/],
    [['--interval', '0'], /--interval/],
    [['--rate', '0'], /--rate/],
    [['--session-timeout', '0'], /--session-timeout/],
    [['--mode', 'flood'], /--mode must be fleet or capacity/],
    [['--reader-mode', 'bluetooth'], /--reader-mode must be js-sdk, server-driven or both/],
    [['--interval', '10', '--rate', '5'], /--interval and --rate/],
    [['--fault', '0.1'], /--fault/],
    [['--mode', 'capacity', '--interval', '10'], /--interval sets when customers arrive in fleet mode; capacity mode pays back to back/],
    [['--mode', 'capacity', '--rate', '5'], /--rate sets when customers arrive in fleet mode; capacity mode pays back to back/],
  ])('%j is refused with a message naming the flag', (args, message) => {
    expect(() => parseBenchFlags(args)).toThrow(BenchFlagError);
    expect(() => parseBenchFlags(args)).toThrow(message);
  });
});

describe('npm run bench', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));

  it('--help describes every flag it takes and exits 0, starting nothing', async () => {
    const { stdout } = await promisify(execFile)('node', ['bench/run.ts', '--help'], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    expect(stdout).toBe(`${HELP}\n`);
    for (const flag of Object.keys(BENCH_FLAGS)) expect(HELP).toContain(`--${flag}`);
    expect(HELP).toMatch(/exit code 1/i);
    expect(parseBenchFlags(['-h']).help).toBe(true);
    expect(parseBenchFlags([]).help).toBe(false);
  }, 60_000);

  it('refuses a bad flag, naming it, before it builds the PWA or starts anything', async () => {
    const refused = await promisify(execFile)('npm', ['run', 'bench', '--', '--kiosks', '0'], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
    }).catch((err: { code: number; stdout: string; stderr: string }) => err);
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining('--kiosks must be a whole number of kiosks') });
    expect(`${refused.stdout}${refused.stderr}`).not.toMatch(/\bvite v\d|building .*for production/);
  }, 180_000);
});

/**
 * Issue 6: the default run finishes in under 2 minutes on a 2-core machine. What the flags do not set (the PWA's build,
 * starting workerd, provisioning 200 kiosks per reader mode, reading everything back and the browser's time to
 * interactive) took about 60 s there with other work on the machine, so the phases the flags set get at most 60 s.
 */
describe("the benchmark's default run", () => {
  const BUDGET_MS = 60_000;

  it.each([[[]], [['--mode', 'capacity']], [['--faults', '0.1']]])('with %j plans its load, baselines and settling within 60 s', (args) => {
    expect(plannedMs(parseBenchFlags(args))).toBeLessThanOrEqual(BUDGET_MS);
  });

  it('longer runs stay available by flag', () => {
    expect(plannedMs(parseBenchFlags(['--duration', '120']))).toBeGreaterThan(4 * 60_000);
  });
});

