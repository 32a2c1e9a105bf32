/** Order numbers: what a paid customer listens for at the counter, short enough to call out. */

/** Numbers run from 1 to this, then start again at 1 (on a very busy day). */
export const LAST_ORDER_NUMBER = 999;

/** The number of a store's next order on a day it already took `taken` orders. */
export const orderNumberAfter = (taken: number): number => (taken % LAST_ORDER_NUMBER) + 1;
