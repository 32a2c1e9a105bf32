import type { Context } from 'hono';
import type { Params } from './params.ts';
import { expandList } from './params.ts';
import type { SimulatorState } from './simulator-state.ts';
import type { ListPage, StripeObject } from './store.ts';

/** Hono context of the simulator's routes: the parsed Stripe parameters and the simulator state. */
export type SimEnv = { Bindings: { sim: SimulatorState; params: Params } };
export type SimContext = Context<SimEnv>;

/** Which object types an expandable field refers to. */
const EXPANDABLE: Record<string, string> = {
  latest_charge: 'charge',
  payment_method: 'payment_method',
  payment_intent: 'payment_intent',
  charge: 'charge',
};

/** Replaces ids by objects for each `expand[]` path (one level, and `data.` for lists), as Stripe does. */
function expand(sim: SimulatorState, obj: StripeObject, paths: string[]): StripeObject {
  const out: StripeObject = { ...obj };
  for (const path of paths) {
    const field = path.startsWith('data.') ? path.slice(5) : path;
    const type = EXPANDABLE[field];
    const id = out[field];
    if (type && typeof id === 'string') out[field] = sim.store.get(type, id) ?? id;
  }
  return out;
}

/** Drops the simulator's private bookkeeping (fields starting with `_`) from everything it returns. */
export const toWire = (value: unknown): string =>
  JSON.stringify(value, (key, v) => (key.startsWith('_') ? undefined : v));

export function sendObject(c: SimContext, obj: StripeObject, status: 200 = 200): Response {
  const body = expand(c.env.sim, obj, expandList(c.env.params));
  return new Response(toWire(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export function sendList<T extends StripeObject>(c: SimContext, page: ListPage<T>): Response {
  const paths = expandList(c.env.params);
  const body = { ...page, data: page.data.map((obj) => expand(c.env.sim, obj, paths)) };
  return new Response(toWire(body), { headers: { 'Content-Type': 'application/json' } });
}

/** The list parameters every Stripe list endpoint accepts. */
export const LIST_PARAMS = ['limit', 'starting_after', 'ending_before', 'created'] as const;
