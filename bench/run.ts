/**
 * `npm run bench`: the worker in workerd (wrangler dev, fresh state), a fleet of simulated kiosks paying through it in
 * each reader mode (the tablet driving its reader with the SDK, and the server driving it), the invariants checked over
 * everything left behind, the same load against the bare health route as a baseline, and the PWA's size and time to
 * interactive. Exits non-zero when any invariant is violated.
 *
 * Its flags and their defaults: bench/options.ts. They are checked before anything runs, the PWA's build included.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorker } from '../scripts/wrangler-dev.ts';
import { runChecked, type CheckedRun } from './checked-run.ts';
import { SCENARIO_WEIGHTS, type ReaderMode } from './kiosks/scenarios.ts';
import { BARE_ALONE_MS, BenchFlagError, HELP, parseBenchFlags, plannedMs, READ_ROUTE_MS, USAGE, type BenchOptions } from './options.ts';
import { LatencyRecorder, type LatencySummary } from './latency.ts';
import { BARE_ROUTE, bareClosedLoop, bareOpenLoop, bareProbe, provisionKiosks } from './load.ts';
import { buildPwa, bundleSizes, timeToInteractive, type BundleSizes } from './pwa-figures.ts';
import { readRouteRates, type ReadRouteRate } from './read-routes.ts';
import { simulatorControl } from './simulator-controls.ts';
import {
  averageOver,
  capacityTargets,
  fleetLatencyTarget,
  kb,
  ms,
  perChargedPayment,
  perPaidCustomer,
  pwaTargets as kioskAppTargets,
  safetyCounts,
  safetyTarget,
  serverDrivenRequestsTarget,
  type Target,
} from './targets.ts';

let options: BenchOptions;
try {
  options = parseBenchFlags(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof BenchFlagError)) throw err;
  console.error(`${err.message}\n\nUsage: ${USAGE}`);
  process.exit(2);
}
if (options.help) {
  console.log(HELP);
  process.exit(0);
}
const { mode, readerModes, kioskCount, durationMs, meanIntervalMs, faultRate, webhookRate, sessionTimeoutSeconds } = options;

/** As the fleet issue measured its read routes (wrk, 10 connections), so the figures compare. */
const READ_CLIENTS = 10;
/** Fleet runs: bare requests per second probed during the load, beside the kiosks' own (about 15/s at the default). */
const BARE_PROBE_RATE = 10;

/**
 * One reader mode's load, and the bare route: in a fleet run probed during the load, side by side with the kiosks'
 * requests (the ratios' baseline), and again alone right after it at the same rate; in a capacity run, right after it
 * with the same number of clients back to back.
 */
interface ModeRun {
  readerMode: ReaderMode;
  run: CheckedRun;
  bare: LatencySummary;
  bareRate: number;
  /** Fleet runs: the bare route alone after the load, at the load's request rate (for comparison only). */
  bareAlone: LatencySummary | null;
  /** What the run cost at "Stripe": API requests the simulator served, by route (the benchmark's own reads excluded). */
  stripeRequests: Record<string, number>;
}

const log = (line = '') => {
  if (!options.json) console.log(line);
};


async function measure(baseUrl: string, readerMode: ReaderMode): Promise<ModeRun> {
  let stripeRequests: Record<string, number> = {};
  log(`\n[${readerMode}] Provisioning ${kioskCount} kiosks...`);
  const kiosks = await provisionKiosks(baseUrl, kioskCount, readerMode);
  await simulatorControl(baseUrl, 'DELETE', 'requests');
  log(
    mode === 'fleet'
      ? `[${readerMode}] Fleet load: ${kioskCount} kiosks, one customer every ${(meanIntervalMs / 1000).toFixed(1)} s on average each, for ${durationMs / 1000} s, faults ${faultRate}`
      : `[${readerMode}] Capacity: ${kioskCount} kiosks paying back to back for ${durationMs / 1000} s, faults ${faultRate}`,
  );
  const probe = new LatencyRecorder();
  const probing = mode === 'fleet' ? bareProbe(baseUrl, probe, BARE_PROBE_RATE) : null;
  const run = await runChecked({
    baseUrl,
    kiosks,
    readerMode,
    mode,
    durationMs,
    meanIntervalMs,
    faultRate,
    webhookRate,
    sessionTimeoutMs: sessionTimeoutSeconds * 1000,
    // A customer takes a moment to tap; a capacity run measures the system, not the customer.
    customerPauseMs: mode === 'fleet' ? [300, 1500] : [0, 0],
    onLoadEnded: async () => {
      await probing?.stop();
      stripeRequests = (await simulatorControl(baseUrl, 'GET', 'requests')).counts;
    },
  });
  const bare = new LatencyRecorder();
  const bareMs = Math.min(durationMs, BARE_ALONE_MS);
  const loadRate = run.recorder.requestRate();
  log(`[${readerMode}] Baseline: ${BARE_ROUTE} ${mode === 'fleet' ? `alone at ${loadRate.toFixed(1)} requests/s` : `with ${kioskCount} clients back to back`}...`);
  if (mode === 'fleet') await bareOpenLoop(baseUrl, bare, loadRate, bareMs);
  else await bareClosedLoop(baseUrl, bare, kioskCount, bareMs);
  const after = bare.summary(BARE_ROUTE);
  if (mode !== 'fleet') return { readerMode, run, bare: after, bareRate: after.count / (bareMs / 1000), bareAlone: null, stripeRequests };
  const during = probe.summary(BARE_ROUTE);
  return { readerMode, run, bare: during, bareRate: during.count / run.loadSeconds, bareAlone: after, stripeRequests };
}

async function main() {
  await buildPwa(options.json);
  const started = performance.now();
  const persistTo = await mkdtemp(join(tmpdir(), 'kiosk-bench-'));
  log(`Planned: ${plannedMs(options) / 1000} s of load, baselines and settling, plus provisioning, workerd and the browser`);
  log(`Starting the worker (wrangler dev, workerd), SESSION_TIMEOUT_SECONDS=${sessionTimeoutSeconds}...`);
  const worker = await startWorker({ persistTo, vars: { SESSION_TIMEOUT_SECONDS: String(sessionTimeoutSeconds) }, timeoutMs: 90_000 });
  try {
    const runs: ModeRun[] = [];
    for (const readerMode of readerModes) runs.push(await measure(worker.url, readerMode));
    let reads: ReadRouteRate[] | null = null;
    if (mode === 'capacity') {
      log(`\nRead routes: ${READ_CLIENTS} clients back to back on each, one after another...`);
      reads = await readRouteRates(worker.url, READ_CLIENTS, READ_ROUTE_MS);
    }
    log('\nPWA: sizes and time to interactive...');
    const sizes = await bundleSizes();
    const tti = sizes ? await timeToInteractive(worker.url).catch((err: unknown) => String(err)) : null;
    process.exitCode = report(runs, reads, sizes, tti) ? 1 : 0;
    log(`\nThe run took ${((performance.now() - started) / 1000).toFixed(0)} s (the PWA's build before it not included)`);
  } finally {
    await worker.stop();
    await rm(persistTo, { recursive: true, force: true });
  }
}

/** A mode's figures, its targets, and its count of invariant violations. */
function figures(r: ModeRun) {
  const { readerMode, run, bare, bareRate } = r;
  const paid = run.attempts.filter((a) => a.outcome === 'paid');
  const charged = run.attempts.filter((a) => a.expected === 'success').length;
  const paymentsPerSecond = charged / run.loadSeconds;
  const kioskRate = run.recorder.kioskRequestRate();
  const perPayment = averageOver(paid, (a) => a.kioskRequests);
  const socketsPerPayment = averageOver(paid, (a) => a.kioskSockets);
  const routes = run.recorder.routes();
  const ratios = [...routes].map(([route, s]) => ({ route, p50: s.p50 / bare.p50, p99: s.p99 / bare.p99 }));
  const violations = run.invariants.reduce((n, i) => n + i.violations.length, 0);
  const safety = safetyCounts(run.invariants);
  const targets: Target[] = [safetyTarget(run.invariants, charged)];
  if (mode === 'fleet') {
    targets.push(fleetLatencyTarget(ratios));
  } else {
    targets.push(...capacityTargets({ kioskRequestsPerSecond: kioskRate, paymentsPerSecond, bareRequestsPerSecond: bareRate }));
  }
  if (readerMode === 'server-driven') targets.push(serverDrivenRequestsTarget(paid));
  // The customer's card (Stripe's test helper, the developer panel's part) is not a call a deployment makes.
  const stripeCalls = Object.entries(r.stripeRequests).reduce((n, [route, c]) => (route.includes('/test_helpers/') ? n : n + c), 0);
  const stripePerPayment = charged ? stripeCalls / charged : Number.NaN;
  return { paid, charged, paymentsPerSecond, kioskRate, perPayment, socketsPerPayment, routes, ratios, violations, safety, targets, stripeCalls, stripePerPayment };
}

function report(runs: ModeRun[], reads: ReadRouteRate[] | null, sizes: BundleSizes | null, tti: number[] | string | null): boolean {
  const pwaTargets: Target[] = sizes && tti !== null ? kioskAppTargets(sizes, tti) : [];
  const all = runs.map((r) => ({ ...r, ...figures(r) }));
  const violations = all.reduce((n, r) => n + r.violations, 0);

  if (options.json) {
    console.log(
      JSON.stringify(
        {
          machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
          options: { mode, readerModes, kiosks: kioskCount, durationMs, meanIntervalMs, faultRate, webhookRate, sessionTimeoutSeconds },
          runs: all.map((r) => ({
            readerMode: r.readerMode,
            loadSeconds: r.run.loadSeconds,
            cartAttempts: r.run.attempts.length,
            paymentsPerSecond: r.paymentsPerSecond,
            kioskRequestsPerSecond: r.kioskRate,
            kioskRequestsPerPayment: r.perPayment,
            kioskWebSocketsPerPayment: r.socketsPerPayment,
            stripeRequests: r.stripeRequests,
            stripeRequestsPerPayment: r.stripePerPayment,
            routes: Object.fromEntries([...r.routes].map(([route, s]) => [route, { ...s, objects: r.run.recorder.objectsTouched(route)?.detail ?? null }])),
            bare: { ...r.bare, requestsPerSecond: r.bareRate },
            bareAlone: r.bareAlone,
            ratios: r.ratios,
            faultsInjected: r.run.faultsInjected,
            webhookEvents: r.run.webhookEvents,
            settlement: r.run.settlement,
            safety: r.safety,
            invariants: r.run.invariants,
            targets: r.targets,
          })),
          reads,
          pwa: sizes ? { ...sizes, ttiMs: tti } : 'PWA not built',
          targets: pwaTargets,
        },
        null,
        2,
      ),
    );
    return violations > 0;
  }

  log();
  log(`Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
  log(`Mix: ${Object.entries(SCENARIO_WEIGHTS).map(([s, w]) => `${s} ${w * 100}%`).join(', ')}`);
  for (const r of all) {
    const outcomes = (['paid', 'cancelled', 'abandoned', 'gave_up'] as const).map((o) => `${o} ${r.run.attempts.filter((a) => a.outcome === o).length}`);
    log();
    log(`== Reader mode ${r.readerMode} ==`);
    log(`Cart attempts: ${r.run.attempts.length} in ${r.run.loadSeconds.toFixed(1)} s (${outcomes.join(', ')})`);
    log(`Throughput: ${r.paymentsPerSecond.toFixed(2)} payments/s charged; ${r.kioskRate.toFixed(1)} kiosk API requests/s`);
    log(`Kiosk requests per paid customer: ${perPaidCustomer(r.paid)}`);
    log(`Stripe API requests during the load: ${r.stripeCalls} (${perChargedPayment(r.stripeCalls, r.charged)}, all scenarios' calls included)`);
    log(`  ${Object.entries(r.stripeRequests).map(([route, n]) => `${route} ${n}`).join('; ')}`);
    if (r.run.throttled) log(`Kiosks waited ${r.run.throttled} times to stay under the per-kiosk session limit (30/60 s)`);
    const w = r.run.webhookEvents;
    log(
      `Webhook events during the load: ${w.immediate + w.duplicated + w.reordered + w.delayed}; duplicated ${w.duplicated}, reordered ${w.reordered}` +
        `${faultRate > 0 ? `, delayed ${w.delayed}` : ''} (webhook rate ${webhookRate})`,
    );
    log(`Sessions: ${r.run.counts.sessions}; PaymentIntents: ${r.run.counts.paymentIntents}; webhooks pending at check: ${r.run.webhooksPending}`);
    log(`All sessions settled ${r.run.settleSeconds.toFixed(1)} s after the load ended (session timeout ${sessionTimeoutSeconds} s)`);
    const s = r.run.settlement;
    log(`Abandoned after charge: ${s.abandonedAfterCharge}, settled by webhook before the alarm: ${s.settledByWebhook}`);
    log(`Abandoned before a card: ${s.abandonedBeforeCard}, closed by the alarm or the next order: ${s.expiredByAlarm}`);
    log();
    log(`Latency (ms)                                          count    p50    p95    p99  p50/bare p99/bare  objects`);
    const row = (route: string, l: LatencySummary, ratio?: { p50: number; p99: number }, objects?: string) =>
      log(
        `${route.padEnd(52)} ${String(l.count).padStart(6)} ${ms(l.p50).padStart(6)} ${ms(l.p95).padStart(6)} ${ms(l.p99).padStart(6)}` +
          (ratio ? `  ${ratio.p50.toFixed(1).padStart(7)}x ${ratio.p99.toFixed(1).padStart(7)}x  ${objects ?? ''}` : ''),
      );
    for (const [route, summary] of r.routes) row(route, summary, r.ratios.find((x) => x.route === route), r.run.recorder.objectsTouched(route)?.detail);
    if (r.bareAlone) {
      row(`${BARE_ROUTE} (bare, during the load, ${r.bareRate.toFixed(0)} req/s)`, r.bare);
      row(`${BARE_ROUTE} (alone after it, ${r.run.recorder.requestRate().toFixed(0)} req/s)`, r.bareAlone);
    } else row(`${BARE_ROUTE} (bare, ${r.bareRate.toFixed(0)} req/s)`, r.bare);
    if (faultRate > 0) log(`Faults injected into the worker's Stripe calls: ${Object.entries(r.run.faultsInjected).map(([kind, n]) => `${kind} ${n}`).join(', ')}`);
    const failures = r.run.recorder.failureCounts();
    log(failures.size ? 'Failures by cause (before the kiosk retried):' : 'Failures: none');
    for (const [cause, n] of failures) log(`  ${String(n).padStart(5)}  ${cause}`);
    log(`Lost ${r.safety.lost}, double-charged ${r.safety.doubleCharged}, stuck ${r.safety.stuck} (of ${r.charged} charged payments)`);
    log('Invariants:');
    for (const inv of r.run.invariants) {
      log(`  ${inv.violations.length === 0 ? 'PASS' : 'FAIL'}  ${inv.name}${inv.violations.length ? ` (${inv.violations.length})` : ''}`);
      for (const v of inv.violations.slice(0, 20)) log(`          ${v}`);
      if (inv.violations.length > 20) log(`          ... and ${inv.violations.length - 20} more`);
    }
    log('Targets:');
    for (const t of r.targets) log(`  ${t.met === null ? '  ? ' : t.met ? ' MET' : 'MISS'}  ${t.target}: ${t.detail}`);
  }

  if (reads) {
    log();
    log(`Read routes, ${READ_CLIENTS} clients back to back    req/s  of bare    p50    p99   (before the fleet: catalog 0.73x, session 0.47x)`);
    for (const r of reads) {
      log(`${r.route.padEnd(44)} ${r.requestsPerSecond.toFixed(0).padStart(6)} ${r.ofBare.toFixed(2).padStart(7)}x ${ms(r.latency.p50).padStart(6)} ${ms(r.latency.p99).padStart(6)}`);
    }
  }
  log();
  if (!sizes) {
    log('PWA not built');
  } else {
    log(`PWA: the kiosk's JS ${kb(sizes.allJs)} gzipped (${kb(sizes.initialJs)} loaded at start), CSS ${kb(sizes.css)}; the console's JS ${kb(sizes.consoleJs)}, CSS ${kb(sizes.consoleCss)}`);
    for (const f of sizes.files) log(`  ${kb(f.gzipped).padStart(9)}  ${f.file}`);
    log(`Time to interactive at 4x CPU throttling: ${Array.isArray(tti) ? tti.map((t) => `${ms(t)} ms`).join(', ') : `not measured: ${tti}`}`);
    for (const t of pwaTargets) log(`  ${t.met === null ? '  ? ' : t.met ? ' MET' : 'MISS'}  ${t.target}: ${t.detail}`);
  }
  if (violations > 0) console.error(`\nFAILED: ${violations} invariant violations (listed above)`);
  return violations > 0;
}

await main();
