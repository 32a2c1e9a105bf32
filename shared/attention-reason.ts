import { PAID_AFTER_CANCELLATION } from './transition.ts';

/**
 * Why a session needs an operator. The worker records it as a short text (`attentionReason`, kept in sessions and
 * ledgers since before this module); it is written and read here only, so the console can say it in plain words.
 */
export type AttentionCause =
  | { kind: 'paid_after_cancellation' }
  /** The card was charged (or captured) `charged` for an order of `ordered`. */
  | { kind: 'amount'; charged: number; ordered: number }
  | { kind: 'currency'; charged: string; ordered: string }
  | { kind: 'mismatch' };

export const amountMismatch = (charged: number, ordered: number, tip: number): string =>
  `amount ${charged} != ${ordered}${tip ? ` + tip ${tip}` : ''}`;

/** Captured for less than its amount (switched to manual capture at Stripe, then partly captured). */
export const receivedMismatch = (received: number, amount: number): string => `amount received ${received} != ${amount}`;

export const currencyMismatch = (charged: string, ordered: string): string => `currency ${charged} != ${ordered}`;

export function attentionCause(reason: string): AttentionCause {
  if (reason === PAID_AFTER_CANCELLATION) return { kind: 'paid_after_cancellation' };
  const amount = /^amount (?:received )?(\d+) != (\d+)(?: \+ tip (\d+))?$/.exec(reason);
  if (amount) return { kind: 'amount', charged: Number(amount[1]), ordered: Number(amount[2]) + Number(amount[3] ?? 0) };
  const currency = /^currency (\w+) != (\w+)$/.exec(reason);
  if (currency) return { kind: 'currency', charged: currency[1]!, ordered: currency[2]! };
  return { kind: 'mismatch' };
}
