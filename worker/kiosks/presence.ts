/**
 * Whether a kiosk is up, as its store's live fleet shows it: pure decisions about the kiosk's presence, kept apart
 * from what saves them and tells the store (`presence-keeper.ts`).
 */
import { isFailure, type Failure } from '../errors.ts';

/** A running kiosk checks in every 30 seconds: one not seen for this long is offline. */
export const OFFLINE_AFTER_MS = 75_000;
/** Last seen is written at most this often: its precision is enough to tell offline from online. */
const LAST_SEEN_WRITE_MS = 15_000;

export type ReaderStatus = 'online' | 'offline';

export interface Presence {
  online: boolean;
  lastSeenAt: number | null;
  readerStatus: ReaderStatus | null;
  /** Its store has not heard the latest of it yet (the alarm tries again). */
  storeBehind: boolean;
  /** Orders the store's notices: a late one never overwrites a newer one. */
  revision: number;
}

export const NEVER_SEEN: Presence = { online: false, lastSeenAt: null, readerStatus: null, storeBehind: false, revision: 0 };

/**
 * The kiosk made a request. Coming online is news for the store (`changed`); being seen again is only written down
 * now and then (`next` is null when nothing needs saving).
 */
export function seenAt(presence: Presence, now: number): { next: Presence | null; changed: boolean } {
  const changed = !presence.online;
  if (!changed && presence.lastSeenAt !== null && now - presence.lastSeenAt < LAST_SEEN_WRITE_MS) return { next: null, changed };
  return { next: { ...presence, online: true, lastSeenAt: now, storeBehind: presence.storeBehind || changed }, changed };
}

/** The tablet or a checkout learned the reader's status: news for the store if it changed, else null. */
export function readerReported(presence: Presence, status: ReaderStatus): Presence | null {
  return presence.readerStatus === status ? null : { ...presence, readerStatus: status, storeBehind: true };
}

/**
 * What a server-driven order's opening says of the reader: online if it took the payment (or is busy with another,
 * which is as much a sign of life), offline if Stripe says so, nothing otherwise.
 */
export const readerStatusOfOpening = (opened: { ok: true } | Failure): ReaderStatus | null => {
  if (!isFailure(opened) || opened.code === 'reader_busy') return 'online';
  return opened.code === 'reader_offline' ? 'offline' : null;
};

/** The kiosk's reader was replaced or removed: the old reader's status is not the new one's (null: not known yet, or none). */
export const readerReplaced = (presence: Presence, status: ReaderStatus | null): Presence => ({ ...presence, readerStatus: status, storeBehind: true });

/** The kiosk went quiet for too long: offline, news for the store. Null while it is not (or is already offline). */
export function wentQuiet(presence: Presence, now: number): Presence | null {
  if (!presence.online || presence.lastSeenAt === null || now - presence.lastSeenAt < OFFLINE_AFTER_MS) return null;
  return { ...presence, online: false, storeBehind: true };
}

/** When the kiosk's presence needs the alarm: to notice it went quiet, or to tell a store that is behind. */
export function presenceDueAt(presence: Presence, now: number, retryMs: number): number | null {
  const due: number[] = [];
  if (presence.online && presence.lastSeenAt !== null) due.push(presence.lastSeenAt + OFFLINE_AFTER_MS);
  if (presence.storeBehind) due.push(now + retryMs);
  return due.length === 0 ? null : Math.min(...due);
}

/** The kiosk as its store's live fleet shows it (without the revision that orders the notices). */
export const storeNoticeOf = (kiosk: { id: string; name: string; disabled: boolean; readerId: string | null }, presence: Presence) => ({
  kioskId: kiosk.id,
  name: kiosk.name,
  online: presence.online,
  lastSeenAt: presence.lastSeenAt,
  disabled: kiosk.disabled,
  readerId: kiosk.readerId,
  readerStatus: presence.readerStatus,
});

/** Whether two notices tell the store the same (a change made while one was on its way makes them differ). */
export const sameNotice = (a: ReturnType<typeof storeNoticeOf>, b: ReturnType<typeof storeNoticeOf>): boolean =>
  JSON.stringify(a) === JSON.stringify(b);
