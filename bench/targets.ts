import type { InvariantResult } from './invariants.ts';
import type { CartAttempt } from './kiosks/scenarios.ts';
import type { BundleSizes } from './pwa-figures.ts';

export const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(n < 10 ? 1 : 0)}` : '-');
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** What each target came to; printed, never asserted (only invariant violations fail the run). */
export interface Target {
  target: string;
  /** null: not measured in this run. */
  met: boolean | null;
  detail: string;
}

export interface RouteRatio {
  route: string;
  /** The route's p50 and p99 over the bare route's in the same run (NaN when either was not measured). */
  p50: number;
  p99: number;
}

export interface SafetyCounts {
  lost: number;
  doubleCharged: number;
  stuck: number;
}

/** The three figures: invariant violations counted as payments lost, customers charged twice, sessions stuck. */
export function safetyCounts(invariants: readonly InvariantResult[]): SafetyCounts {
  const count = (figure: InvariantResult['figure']) => invariants.filter((i) => i.figure === figure).reduce((n, i) => n + i.violations.length, 0);
  return { lost: count('lost'), doubleCharged: count('double-charged'), stuck: count('stuck') };
}

/**
 * 0 lost, 0 double-charged, 0 stuck: missed on any violation; not claimed when no payment was charged, since then
 * nothing could have been lost or charged twice (a run where every kiosk gave up proves nothing).
 */
export function safetyTarget(invariants: readonly InvariantResult[], charged: number): Target {
  const { lost, doubleCharged, stuck } = safetyCounts(invariants);
  const target = '0 lost, 0 double-charged, 0 stuck sessions';
  const detail = `lost ${lost}, double-charged ${doubleCharged}, stuck ${stuck}`;
  if (lost + doubleCharged + stuck > 0) return { target, met: false, detail };
  if (charged === 0) return { target, met: null, detail: `${detail}; not shown: no payment was charged in this run` };
  return { target, met: true, detail };
}

/** Fleet load: every kiosk route's p50 within 1.5x and p99 within 2x of the bare route's. */
export function fleetLatencyTarget(ratios: readonly RouteRatio[]): Target {
  const target = 'every kiosk route p50 within 1.5x and p99 within 2x of the bare route';
  const measured = ratios.filter((r) => Number.isFinite(r.p50) && Number.isFinite(r.p99));
  if (measured.length === 0) {
    return { target, met: null, detail: ratios.length === 0 ? 'not measured: no kiosk request in this run' : 'not measured: no bare route sample' };
  }
  const excess = (r: RouteRatio) => Math.max(r.p50 / 1.5, r.p99 / 2);
  const worst = measured.reduce((a, b) => (excess(b) > excess(a) ? b : a));
  return {
    target,
    met: measured.every((r) => r.p50 <= 1.5 && r.p99 <= 2),
    detail: `worst: ${worst.route} p50 ${worst.p50.toFixed(1)}x, p99 ${worst.p99.toFixed(1)}x`,
  };
}

/**
 * Capacity: kiosk requests/s at least 1/2 of the bare route's (the fleet issue), and payments/s at least 1/6 of it (a
 * payment is several kiosk requests plus its objects' and Stripe's work), both with the same number of clients.
 */
export function capacityTargets(rates: { kioskRequestsPerSecond: number; paymentsPerSecond: number; bareRequestsPerSecond: number }): Target[] {
  const { kioskRequestsPerSecond: kiosk, paymentsPerSecond: payments, bareRequestsPerSecond: bare } = rates;
  const requests = 'kiosk requests/s at least 1/2 of the bare route at the same concurrency';
  const paying = 'payments/s at least 1/6 of the bare route requests/s at the same concurrency';
  if (!(bare > 0)) {
    const detail = 'not measured: no bare route request in this run';
    return [
      { target: requests, met: null, detail },
      { target: paying, met: null, detail },
    ];
  }
  return [
    { target: requests, met: kiosk >= bare / 2, detail: `${kiosk.toFixed(0)} vs ${bare.toFixed(0)} requests/s = ${(kiosk / bare).toFixed(2)}` },
    payments > 0
      ? { target: paying, met: payments >= bare / 6, detail: `${payments.toFixed(2)} payments/s vs ${bare.toFixed(0)} requests/s = 1/${Math.round(bare / payments)}` }
      : { target: paying, met: null, detail: 'not measured: no payment was charged in this run' },
  ];
}

type PaidCustomer = Pick<CartAttempt, 'scenario' | 'outcome' | 'kioskRequests' | 'kioskSockets'>;

/** What the paid customers cost on average (`of` each); NaN when nobody paid, which the texts below say as n/a. */
export const averageOver = (paid: readonly PaidCustomer[], of: (a: PaidCustomer) => number): number =>
  paid.reduce((n, a) => n + of(a), 0) / paid.length;
const average = (paid: readonly PaidCustomer[], of: (a: PaidCustomer) => number) => averageOver(paid, of).toFixed(1);

/** What a paid customer cost the kiosk on average, or why there is no figure (a short run, every card declined). */
export function perPaidCustomer(paid: readonly PaidCustomer[]): string {
  if (paid.length === 0) return 'n/a (no customer paid in this run)';
  return `${average(paid, (a) => a.kioskRequests)} HTTP + ${average(paid, (a) => a.kioskSockets)} WebSocket`;
}

/** Stripe's requests over the payments charged, or why there is no figure. */
export function perChargedPayment(stripeCalls: number, charged: number): string {
  return charged > 0 ? `${(stripeCalls / charged).toFixed(1)} per charged payment` : 'n/a per charged payment (none was charged in this run)';
}

/**
 * Server-driven mode: a payment (a customer whose first card paid) costs the tablet at most 3 HTTP requests and 1
 * WebSocket; a decline adds its retry by design, so it counts in the average, not against the target.
 */
export function serverDrivenRequestsTarget(paid: readonly PaidCustomer[]): Target {
  const target = 'server-driven: at most 3 kiosk HTTP requests and 1 WebSocket per payment';
  const plain = paid.filter((a) => a.scenario === 'success' && a.outcome === 'paid');
  const perCustomer = paid.length
    ? `${average(paid, (a) => a.kioskRequests)} requests and ${average(paid, (a) => a.kioskSockets)} WebSockets per paid customer`
    : 'no paid customer';
  if (plain.length === 0) return { target, met: null, detail: `${perCustomer}; not measured: no customer paid with the first card` };
  const most = (of: (a: PaidCustomer) => number) => Math.max(...plain.map(of));
  return {
    target,
    met: plain.every((a) => a.kioskRequests <= 3 && a.kioskSockets <= 1),
    detail: `${perCustomer}; a payment at most ${most((a) => a.kioskRequests)} requests and ${most((a) => a.kioskSockets)} WebSocket`,
  };
}

/**
 * The kiosk app's targets: all its JavaScript under 60 KB gzipped (Stripe's SDK loads from Stripe), what loads at start
 * at most 25 KB, and time to interactive (median of the runs, or why it was not measured) under 1.5 s.
 */
export function pwaTargets(sizes: BundleSizes, tti: readonly number[] | string): Target[] {
  const median = Array.isArray(tti) && tti.length > 0 ? [...tti].sort((a, b) => a - b)[Math.floor(tti.length / 2)]! : null;
  return [
    { target: "the kiosk's JavaScript under 60 KB gzipped (Stripe's SDK excluded)", met: sizes.allJs < 60 * 1024, detail: kb(sizes.allJs) },
    { target: "the kiosk's JavaScript at start at most 25 KB gzipped", met: sizes.initialJs <= 25 * 1024, detail: `${kb(sizes.initialJs)} (all ${kb(sizes.allJs)})` },
    {
      target: 'time to interactive under 1.5 s at 4x CPU throttling',
      met: median === null ? null : median < 1500,
      detail: median === null ? `not measured: ${tti}` : `median ${ms(median)} ms`,
    },
  ];
}
