import { resourceMissing } from '../http/stripe-error.ts';
import type { SimulatorState } from '../simulator-state.ts';
import type { StripeObject } from '../stores/object-store.ts';

export interface Location extends StripeObject {
  object: 'terminal.location';
  address: { country: string } & Record<string, string | null>;
  configuration_overrides: string | null;
  phone?: string;
}

export function findLocation(sim: SimulatorState, id: string, param = 'location'): Location {
  const location = sim.store.get<Location>('terminal.location', id);
  if (!location) throw resourceMissing(param, 'terminal.location', id);
  return location;
}
