/** The JSON Stripe would send for a simulator object: its private bookkeeping (fields starting with `_`) left out. */
export const publicJson = (value: unknown): string =>
  JSON.stringify(value, (key, v) => (key.startsWith('_') ? undefined : v));
