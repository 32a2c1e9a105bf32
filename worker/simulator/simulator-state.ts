import type { ScheduledChangeKind, ScheduledChanges } from './scheduled-changes.ts';
import type { StripeObject } from './store.ts';
import { ObjectStore, randomId } from './store.ts';
import type { WebhookOutbox } from './webhook-outbox.ts';
import { toWire } from './wire.ts';

/** The API version the simulator speaks: the one the pinned `stripe` SDK sends. */
export const SIMULATED_API_VERSION = '2026-10-28.endive';

/** What every simulator route works with: the object store, the simulated clock and the event stream. */
export class SimulatorState {
  constructor(
    readonly store: ObjectStore,
    private readonly outbox: WebhookOutbox,
    private readonly changes: ScheduledChanges,
  ) {}

  /** Seconds since the epoch on the simulated clock (a test can move it forward). */
  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  nowMs(): number {
    return Date.now() + this.clockOffsetMs();
  }

  /** How far the simulated clock is ahead of the real one. */
  clockOffsetMs(): number {
    return Number(this.store.getSetting('clock_offset_ms') ?? 0);
  }

  advanceClock(seconds: number): void {
    this.store.setSetting('clock_offset_ms', String(this.clockOffsetMs() + seconds * 1000));
  }

  /** Makes a change happen on its own this many simulated seconds from now, as Stripe's asynchronous outcomes do. */
  schedule(kind: ScheduledChangeKind, objectId: string, afterSeconds: number): void {
    this.changes.add(kind, objectId, this.nowMs() + afterSeconds * 1000);
  }

  /** Records an Event for a state change and queues its webhook delivery. */
  emit(type: string, object: StripeObject, previousAttributes?: Record<string, unknown>): StripeObject {
    const event: StripeObject = {
      id: randomId('evt'),
      object: 'event',
      created: this.now(),
      api_version: SIMULATED_API_VERSION,
      // A snapshot as the API returns the object (without the simulator's private fields).
      data: { object: JSON.parse(toWire(object)), ...(previousAttributes ? { previous_attributes: previousAttributes } : {}) },
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
