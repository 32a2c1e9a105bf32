/** Order numbers: what a paid customer listens for at the counter, short enough to call out. */

/** Numbers run from 1 to this, then start again at 1 (on a very busy day). */
export const LAST_ORDER_NUMBER = 999;

/** The number of a store's next order on a day it already took `taken` orders. */
export const orderNumberAfter = (taken: number): number => (taken % LAST_ORDER_NUMBER) + 1;

/** One formatter per time zone: building one costs far more than using it, and a store's view formats many dates. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The store's date (YYYY-MM-DD) at that moment, in its IANA time zone: numbers restart at the store's midnight. */
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
