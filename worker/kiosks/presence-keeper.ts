import { log } from '../log.ts';
import { storeFleetObject } from '../objects.ts';
import type { KioskRecord } from './kiosk-record.ts';
import { NEVER_SEEN, presenceDueAt, readerReplaced, readerReported, sameNotice, seenAt, storeNoticeOf, wentQuiet, type Presence, type ReaderStatus } from './presence.ts';

/**
 * Keeps a kiosk's presence in its object's storage and tells its store's fleet object what changed, one notice at a
 * time: what `presence.ts` decides, saved and sent. Owned by the kiosk's object (`durable-objects/kiosk.ts`), whose one
 * alarm also serves the store when it is behind and notices when the kiosk went quiet.
 */
export class PresenceKeeper {
  /** The store's notices, one after another (see `tellStore`). */
  private storeTelling: Promise<boolean> = Promise.resolve(true);

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly env: Env,
    private readonly kiosk: () => KioskRecord | undefined,
    /** How long to wait before telling the store again, if telling it now fails (the kiosk's object backs off). */
    private readonly retryMs: () => number,
  ) {}

  private current(): Presence {
    return this.storage.kv.get<Presence>('presence') ?? NEVER_SEEN;
  }

  private save(presence: Presence): void {
    this.storage.kv.put('presence', presence);
  }

  /** The kiosk changed in a way its store shows: the store is owed a notice. */
  kioskChanged(): void {
    this.save({ ...this.current(), storeBehind: true });
  }

  /** The kiosk's reader was replaced or removed (`status`: the new one's, if known). */
  readerReplaced(status: ReaderStatus | null): void {
    this.save(readerReplaced(this.current(), status));
  }

  /**
   * The kiosk made a request: it is online. What changed for its store goes out beside the request, not in its way
   * (the alarm tells the store if this cannot).
   */
  async seen(): Promise<void> {
    const { next, changed } = seenAt(this.current(), Date.now());
    if (!next) return;
    this.save(next);
    await this.armAlarm();
    if (changed) void this.tellStore();
  }

  /** What the tablet or a checkout learned about the kiosk's reader. */
  async readerSeen(status: ReaderStatus): Promise<void> {
    const next = readerReported(this.current(), status);
    if (!next) return;
    this.save(next);
    await this.tellStore();
  }

  /** The alarm's check: a kiosk not seen for too long is offline. */
  noticeQuiet(): void {
    const presence = this.current();
    const quiet = wentQuiet(presence, Date.now());
    if (quiet) {
      log.warn('kiosk_offline', { kioskId: this.kiosk()!.id, lastSeenAt: presence.lastSeenAt });
      this.save(quiet);
    }
  }

  /**
   * Sends the store the kiosk as operators watch it, one notice at a time, each with the latest; the alarm tries again
   * if the store cannot be reached. Answers false when it could not be.
   */
  tellStore(): Promise<boolean> {
    this.storeTelling = this.storeTelling
      .then(() => this.sendStoreNotice())
      .catch((err) => {
        log.warn('store_not_told', { kioskId: this.kiosk()?.id, error: String(err) });
        return false;
      });
    return this.storeTelling;
  }

  private async sendStoreNotice(): Promise<boolean> {
    const kiosk = this.kiosk();
    const presence = this.current();
    if (!kiosk || !presence.storeBehind) return true;
    const revision = presence.revision + 1;
    const notice = storeNoticeOf(kiosk, presence);
    try {
      await storeFleetObject(this.env, kiosk.locationId).kioskChanged(kiosk.locationId, { ...notice, revision });
      // What changed while the notice was on its way is still owed to the store: the next notice carries it.
      const now = this.current();
      const unchanged = sameNotice(storeNoticeOf(this.kiosk()!, now), notice);
      this.save({ ...now, revision, storeBehind: !unchanged });
      if (!unchanged) await this.storage.setAlarm(Date.now());
      return true;
    } catch (err) {
      log.warn('store_not_told', { kioskId: kiosk.id, error: String(err) });
      this.save({ ...this.current(), revision });
      await this.storage.setAlarm(Date.now() + this.retryMs());
      return false;
    }
  }

  /**
   * Arms the kiosk's one alarm for what presence has due (the store when it is behind, the check that the kiosk went
   * quiet). The same alarm serves ledger rows and checkouts to tell of a token change: one already due sooner stays.
   */
  async armAlarm(): Promise<void> {
    const at = presenceDueAt(this.current(), Date.now(), this.retryMs());
    if (at === null) return;
    const current = await this.storage.getAlarm();
    if (current === null || current > at) await this.storage.setAlarm(at);
  }
}
