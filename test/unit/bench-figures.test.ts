import { describe, expect, it } from 'vitest';
import { LatencyRecorder } from '../../bench/latency.ts';
import { fleetLatencyTarget } from '../../bench/targets.ts';

// A short fleet run (few kiosks, a few seconds) may see no customer at all: the bench reports it, it does not crash.
describe("the benchmark's figures for a run with little or no load", () => {
  it('a route nobody called summarises as no samples', () => {
    const summary = new LatencyRecorder().summary('GET /api/health');
    expect(summary.count).toBe(0);
    expect(summary.p50).toBeNaN();
  });

  it('the fleet latency target is not measured when no kiosk request was made', () => {
    expect(fleetLatencyTarget([])).toMatchObject({ met: null, detail: expect.stringContaining('not measured') });
  });

  it('the fleet latency target is not measured when the bare route was not', () => {
    const ratios = [{ route: 'POST /api/sessions', p50: Number.NaN, p99: Number.NaN }];
    expect(fleetLatencyTarget(ratios)).toMatchObject({ met: null, detail: expect.stringContaining('not measured') });
  });

  it('names the worst route against the bare one when measured', () => {
    const target = fleetLatencyTarget([
      { route: 'GET /api/catalog', p50: 1.2, p99: 1.1 },
      { route: 'POST /api/sessions', p50: 3.1, p99: 1.4 },
    ]);
    expect(target).toEqual({
      target: 'every kiosk route p50 within 1.5x and p99 within 2x of the bare route',
      met: false,
      detail: 'worst: POST /api/sessions p50 3.1x, p99 1.4x',
    });
  });
});
