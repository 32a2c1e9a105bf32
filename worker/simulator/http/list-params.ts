import type { ListOptions, ListPage, StripeObject } from '../stores/object-store.ts';
import { invalidParam, invalidRequest } from './stripe-error.ts';
import { allowOnly, optionalHash, optionalInteger, optionalString, prefixedKeys, type Params } from './params.ts';
import type { SimContext } from './wire.ts';

/** Reads `limit`, `starting_after`, `ending_before` and `created` (a timestamp or a range) the way Stripe does. */
function listOptions(params: Params): ListOptions {
  const limit = optionalInteger(params, 'limit', 1);
  if (limit !== undefined && limit > 100) {
    throw invalidParam('limit', 'This value must be less than or equal to 100.', 'parameter_invalid_integer');
  }
  const options: ListOptions = {
    limit,
    startingAfter: optionalString(params, 'starting_after'),
    endingBefore: optionalString(params, 'ending_before'),
  };
  if (options.startingAfter !== undefined && options.endingBefore !== undefined) {
    // Stripe's words, as the live API answers them (quoted in stripe-dotnet#1848).
    throw invalidRequest(undefined, 'Received both starting_after and ending_before parameters. Please pass in only one.');
  }
  if (typeof params.created === 'string') {
    const at = optionalInteger(params, 'created');
    options.created = { gte: at, lte: at };
  } else {
    const hash = optionalHash(params, 'created');
    if (hash) {
      // Named as sent (`created[gte]`), so a refusal points at the bound that was wrong.
      const range = prefixedKeys(hash, 'created');
      allowOnly(range, ['created[gt]', 'created[gte]', 'created[lt]', 'created[lte]']);
      options.created = {
        gt: optionalInteger(range, 'created[gt]'),
        gte: optionalInteger(range, 'created[gte]'),
        lt: optionalInteger(range, 'created[lt]'),
        lte: optionalInteger(range, 'created[lte]'),
      };
    }
  }
  return options;
}

/** A list's filters by value (`customer=cus_...`): an object is listed when each filter given names its field's value. */
export function fieldFilters(params: Params, fields: readonly string[]): (obj: StripeObject) => boolean {
  const given = fields.map((field) => [field, optionalString(params, field)] as const).filter(([, value]) => value !== undefined);
  return (obj) => given.every(([field, value]) => obj[field] === value);
}

/** One page of a list endpoint: a cursor must name an object of the listed type, as at Stripe (400 naming it). */
export function listPage<T extends StripeObject>(
  c: SimContext,
  type: string,
  url: string,
  where?: (obj: T) => boolean,
): ListPage<T> {
  const options = listOptions(c.env.params);
  for (const param of ['starting_after', 'ending_before'] as const) {
    const id = param === 'starting_after' ? options.startingAfter : options.endingBefore;
    if (id !== undefined && !c.env.sim.store.has(type, id)) {
      throw invalidRequest('resource_missing', `No such ${type}: '${id}'`, param);
    }
  }
  return c.env.sim.store.list<T>(type, url, { ...options, where: where as ((obj: StripeObject) => boolean) | undefined });
}
