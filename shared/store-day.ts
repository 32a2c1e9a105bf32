/**
 * A store's calendar day: order numbers restart at its midnight, and sales reports count its takings by it. Stores
 * keep their own time zone (an IANA name), so a payment at 00:30 in Seoul is that Seoul day's, not the UTC day before.
 */

/** One formatter per time zone: building one costs far more than using it, and a store's view formats many dates. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The store's date (YYYY-MM-DD) at that moment, in its IANA time zone. */
export function storeDay(at: number, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * The IANA time zone as the runtime names it (`asia/seoul` is `Asia/Seoul`), or null for anything else, offsets such
 * as `+09:00` included (they know no daylight saving time).
 */
export function ianaTimeZone(name: string): string | null {
  try {
    const canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    return /^[A-Za-z]/.test(canonical) ? canonical : null;
  } catch {
    return null;
  }
}
