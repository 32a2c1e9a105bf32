import { publicJson } from './public-json.ts';
import type { ObjectStore, StripeObject } from './stores/object-store.ts';
import { randomId } from './stores/object-store.ts';
import type { ScheduledChangeKind, ScheduledChanges } from './stores/scheduled-changes.ts';
import type { SettingsStore } from './stores/settings-store.ts';
import type { WebhookOutbox } from './stores/webhook-outbox.ts';

/** The API version the simulator speaks: the one the pinned `stripe` SDK sends. */
export const SIMULATED_API_VERSION = '2026-10-28.endive';

/** The API request a change happens in, as Stripe records it on the events it causes; null for Stripe's own later changes. */
export interface RequestOrigin {
  id: string;
  idempotencyKey: string | null;
}

interface Stores {
  store: ObjectStore;
  settings: SettingsStore;
  outbox: WebhookOutbox;
  changes: ScheduledChanges;
}

/** Does this registered webhook endpoint want this event type (`*` for all)? */
const wants = (endpoint: StripeObject, type: string) =>
  endpoint.status === 'enabled' && ((endpoint.enabled_events as string[]).includes('*') || (endpoint.enabled_events as string[]).includes(type));

/** What every simulator route works with: the object store, settings, the simulated clock and the event stream. */
export class SimulatorState {
  readonly store: ObjectStore;
  readonly settings: SettingsStore;

  constructor(
    private readonly stores: Stores,
    private readonly origin: RequestOrigin | null = null,
  ) {
    this.store = stores.store;
    this.settings = stores.settings;
  }

  /** The same state, for the changes one API request makes. */
  forRequest(origin: RequestOrigin): SimulatorState {
    return new SimulatorState(this.stores, origin);
  }

  /** The Dashboard's log of the request this change happens in, as Stripe links it from an error; null outside a request. */
  requestLogUrl(): string | null {
    return this.origin ? `https://dashboard.stripe.com/test/logs/${this.origin.id}?t=${this.now()}` : null;
  }

  /** Seconds since the epoch on the simulated clock (a test can move it forward). */
  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  nowMs(): number {
    return Date.now() + this.clockOffsetMs();
  }

  /** How far the simulated clock is ahead of the real one. */
  clockOffsetMs(): number {
    return this.settings.get<number>('clock_offset_ms') ?? 0;
  }

  advanceClock(seconds: number): void {
    this.settings.set('clock_offset_ms', this.clockOffsetMs() + seconds * 1000);
  }

  /** Makes a change happen on its own this many simulated seconds from now, as Stripe's asynchronous outcomes do. */
  schedule(kind: ScheduledChangeKind, objectId: string, afterSeconds: number): void {
    this.stores.changes.add(kind, objectId, this.nowMs() + afterSeconds * 1000);
  }

  /** An Event as Stripe shows it now: `pending_webhooks` counts the targets it has not yet reached. */
  findEvent(id: string): StripeObject | null {
    const event = this.store.get('event', id);
    return event && { ...event, pending_webhooks: this.stores.outbox.undeliveredTargets(id) };
  }

  /** Records an Event for a change and queues its webhook deliveries. */
  emit(type: string, object: StripeObject): StripeObject {
    return this.record(type, object, undefined);
  }

  /** An `*.updated` event: the only kind that carries `previous_attributes`, the changed fields' former values. */
  emitUpdated(type: `${string}.updated`, object: StripeObject, previousAttributes: Record<string, unknown>): StripeObject {
    return this.record(type, object, previousAttributes);
  }

  private record(type: string, object: StripeObject, previousAttributes: Record<string, unknown> | undefined): StripeObject {
    const endpoints = this.store.all('webhook_endpoint').filter((endpoint) => wants(endpoint, type));
    const targets = ['own', ...endpoints.map((endpoint) => endpoint.id)];
    const event: StripeObject = {
      id: randomId('evt'),
      object: 'event',
      api_version: SIMULATED_API_VERSION,
      created: this.now(),
      // A snapshot as the API returns the object (without the simulator's private fields).
      data: { object: JSON.parse(publicJson(object)), ...(previousAttributes ? { previous_attributes: previousAttributes } : {}) },
      livemode: false,
      pending_webhooks: targets.length,
      request: { id: this.origin?.id ?? null, idempotency_key: this.origin?.idempotencyKey ?? null },
      type,
    };
    this.store.put(event);
    this.stores.outbox.enqueue(event.id, targets);
    return event;
  }
}
