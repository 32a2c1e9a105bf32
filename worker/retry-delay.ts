/** The pause after `failures` failed tries in a row: `firstMs` after the first, doubling up to `maxMs`. */
export const doublingDelay = (failures: number, firstMs: number, maxMs: number): number => Math.min(firstMs * 2 ** (failures - 1), maxMs);
