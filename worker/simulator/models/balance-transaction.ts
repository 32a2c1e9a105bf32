import type { SimulatorState } from '../simulator-state.ts';
import { randomId } from '../stores/object-store.ts';

/**
 * Records money moving in the account's balance, as Stripe does for a captured charge, a refund or a failed refund.
 * Fees are not modelled (zero): the simulator has no pricing.
 */
export function recordBalanceTransaction(
  sim: SimulatorState,
  input: { amount: number; currency: string; source: string; type: 'charge' | 'refund' | 'refund_failure' },
): string {
  const id = randomId('txn');
  const created = sim.now();
  sim.store.put({
    id,
    object: 'balance_transaction',
    amount: input.amount,
    available_on: created + 2 * 24 * 3600,
    balance_type: 'payments',
    created,
    currency: input.currency,
    description: null,
    exchange_rate: null,
    fee: 0,
    fee_details: [],
    net: input.amount,
    reporting_category: input.type === 'charge' ? 'charge' : input.type === 'refund' ? 'refund' : 'refund_failure',
    source: input.source,
    status: 'pending',
    type: input.type === 'refund_failure' ? 'refund_failure' : input.type,
  });
  return id;
}
