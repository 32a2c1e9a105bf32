import type { StripeObject } from './store.ts';
import { ObjectStore, randomId } from './store.ts';
import type { WebhookOutbox } from './webhook-outbox.ts';

/** The API version the simulator speaks: the one the pinned `stripe` SDK sends. */
export const SIMULATED_API_VERSION = '2026-10-28.endive';

/** What every simulator route works with: the object store, the simulated clock and the event stream. */
export class SimulatorState {
  constructor(
    readonly store: ObjectStore,
    private readonly outbox: WebhookOutbox,
  ) {}

  /** Seconds since the epoch on the simulated clock (a test can move it forward). */
  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  nowMs(): number {
    return Date.now() + Number(this.store.getSetting('clock_offset_ms') ?? 0);
  }

  advanceClock(seconds: number): void {
    const offset = Number(this.store.getSetting('clock_offset_ms') ?? 0) + seconds * 1000;
    this.store.setSetting('clock_offset_ms', String(offset));
  }

  /** Records an Event for a state change and queues its webhook delivery. */
  emit(type: string, object: StripeObject, previousAttributes?: Record<string, unknown>): StripeObject {
    const event: StripeObject = {
      id: randomId('evt'),
      object: 'event',
      created: this.now(),
      api_version: SIMULATED_API_VERSION,
      context: null,
      data: { object: structuredClone(object), ...(previousAttributes ? { previous_attributes: previousAttributes } : {}) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
    this.store.put(event);
    this.outbox.enqueue(event.id);
    return event;
  }
}
