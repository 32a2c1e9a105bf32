import type { ListPage, ObjectStore, StripeObject } from '../stores/object-store.ts';
import { StripeApiError } from './stripe-error.ts';

/**
 * A field Stripe leaves out unless it is expanded (typed `field?: ApiList<...>`): the list of the objects of `type` whose
 * `by` field names this object, answered at `url`.
 */
class IncludedList {
  constructor(
    readonly type: string,
    readonly by: string,
    readonly url: (id: string) => string,
  ) {}

  of(store: ObjectStore, id: string): ListPage<StripeObject> {
    return store.list(this.type, this.url(id), { where: (obj) => obj[this.by] === id });
  }
}

/**
 * A field holding an id that `expand` replaces by its object (named by its type), a list it includes, or a sub-hash
 * with such fields.
 */
type Expandable = { [field: string]: string | IncludedList | Expandable };

/** What each object type lets `expand[]` reach, as the pinned SDK types it (fields typed `string | Object`). */
const EXPANDABLE: Record<string, Expandable> = {
  payment_intent: {
    application: 'application', customer: 'customer', latest_charge: 'charge', on_behalf_of: 'account', payment_method: 'payment_method',
    payment_record: 'payment_record', review: 'review', source: 'source',
  },
  charge: {
    application: 'application', application_fee: 'application_fee', balance_transaction: 'balance_transaction', customer: 'customer',
    failure_balance_transaction: 'balance_transaction', on_behalf_of: 'account', payment_intent: 'payment_intent', review: 'review',
    source_transfer: 'transfer', transfer: 'transfer',
    // No longer in every Charge since API 2022-11-15, but still there when expanded.
    refunds: new IncludedList('refund', 'charge', (id) => `/v1/charges/${id}/refunds`),
  },
  refund: {
    balance_transaction: 'balance_transaction', charge: 'charge', customer: 'customer', failure_balance_transaction: 'balance_transaction', payment_intent: 'payment_intent',
    payment_method: 'payment_method', source_transfer_reversal: 'transfer_reversal', transfer_reversal: 'transfer_reversal',
  },
  setup_intent: {
    application: 'application', customer: 'customer', latest_attempt: 'setup_attempt', mandate: 'mandate', on_behalf_of: 'account', payment_method: 'payment_method',
    single_use_mandate: 'mandate',
  },
  balance_transaction: { source: 'source' },
  'terminal.reader': {
    location: 'terminal.location',
    action: {
      collect_payment_method: { payment_intent: 'payment_intent' },
      confirm_payment_intent: { payment_intent: 'payment_intent' },
      process_payment_intent: { payment_intent: 'payment_intent' },
      process_setup_intent: { setup_intent: 'setup_intent' },
      refund_payment: { charge: 'charge', payment_intent: 'payment_intent', refund: 'refund' },
    },
  },
};

const cannotExpand = (path: string, hint = '') =>
  new StripeApiError(400, { type: 'invalid_request_error' }, `This property cannot be expanded (${path}).${hint}`, true);

/**
 * "Expansions have a maximum depth of four levels" (docs.stripe.com/api/expanding_objects), a list's `data.` included.
 * The message is Stripe's as public reports quote it; the code those reports show is not on Stripe's list, so none.
 */
const MAX_EXPAND_DEPTH = 4;

function checkDepth(path: string): void {
  if (path.split('.').length > MAX_EXPAND_DEPTH) {
    const message = `You cannot expand more than ${MAX_EXPAND_DEPTH} levels of a property. Property: ${path}`;
    throw new StripeApiError(400, { type: 'invalid_request_error' }, message, true);
  }
}

/** Throws Stripe's 400 unless every segment of `path` is expandable from an object of this type. */
function checkPath(type: string, path: string): void {
  let node: string | IncludedList | Expandable | undefined = EXPANDABLE[type] ?? {};
  for (const segment of path.split('.')) {
    if (node instanceof IncludedList) {
      // Past an included list the path continues in its items, after `data.` as on any list.
      if (segment !== 'data') throw cannotExpand(path);
      node = node.type;
      continue;
    }
    if (typeof node === 'string') {
      // Past an expanded id the path continues in that object; types the simulator does not hold are taken on trust.
      node = EXPANDABLE[node];
      if (node === undefined) return;
    }
    node = node[segment];
    if (node === undefined) throw cannotExpand(path);
  }
}

/** Replaces the id at `path` in `value` (an object of a known type) by the object it names, in place. */
function expandIn(store: ObjectStore, value: Record<string, unknown>, segments: string[]): void {
  const [segment, ...rest] = segments;
  const included = EXPANDABLE[String(value.object)]?.[segment!];
  if (included instanceof IncludedList) {
    const list = included.of(store, String(value.id));
    // Each item is a fresh copy from the store, expanded in place along the rest of the path after `data`.
    if (rest.length > 1) for (const item of list.data) expandIn(store, item, rest.slice(1));
    value[segment!] = list;
    return;
  }
  const field = value[segment!];
  if (typeof field === 'string') {
    const found = store.find(field);
    if (!found) return;
    const copy: StripeObject = { ...found };
    value[segment!] = copy;
    if (rest.length > 0) expandIn(store, copy, rest);
  } else if (field && typeof field === 'object' && rest.length > 0) {
    const copy = { ...(field as Record<string, unknown>) };
    value[segment!] = copy;
    expandIn(store, copy, rest);
  }
}

/** An object with each `expand[]` path replaced by the objects it names, as Stripe does (paths checked beforehand). */
export function expandObject(store: ObjectStore, obj: StripeObject, paths: string[]): StripeObject {
  const out: StripeObject = { ...obj };
  for (const path of paths) {
    checkPath(obj.object, path);
    expandIn(store, out, path.split('.'));
  }
  return out;
}

/**
 * The type of object each resource's endpoints answer with, by the path they start with (most specific first; `*` is
 * any one segment).
 */
const RESOURCE_TYPES: [prefix: string, type: string][] = [
  ['/v1/charges/*/refunds', 'refund'],
  ['/v1/test_helpers/terminal/readers', 'terminal.reader'],
  ['/v1/terminal/readers', 'terminal.reader'],
  ['/v1/terminal/locations', 'terminal.location'],
  ['/v1/terminal/configurations', 'terminal.configuration'],
  ['/v1/terminal/connection_tokens', 'terminal.connection_token'],
  ['/v1/payment_intents', 'payment_intent'],
  ['/v1/payment_methods', 'payment_method'],
  ['/v1/setup_intents', 'setup_intent'],
  ['/v1/charges', 'charge'],
  ['/v1/refunds', 'refund'],
  ['/v1/events', 'event'],
  ['/v1/webhook_endpoints', 'webhook_endpoint'],
  ['/v1/account', 'account'],
];

/**
 * Refuses a request whose `expand[]` cannot apply to what it answers, before it does anything: Stripe checks its
 * parameters first, so a create with a bad path creates nothing. A GET of a collection answers a list.
 */
export function checkExpandBeforehand(method: string, pathname: string, paths: string[]): void {
  if (paths.length === 0 || method === 'DELETE') return;
  for (const path of paths) checkDepth(path);
  const segments = pathname.split('/');
  const resource = RESOURCE_TYPES.map(([prefix, type]) => [prefix.split('/'), type] as const).find(
    ([prefix]) => segments.length >= prefix.length && prefix.every((segment, i) => segment === '*' || segment === segments[i]),
  );
  if (!resource) return;
  const [prefix, type] = resource;
  const list = method === 'GET' && segments.length === prefix.length && type !== 'account';
  for (const path of list ? itemPaths(paths) : paths) checkPath(type, path);
}

/** A list's paths name fields of its items after `data.`, as Stripe requires. */
export function itemPaths(paths: string[]): string[] {
  return paths.map((path) => {
    if (!path.startsWith('data.')) {
      throw cannotExpand(path, ` You may want to try expanding 'data.${path}' instead.`);
    }
    return path.slice('data.'.length);
  });
}
