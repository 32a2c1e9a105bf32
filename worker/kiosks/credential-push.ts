import { isFinal } from '../../shared/session-status.ts';
import type { SessionRecord } from '../checkout/session-record.ts';
import { log } from '../log.ts';
import { sessionObject } from '../objects.ts';
import type { KioskAuth } from './kiosk-record.ts';
import type { RecentSessions } from './recent-sessions.ts';

/**
 * A kiosk's object tells its checkouts at once when its token is rotated or it is disabled or enabled, so a checkout
 * checks a kiosk's requests itself, in one hop. It tells those that are open, and those that ended in the last few
 * minutes (the tablet still reads them: its order number, a reload's recovery). Any other checkout asks the kiosk's
 * object on each kiosk request instead of trusting what it was last told: rotate and disable hold on every session.
 */
export const TOLD_AFTER_END_MS = 10 * 60_000;

/** The kiosk's object keeps telling a little longer than a checkout relies on it: the two objects' clocks may differ. */
export const CLOCK_MARGIN_MS = 60_000;

/** Checkouts are remembered this long by their kiosk's object; none stays open anywhere near as long. */
export const SESSION_MEMORY_MS = 24 * 60 * 60 * 1000;

/** When the session first ended (a cancelled session paid anyway moves on to another final status later). */
const endedAt = (record: SessionRecord): number | null =>
  isFinal(record.state.status) ? (record.timeline.find((entry) => isFinal(entry.status))?.at ?? record.createdAt) : null;

/** Whether the kiosk's object still tells this checkout of every change to the kiosk's auth. */
export function hearsKioskChanges(record: SessionRecord, now: number): boolean {
  if (!record.kioskAuth || now - record.createdAt > SESSION_MEMORY_MS - CLOCK_MARGIN_MS) return false;
  const ended = endedAt(record);
  return ended === null || now - ended < TOLD_AFTER_END_MS;
}

/**
 * Tells the kiosk's checkouts that rely on it (open, or ended in the last minutes) its current auth. The others ask
 * the kiosk's object on each kiosk request. Answers whether some could not be told: the alarm retries those.
 */
export async function tellCheckouts(env: Env, sessions: RecentSessions, kioskId: string, auth: KioskAuth): Promise<boolean> {
  const lagging = sessions.lagging(auth.version, Date.now());
  const results = await Promise.allSettled(lagging.map((sessionId) => sessionObject(env, sessionId).kioskChanged(auth)));
  results.forEach((result, i) => {
    const sessionId = lagging[i]!;
    if (result.status === 'fulfilled') {
      sessions.told(sessionId, auth.version);
      if (!result.value.open) sessions.ended(sessionId);
    } else {
      log.error('kiosk_auth_push_failed', { kioskId, sessionId, error: String(result.reason) });
    }
  });
  return results.some((r) => r.status === 'rejected');
}
