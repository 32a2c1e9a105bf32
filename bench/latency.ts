/** Latency samples per route, and the percentiles the report prints. */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of ascending samples: the smallest sample with at least p% of samples at or below it. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1]!;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** Collects request durations by route label and failures by cause; shared by every simulated kiosk of a run. */
export class LatencyRecorder {
  private readonly samples = new Map<string, number[]>();
  private readonly failures = new Map<string, number>();
  /** The most Durable Objects one request of the route addressed (from the worker's X-Objects-Touched). */
  private readonly touched = new Map<string, { count: number; detail: string }>();
  private firstAt = Number.POSITIVE_INFINITY;
  private lastAt = 0;
  private customerRequests = 0;

  /** `byCustomer`: a request no kiosk sends (the customer's card, presented through the developer panel). */
  record(route: string, startedAt: number, endedAt: number, byCustomer = false): void {
    let list = this.samples.get(route);
    if (!list) this.samples.set(route, (list = []));
    list.push(endedAt - startedAt);
    if (byCustomer) this.customerRequests++;
    this.firstAt = Math.min(this.firstAt, startedAt);
    this.lastAt = Math.max(this.lastAt, endedAt);
  }

  /** Notes what the worker said the request addressed, e.g. `KIOSK=1, CHECKOUT_SESSION=1`. */
  objects(route: string, header: string | null): void {
    if (header === null) return;
    const count = header === 'none' ? 0 : header.split(',').reduce((n, part) => n + Number(part.split('=')[1] ?? 0), 0);
    if (count >= (this.touched.get(route)?.count ?? -1)) this.touched.set(route, { count, detail: header });
  }

  objectsTouched(route: string): { count: number; detail: string } | undefined {
    return this.touched.get(route);
  }

  fail(cause: string): void {
    this.failures.set(cause, (this.failures.get(cause) ?? 0) + 1);
  }

  get requestCount(): number {
    let n = 0;
    for (const list of this.samples.values()) n += list.length;
    return n;
  }

  /** Requests per second the worker served, between the first request's start and the last one's end. */
  requestRate(): number {
    return this.perSecond(this.requestCount);
  }

  /** The same, counting only what kiosks send: the capacity target's kiosk requests/s. */
  kioskRequestRate(): number {
    return this.perSecond(this.requestCount - this.customerRequests);
  }

  private perSecond(count: number): number {
    const seconds = (this.lastAt - this.firstAt) / 1000;
    return seconds > 0 ? count / seconds : 0;
  }

  /** One route's summary; no samples (count 0, percentiles NaN) for a route nobody called. */
  summary(route: string): LatencySummary {
    return summarize(this.samples.get(route) ?? []);
  }

  routes(): Map<string, LatencySummary> {
    return new Map([...this.samples].sort(([a], [b]) => a.localeCompare(b)).map(([route, list]) => [route, summarize(list)]));
  }

  failureCounts(): Map<string, number> {
    return new Map([...this.failures].sort(([, a], [, b]) => b - a));
  }
}
