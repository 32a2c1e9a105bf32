/** The id of a field Stripe answers either as an id or, expanded, as the object itself (`payment_intent`, `location`). */
export const idOf = (value: unknown): string | null =>
  typeof value === 'string' ? value : typeof value === 'object' && value !== null && 'id' in value ? String(value.id) : null;
