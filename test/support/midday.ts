/**
 * A time zone where it is now around midday (12:00 to 12:59): a store or an operator keeping it has a day that lasts
 * some 11 hours more, so a test of "today" reads the same day from its first step to its last, whenever CI runs it.
 */
export function middayTimeZone(now = Date.now()): string {
  const hoursAhead = 12 - new Date(now).getUTCHours();
  // The Etc/GMT names count the other way: Etc/GMT-12 is 12 hours ahead of UTC.
  return hoursAhead === 0 ? 'Etc/GMT' : `Etc/GMT${hoursAhead > 0 ? '-' : '+'}${Math.abs(hoursAhead)}`;
}
