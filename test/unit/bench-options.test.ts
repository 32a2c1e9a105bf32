import { describe, expect, it } from 'vitest';
import { BenchFlagError, parseBenchFlags } from '../../bench/options.ts';

describe("the benchmark's flags", () => {
  it('with no flags runs the fleet load in both reader modes, no faults', () => {
    const options = parseBenchFlags([]);
    expect(options).toMatchObject({ mode: 'fleet', readerModes: ['js-sdk', 'server-driven'], kioskCount: 200, faultRate: 0, json: false });
    expect(options.meanIntervalMs).toBe(150_000);
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
  ])('%j is refused with a message naming the flag', (args, message) => {
    expect(() => parseBenchFlags(args)).toThrow(BenchFlagError);
    expect(() => parseBenchFlags(args)).toThrow(message);
  });
});
