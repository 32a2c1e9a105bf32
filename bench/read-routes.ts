/**
 * The fleet issue's own measurement, kept comparable: a kiosk's two most frequent reads, each hammered back to back by
 * the same number of clients as the bare route, and their requests/s as a share of the bare route's. Before the fleet
 * (one shared registry object), `GET /api/catalog` ran at 0.73x and `GET /api/sessions/:id` at 0.47x (wrk, 10
 * connections). Each route gets the same time slice, one after another, in one run.
 */
import { summarize, type LatencySummary } from './latency.ts';
import { BARE_ROUTE, provisionKiosks } from './load.ts';
import { randomCart } from './kiosks/scenarios.ts';

export interface ReadRouteRate {
  route: string;
  requestsPerSecond: number;
  latency: LatencySummary;
  /** Requests/s as a share of the bare route's. */
  ofBare: number;
}

async function hammer(url: string, headers: Record<string, string>, clients: number, durationMs: number) {
  const samples: number[] = [];
  let failed = 0;
  const deadline = Date.now() + durationMs;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < deadline) {
        const started = performance.now();
        const res = await fetch(url, { headers }).catch(() => null);
        await res?.arrayBuffer();
        if (!res?.ok) failed++;
        samples.push(performance.now() - started);
      }
    }),
  );
  if (failed > 0) throw new Error(`${failed} of ${samples.length} requests to ${url} failed`);
  return { requestsPerSecond: samples.length / (durationMs / 1000), latency: summarize(samples) };
}

export async function readRouteRates(baseUrl: string, clients = 10, durationMs = 5_000): Promise<ReadRouteRate[]> {
  const [kiosk] = await provisionKiosks(baseUrl, 1, 'js-sdk');
  const headers = { Authorization: `Bearer ${kiosk!.token}` };
  const created = await fetch(`${baseUrl}/api/sessions`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ items: randomCart() }),
  });
  if (created.status !== 201) throw new Error(`creating the session to read answered ${created.status}`);
  const { sessionId } = (await created.json()) as { sessionId: string };
  const routes: [string, string, Record<string, string>][] = [
    [BARE_ROUTE, '/api/health', {}],
    ['GET /api/catalog', '/api/catalog', headers],
    ['GET /api/sessions/:id', `/api/sessions/${sessionId}`, headers],
  ];
  const measured = [];
  for (const [route, path, sent] of routes) measured.push({ route, ...(await hammer(`${baseUrl}${path}`, sent, clients, durationMs)) });
  const bare = measured[0]!.requestsPerSecond;
  return measured.map((m) => ({ ...m, ofBare: m.requestsPerSecond / bare }));
}
