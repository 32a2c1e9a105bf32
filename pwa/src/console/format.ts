/** Amounts, dates and days as operators read and type them. Pure. */
import { formatMoney, isZeroDecimal } from '../../../shared/money.ts';

export { formatMoney };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole units, plain or grouped by three with commas or spaces ("5,000", "12 000"): "5,50" is no amount. */
const WHOLE = String.raw`(?:\d+|\d{1,3}(?:[,\s]\d{3})+)`;
const WHOLE_UNITS = new RegExp(`^${WHOLE}$`);
/** Cents for a currency that has them: "1,234.5", "5.50". */
const WITH_CENTS = new RegExp(String.raw`^${WHOLE}(?:\.\d{1,2})?$`);

/** What an operator typed ("5.50", "5,000") in the currency's smallest unit, or null if it is not an amount. */
export function parseAmount(text: string, currency: string): number | null {
  const decimals = isZeroDecimal(currency) ? 0 : 2;
  if (!(decimals === 0 ? WHOLE_UNITS : WITH_CENTS).test(text.trim())) return null;
  const plain = text.trim().replace(/[,\s]/g, '');
  const [whole = '0', fraction = ''] = plain.split('.');
  return Number(whole) * 10 ** decimals + Number(fraction.padEnd(decimals, '0') || '0');
}

/** An amount in the smallest unit as an operator would type it back: 550 USD -> "5.50", 5000 KRW -> "5000". */
export function amountText(amount: number, currency: string): string {
  return isZeroDecimal(currency) ? String(amount) : (amount / 100).toFixed(2);
}

/** The day `days` after (or before) a YYYY-MM-DD day: calendar arithmetic, done in UTC where every day is 24 hours. */
export const addDays = (day: string, days: number): string => new Date(Date.parse(day) + days * DAY_MS).toISOString().slice(0, 10);

/** Every day from `from` to `to`, both included. */
export function daysFrom(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to && days.length <= 366; day = addDays(day, 1)) days.push(day);
  return days;
}

/** Start and end (excluded) of a local calendar day, for filters typed in the operator's own time zone. */
export function localDayRange(day: string): { from: number; to: number } {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return { from: new Date(year, month - 1, date).getTime(), to: new Date(year, month - 1, date + 1).getTime() };
}

/** A moment with its time zone named, so no one reads it as another zone's: the operator's own, or the one given (IANA). */
export const dateTime = (ms: number, locale: string, timeZone?: string): string =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'long', timeZone }).format(ms);

const sameLocalDay = (a: number, b: number): boolean => new Date(a).toDateString() === new Date(b).toDateString();

/** A moment as operators read it beside today's: its time if it is today, with its date on any other day. */
export const time = (ms: number, locale: string, now = Date.now()): string =>
  new Intl.DateTimeFormat(locale, sameLocalDay(ms, now) ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' }).format(ms);

/** A small price change as an operator would type it in this currency: "0.50" in dollars, "500" in won or yen. */
export const priceChangeExample = (currency: string): string => amountText(isZeroDecimal(currency) ? 500 : 50, currency);
