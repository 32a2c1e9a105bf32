import type { ListOptions } from './store.ts';
import { invalidParam } from './stripe-error.ts';
import { optionalHash, optionalInteger, optionalString, type Params } from './params.ts';

/** Reads `limit`, `starting_after`, `ending_before` and `created` (a timestamp or a range) the way Stripe does. */
export function listOptions(params: Params): ListOptions {
  const limit = optionalInteger(params, 'limit', 1);
  if (limit !== undefined && limit > 100) throw invalidParam('limit', 'This value must be less than or equal to 100.');
  const options: ListOptions = {
    limit,
    startingAfter: optionalString(params, 'starting_after'),
    endingBefore: optionalString(params, 'ending_before'),
  };
  if (typeof params.created === 'string') {
    const at = optionalInteger(params, 'created');
    options.created = { gte: at, lte: at };
  } else {
    const range = optionalHash(params, 'created');
    if (range) {
      options.created = {
        gt: optionalInteger(range, 'gt'),
        gte: optionalInteger(range, 'gte'),
        lt: optionalInteger(range, 'lt'),
        lte: optionalInteger(range, 'lte'),
      };
    }
  }
  return options;
}
