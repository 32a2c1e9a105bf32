/**
 * Reads back everything a run left behind: every session through the admin API, every PaymentIntent and charge
 * through the official Stripe SDK pointed at the simulator's /v1, as any Stripe client would read them.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import Stripe from 'stripe';
import type { SessionView } from '../shared/api.ts';
import type { ObservedCharge, ObservedPaymentIntent, ObservedSession } from './invariants.ts';
import { ADMIN_TOKEN } from './load.ts';
import { BENCH_STRIPE_KEY } from './simulator-controls.ts';

const FINAL = new Set(['success', 'cancelled', 'requires_attention']);

async function admin<T>(baseUrl: string, path: string): Promise<T> {
  for (let tries = 0; ; tries++) {
    const res = await fetch(`${baseUrl}/api/admin${path}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    if (res.ok) return (await res.json()) as T;
    if (tries >= 3) throw new Error(`GET /api/admin${path}: ${res.status} ${await res.text()}`);
    await sleep(500);
  }
}

async function mapConcurrently<T, R>(items: readonly T[], concurrency: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await run(items[i]!);
      }
    }),
  );
  return results;
}

export async function listSessionIds(baseUrl: string): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const after = ids.length ? `&after=${ids.at(-1)}` : '';
    const page = await admin<{ sessions: { sessionId: string }[] }>(baseUrl, `/sessions?limit=1000${after}`);
    ids.push(...page.sessions.map((s) => s.sessionId));
    if (page.sessions.length < 1000) return ids;
  }
}

export function fetchSessions(baseUrl: string, ids: readonly string[]): Promise<ObservedSession[]> {
  return mapConcurrently(ids, 16, async (id) => {
    const { kioskId, session } = await admin<{ kioskId: string; session: SessionView }>(baseUrl, `/sessions/${id}`);
    return {
      sessionId: session.sessionId,
      kioskId,
      status: session.status,
      paymentIntentId: session.paymentIntentId,
      ...(session.cancellationReason ? { cancellationReason: session.cancellationReason } : {}),
      updatedAt: session.updatedAt,
    };
  });
}

/**
 * Every session, once all have reached a final state or `deadline` has passed. Only the sessions still open are
 * read again while waiting for their alarms. The admin list reads the D1 ledger, which trails the sessions' own
 * objects by about a second: the sessions the kiosks were handed (`known`) are read from their objects either way.
 */
export async function sessionsWhenSettled(baseUrl: string, deadline: number, known: Iterable<string> = []): Promise<ObservedSession[]> {
  const ids = new Set([...known, ...(await listSessionIds(baseUrl))]);
  const sessions = new Map((await fetchSessions(baseUrl, [...ids])).map((s) => [s.sessionId, s]));
  let open = [...sessions.values()].filter((s) => !FINAL.has(s.status)).map((s) => s.sessionId);
  while (open.length > 0 && Date.now() < deadline) {
    await sleep(1_000);
    for (const s of await fetchSessions(baseUrl, open)) sessions.set(s.sessionId, s);
    open = open.filter((id) => !FINAL.has(sessions.get(id)!.status));
  }
  return [...sessions.values()];
}

export function stripeFor(baseUrl: string): Stripe {
  const url = new URL(baseUrl);
  const config = { host: url.hostname, port: Number(url.port), protocol: 'http' as const, maxNetworkRetries: 2 };
  // The cast: @stripe/terminal-js ships stripe@8's types, whose ambient `declare module 'stripe'` (pulled in by the
  // PWA's sources in this tsconfig) demands its own apiVersion; at run time this is stripe@23 with its default version.
  return new Stripe(BENCH_STRIPE_KEY, config as ConstructorParameters<typeof Stripe>[1]);
}

/** Every item of a Stripe list, page by page (`autoPagingToArray` stops at 10,000). */
async function all<T>(list: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of list) items.push(item);
  return items;
}

export async function fetchStripeState(baseUrl: string): Promise<{ paymentIntents: ObservedPaymentIntent[]; charges: ObservedCharge[] }> {
  const stripe = stripeFor(baseUrl);
  const [paymentIntents, charges] = await Promise.all([
    all(stripe.paymentIntents.list({ limit: 100 })),
    all(stripe.charges.list({ limit: 100 })),
  ]);
  return {
    paymentIntents: paymentIntents.map((pi) => ({ id: pi.id, status: pi.status, metadata: pi.metadata })),
    charges: charges.map((c) => ({
      id: c.id,
      paymentIntentId: typeof c.payment_intent === 'string' ? c.payment_intent : (c.payment_intent?.id ?? null),
      paid: c.paid,
      captured: c.captured,
      refunded: c.refunded,
    })),
  };
}
