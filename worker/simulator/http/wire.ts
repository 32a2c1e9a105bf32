import type { Context } from 'hono';
import type { SimulatorState } from '../simulator-state.ts';
import type { ListPage, StripeObject } from '../stores/object-store.ts';
import { publicJson } from '../public-json.ts';
import { expandObject, itemPaths } from './expand.ts';
import { expandList, type Params } from './params.ts';

/** Hono context of the simulator's routes: the parsed Stripe parameters and the simulator state for this request. */
export type SimEnv = { Bindings: { sim: SimulatorState; params: Params } };
export type SimContext = Context<SimEnv>;

const json = (body: unknown, status = 200) =>
  new Response(publicJson(body), { status, headers: { 'Content-Type': 'application/json' } });

export function sendObject(c: SimContext, obj: StripeObject): Response {
  return json(expandObject(c.env.sim.store, obj, expandList(c.env.params)));
}

export function sendList<T extends StripeObject>(c: SimContext, page: ListPage<T>): Response {
  const paths = itemPaths(expandList(c.env.params));
  return json({ ...page, data: page.data.map((obj) => expandObject(c.env.sim.store, obj, paths)) });
}

/** A reply that is not a Stripe object with an id (a deletion, a connection token). */
export const sendJson = (body: Record<string, unknown>) => json(body);

/** The cursor parameters every Stripe list endpoint accepts (the SDK's PaginationParams). */
export const PAGINATION_PARAMS = ['limit', 'starting_after', 'ending_before'] as const;

/** The parameters of a list of objects with a creation time, which can also be filtered by it (`created`). */
export const LIST_PARAMS = [...PAGINATION_PARAMS, 'created'] as const;
