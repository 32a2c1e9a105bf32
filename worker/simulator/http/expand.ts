import type { ObjectStore, StripeObject } from '../stores/object-store.ts';
import { StripeApiError } from './stripe-error.ts';

/** A field holding an id that `expand` replaces by its object (`true`), or a sub-hash with expandable fields. */
type Expandable = { [field: string]: true | Expandable };

/** What each object type lets `expand[]` reach, as the pinned SDK types it (fields typed `string | Object`). */
const EXPANDABLE: Record<string, Expandable> = {
  payment_intent: {
    application: true, customer: true, latest_charge: true, on_behalf_of: true, payment_method: true,
    payment_record: true, review: true, source: true,
  },
  charge: {
    application: true, application_fee: true, balance_transaction: true, customer: true,
    failure_balance_transaction: true, on_behalf_of: true, payment_intent: true, review: true,
    source_transfer: true, transfer: true,
  },
  refund: {
    balance_transaction: true, charge: true, customer: true, failure_balance_transaction: true, payment_intent: true,
    payment_method: true, source_transfer_reversal: true, transfer_reversal: true,
  },
  setup_intent: {
    application: true, customer: true, latest_attempt: true, mandate: true, on_behalf_of: true, payment_method: true,
    single_use_mandate: true,
  },
  balance_transaction: { source: true },
  'terminal.reader': {
    location: true,
    action: {
      collect_payment_method: { payment_intent: true },
      confirm_payment_intent: { payment_intent: true },
      process_payment_intent: { payment_intent: true },
      process_setup_intent: { setup_intent: true },
      refund_payment: { charge: true, payment_intent: true, refund: true },
    },
  },
};

const cannotExpand = (path: string, hint = '') =>
  new StripeApiError(400, { type: 'invalid_request_error' }, `This property cannot be expanded (${path}).${hint}`, true);

/** Throws Stripe's 400 unless every segment of `path` is expandable from an object of this type. */
function checkPath(type: string, path: string): void {
  let node: true | Expandable | undefined = EXPANDABLE[type] ?? {};
  for (const segment of path.split('.')) {
    if (node === true) {
      // Past an expanded id the path continues in that object, whose type is only known from the data: accepted.
      return;
    }
    node = node[segment];
    if (node === undefined) throw cannotExpand(path);
  }
}

/** Replaces the id at `path` in `value` (an object of a known type) by the object it names, in place. */
function expandIn(store: ObjectStore, value: Record<string, unknown>, segments: string[]): void {
  const [segment, ...rest] = segments;
  const field = value[segment!];
  if (typeof field === 'string') {
    const found = store.find(field);
    if (!found) return;
    const copy: StripeObject = { ...found };
    value[segment!] = copy;
    if (rest.length > 0) {
      checkPath(copy.object, rest.join('.'));
      expandIn(store, copy, rest);
    }
  } else if (field && typeof field === 'object' && rest.length > 0) {
    const copy = { ...(field as Record<string, unknown>) };
    value[segment!] = copy;
    expandIn(store, copy, rest);
  }
}

/** An object with each `expand[]` path replaced by the objects it names, as Stripe does (up to any depth). */
export function expandObject(store: ObjectStore, obj: StripeObject, paths: string[]): StripeObject {
  const out: StripeObject = { ...obj };
  for (const path of paths) {
    checkPath(obj.object, path);
    expandIn(store, out, path.split('.'));
  }
  return out;
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
