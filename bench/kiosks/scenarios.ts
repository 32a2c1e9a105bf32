/** The customers a simulated kiosk sees, and what each cart attempt led to. */
import { DESIGN_TEST_CARDS } from '../../shared/test-cards.ts';
import type { LatencyRecorder } from '../latency.ts';

export interface KioskCredentials {
  kioskId: string;
  token: string;
}

export type ReaderMode = 'js-sdk' | 'server-driven';

export type Scenario = 'success' | 'decline_then_retry' | 'cancel' | 'abandon_after_charge' | 'abandon_before_card';

/** The mix of customers a kiosk sees: mostly payments, a fifth declined first, the rest cancelling or walking away. */
export const SCENARIO_WEIGHTS: Readonly<Record<Scenario, number>> = {
  success: 0.5,
  decline_then_retry: 0.2,
  cancel: 0.1,
  abandon_after_charge: 0.1,
  abandon_before_card: 0.1,
};

export function pickScenario(): Scenario {
  let left = Math.random();
  for (const [scenario, weight] of Object.entries(SCENARIO_WEIGHTS) as [Scenario, number][]) {
    if (left < weight) return scenario;
    left -= weight;
  }
  return 'success';
}

/** What one cart attempt (one Idempotency-Key) led to, as the kiosk saw it: the invariants compare it with the server. */
export interface CartAttempt {
  kioskId: string;
  readerMode: ReaderMode;
  scenario: Scenario;
  idempotencyKey: string;
  /** Every session and PaymentIntent id the create call answered with, retries included (one of each, or a bug). */
  sessionIds: string[];
  paymentIntentIds: string[];
  /** The final session state the customer was told or can be sure of; null when faults left it unknown. */
  expected: 'success' | 'cancelled' | null;
  /** How it ended at the kiosk. */
  outcome: 'paid' | 'cancelled' | 'abandoned' | 'gave_up';
  /** Requests the kiosk itself sent for it (the customer's card, presented through the developer panel, not counted). */
  kioskRequests: number;
  /** WebSockets the kiosk opened for it (server-driven mode's live channel). */
  kioskSockets: number;
  /** For a customer who walked away after being charged: when, to tell a webhook settlement from the alarm's. */
  abandonedAt?: number;
  startedAt: number;
  endedAt: number;
}

export interface KioskOptions {
  baseUrl: string;
  recorder: LatencyRecorder;
  /** How long a customer takes to tap the card or press cancel: [min, max] ms. Zero in capacity runs. */
  customerPauseMs: readonly [number, number];
  /** Share of cart attempts whose create is sent twice with the same key, as after a lost response. */
  repeatCreateRate?: number;
}

/** The design's ten cards: five that pay in any country, five declines. */
export const SUCCESS_CARDS = DESIGN_TEST_CARDS.filter((card) => !card.declineCode).map((card) => card.number);
export const DECLINE_CARDS = DESIGN_TEST_CARDS.filter((card) => card.declineCode).map((card) => card.number);

let declinesPresented = 0;
/**
 * The card a declined customer presents first: every decline code in turn across the whole fleet, since in a fleet run
 * most kiosks see one declined customer or none (a count per kiosk would present the first code every time).
 */
export const nextDeclineCard = (): string => DECLINE_CARDS[declinesPresented++ % DECLINE_CARDS.length]!;

const MENU = ['americano', 'latte', 'green-tea', 'croissant', 'bagel', 'orange-juice'];

export const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

export function randomCart(): { id: string; quantity: number }[] {
  const lines = 1 + Math.floor(Math.random() * 3);
  const ids = [...MENU].sort(() => Math.random() - 0.5).slice(0, lines);
  return ids.map((id) => ({ id, quantity: 1 + Math.floor(Math.random() * 2) }));
}

/** A kiosk the load drives: one customer at a time. */
export interface SimulatedKiosk {
  pay(scenario: Scenario): Promise<CartAttempt>;
}
