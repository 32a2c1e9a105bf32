/** The UTC date (YYYY-MM-DD) this many days from now: a store's days when its kiosks keep UTC, as they do by default. */
export const utcDay = (days = 0, now = Date.now()): string => new Date(now + days * 86_400_000).toISOString().slice(0, 10);
