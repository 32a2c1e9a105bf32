import type { ChangeCause } from '../../shared/api.ts';
import { storeDay } from '../../shared/store-day.ts';
import { transition, type SessionEvent } from '../../shared/transition.ts';
import { sessionTimeoutMs } from '../config.ts';
import type { SessionNotice } from '../durable-objects/store-fleet.ts';
import { LedgerOutbox } from '../ledger/outbox.ts';
import { log } from '../log.ts';
import { storeFleetObject } from '../objects.ts';
import { doublingDelay } from '../retry-delay.ts';
import { nextAlarmAt } from './alarm-plan.ts';
import { LiveChannel } from './live-channel.ts';
import { ledgerEntriesOf } from './session-ledger.ts';
import { awaitsOrderNumber, refundedAmount, settledForKiosk, viewOf, type SessionRecord } from './session-record.ts';

/** Ledger rows wait this long, so the quick steps of one payment reach D1 as one write. */
export const LEDGER_FLUSH_DELAY_MS = 1_000;
/** While D1 refuses the ledger's rows: try again after 2 s, doubling up to a minute. */
const LEDGER_FIRST_RETRY_MS = 2_000;
const LEDGER_MAX_RETRY_MS = 60_000;
/**
 * After Stripe failed an expiry, cancel or refund (or the kiosk's object could not be told the session ended): try
 * again after 2 s, doubling up to 5 minutes.
 */
const CLEANUP_FIRST_RETRY_MS = 2_000;
const CLEANUP_MAX_RETRY_MS = 5 * 60_000;
const cleanupRetryDelay = (failures: number) => doublingDelay(failures, CLEANUP_FIRST_RETRY_MS, CLEANUP_MAX_RETRY_MS);
/** The timeline keeps the newest entries; a session changes status a handful of times. */
const TIMELINE_LIMIT = 100;

/**
 * A checkout's storage and everything that follows a change: the record, its ledger rows (saved in the same
 * transaction, written to D1 by the alarm), the live channel's broadcast, the timeline of status changes, and the one
 * alarm re-planned for what is now due.
 */
export class SessionStore {
  /** `oneLiveMessage` calls under way, and whether a save happened meanwhile that the channel has not heard of. */
  private liveHeld = 0;
  private liveOwed = false;
  readonly live: LiveChannel;
  private readonly ledger: LedgerOutbox;
  /** When the pending ledger rows are due in D1 (unset while there are none), and how often D1 refused them. */
  private ledgerDueAt: number | undefined;
  private ledgerFailures = 0;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
  ) {
    this.ledger = new LedgerOutbox(ctx.storage.sql, env.DB);
    this.live = new LiveChannel(ctx);
  }

  load(): SessionRecord | undefined {
    const record = this.ctx.storage.kv.get<SessionRecord>('session');
    if (!record) return undefined;
    // Sessions opened by earlier versions lack what was added since: the defaults they ran with.
    return {
      ...record,
      locationId: record.locationId ?? '',
      timeoutMs: record.timeoutMs ?? sessionTimeoutMs(this.env),
      refunds: record.refunds ?? [],
      reader: record.reader ?? null,
      serviceMode: record.serviceMode ?? null,
      timeZone: record.timeZone ?? 'UTC',
      timeline: record.timeline ?? [],
      revision: record.revision ?? 0,
      items: record.items.map((line) => ({ ...line, names: line.names ?? { en: line.name }, options: line.options ?? [] })),
    };
  }

  /** Saves a change operators and the kiosk can see: ledger snapshot, broadcast, alarm. */
  save(record: SessionRecord): SessionRecord {
    const saved = { ...record, updatedAt: Date.now(), revision: record.revision + 1 };
    this.ctx.storage.kv.put('session', saved);
    this.ledger.put(...ledgerEntriesOf(saved));
    // The store's live fleet hears the latest, with the ledger's rows (the same transaction, the same alarm).
    this.ctx.storage.kv.put('storeNotice', noticeOf(saved));
    this.ledgerDueAt ??= Date.now() + LEDGER_FLUSH_DELAY_MS;
    this.armAlarm(saved);
    if (this.liveHeld > 0) this.liveOwed = true;
    else this.live.broadcast(viewOf(saved), settledForKiosk(saved));
    return saved;
  }

  /**
   * Runs `work`, telling the live channel only where it ends: a payment and its order number reach the kiosk in one
   * message, not the success first and the number a moment later (which would cost the kiosk a socket it had closed).
   */
  async oneLiveMessage(work: () => Promise<void>): Promise<void> {
    this.liveHeld++;
    try {
      await work();
    } finally {
      if (--this.liveHeld === 0 && this.liveOwed) {
        this.liveOwed = false;
        const latest = this.load();
        if (latest) this.live.broadcast(viewOf(latest), settledForKiosk(latest));
      }
    }
  }

  /** Saves what only this object needs (nothing operators see changed): no ledger snapshot, no broadcast. */
  saveQuietly(record: SessionRecord): SessionRecord {
    this.ctx.storage.kv.put('session', record);
    this.armAlarm(record);
    return record;
  }

  /**
   * Applies an event through the pure `transition` and saves it with `extra`, recording when and why in the timeline.
   * An event that does not apply (or changes nothing) leaves the record as it is.
   */
  change(record: SessionRecord, event: SessionEvent, cause: ChangeCause, extra: Partial<SessionRecord> = {}): SessionRecord {
    const result = transition(record.state, event);
    if (!result.ok || !result.changed) return record;
    const fields = { sessionId: record.sessionId, kioskId: record.kioskId, from: record.state.status, to: result.state.status, by: cause.by };
    if (result.state.status === 'requires_attention') log.error('session_needs_operator', { ...fields, reason: result.state.attentionReason });
    else log.info('session_status', fields);
    const timeline = [...record.timeline, { at: Date.now(), status: result.state.status, ...cause }].slice(-TIMELINE_LIMIT);
    // A declined card is the customer at work: the session gives them its whole timeout from then to try another.
    const progress = result.state.status === 'failed' ? { lastProgressAt: Date.now() } : {};
    return this.save({ ...record, ...progress, ...extra, state: result.state, timeline });
  }

  /** Stripe failed work the session still owes: the alarm tries again later, backing off while Stripe keeps failing. */
  scheduleCleanup(): void {
    const record = this.load();
    if (!record) return;
    const failures = (record.cleanupFailures ?? 0) + 1;
    this.saveQuietly({ ...record, cleanupAt: Date.now() + cleanupRetryDelay(failures), cleanupFailures: failures });
  }

  /** The kiosk's object could not be told the session ended: the alarm tells it again later, backing off meanwhile. */
  scheduleKioskNotice(): void {
    const record = this.load();
    if (!record) return;
    const failures = (record.kioskNoticeFailures ?? 0) + 1;
    this.saveQuietly({ ...record, kioskNoticeAt: Date.now() + cleanupRetryDelay(failures), kioskNoticeFailures: failures });
  }

  /** Nothing is owed at Stripe any more: the alarm stops trying. */
  cleanupDone(): void {
    const record = this.load();
    if (record && record.cleanupAt !== undefined) this.saveQuietly({ ...record, cleanupAt: undefined, cleanupFailures: 0 });
  }

  armAlarm(record: SessionRecord): void {
    // A restarted object (every deploy restarts them) no longer knows when its unwritten rows were due: they are due.
    this.ledgerDueAt ??= this.hasUnwritten() ? Date.now() + LEDGER_FLUSH_DELAY_MS : undefined;
    const at = nextAlarmAt(record, { ledgerDueAt: this.ledgerDueAt }, Date.now(), LEDGER_FLUSH_DELAY_MS);
    if (at === null) void this.ctx.storage.deleteAlarm();
    else void this.ctx.storage.setAlarm(at);
  }

  /**
   * A paid session's order number, from its store's object (one per Terminal Location, which counts the store's orders
   * per day and answers a retry with the same number). Throws while the store cannot be reached.
   */
  async assignOrderNumber(): Promise<void> {
    const record = this.load();
    if (!record || !awaitsOrderNumber(record)) return;
    const day = storeDay(record.paidAt ?? Date.now(), record.timeZone);
    const orderNumber = await storeFleetObject(this.env, record.locationId).orderNumberFor(record.sessionId, day);
    const latest = this.load()!;
    if (awaitsOrderNumber(latest)) this.save({ ...latest, orderNumber });
    log.info('order_number_given', { sessionId: record.sessionId, kioskId: record.kioskId, day, orderNumber });
  }

  /**
   * Gives a paid session its order number if it still needs one, writes pending ledger rows to D1 and tells the store;
   * while any of it fails, tries again later with backoff.
   */
  async flushLedger(): Promise<void> {
    try {
      await this.assignOrderNumber();
      await this.tellStore();
      await this.ledger.flush();
      this.ledgerFailures = 0;
      this.ledgerDueAt = this.hasUnwritten() ? Date.now() + LEDGER_FLUSH_DELAY_MS : undefined;
    } catch (err) {
      this.ledgerFailures++;
      log.error('ledger_write_failed', { sessionId: this.load()?.sessionId, kioskId: this.load()?.kioskId, failures: this.ledgerFailures, error: String(err) });
      this.ledgerDueAt = Date.now() + doublingDelay(this.ledgerFailures, LEDGER_FIRST_RETRY_MS, LEDGER_MAX_RETRY_MS);
    }
  }

  /** Ledger rows, or the store's notice, saved but not yet delivered. */
  private hasUnwritten(): boolean {
    return this.ledger.hasPending() || this.ctx.storage.kv.get('storeNotice') !== undefined;
  }

  /** Tells the session's store (its live fleet) the latest; kept until the store has it. */
  private async tellStore(): Promise<void> {
    const notice = this.ctx.storage.kv.get<SessionNotice>('storeNotice');
    const record = this.load();
    if (!notice || !record?.locationId) return;
    await storeFleetObject(this.env, record.locationId).sessionChanged(record.locationId, notice);
    if (this.ctx.storage.kv.get<SessionNotice>('storeNotice')?.revision === notice.revision) this.ctx.storage.kv.delete('storeNotice');
  }
}

const noticeOf = (record: SessionRecord): SessionNotice => ({
  sessionId: record.sessionId,
  kioskId: record.kioskId,
  status: record.state.status,
  amount: record.amount,
  tip: record.tip ?? 0,
  refunded: refundedAmount(record),
  currency: record.currency,
  createdAt: record.createdAt,
  paidAt: record.paidAt ?? null,
  orderNumber: record.orderNumber ?? null,
  timeZone: record.timeZone,
  handled: record.handledAt !== undefined,
  revision: record.revision,
});
