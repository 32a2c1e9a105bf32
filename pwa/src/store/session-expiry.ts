/**
 * The open session while nobody answers "Are you still there?": the server ends a session without progress at its
 * `expiresAt`. Continue reports progress, which moves it; nobody answering, the kiosk follows the server as it ends it.
 */
import type { SessionView } from '../../../shared/api.ts';
import { isFinal } from '../../../shared/session-status.ts';
import * as api from '../api.ts';
import { progressToReport } from '../flow-decisions.ts';
import { serverNow } from '../server-clock.ts';
import { wait } from '../timing.ts';
import type { Connection } from './connection.ts';
import type { KioskStateSignal } from './kiosk-state.ts';

/** While the server has not ended a session nobody answered for yet: how often the kiosk looks again. */
const EXPIRY_POLL_MS = 3_000;

/**
 * `seen`: the session as the server just showed it. `attempt`: the attempt under way, if any. `ended`: the server ended
 * the session, or it was paid at the last moment: the checkout shows its verdict.
 */
export function createSessionExpiry(
  state: KioskStateSignal['state'],
  connection: Connection,
  session: () => SessionView | null,
  seen: (view: SessionView) => void,
  attempt: () => AbortSignal | undefined,
  ended: (view: SessionView, signal: AbortSignal | undefined) => Promise<void> | void,
) {
  /** "Are you still there?" answered while the session is open: progress moves the session's `expiresAt`. */
  async function stillHere() {
    const view = session();
    if (!view) return;
    const screen = state().screen.name;
    try {
      // After a decline or a reader problem, the kiosk's copy of the session may be from before it: the server's
      // status is the one kept alive (reporting another would move the session).
      const latest = screen === 'declined' || screen === 'reader_problem' ? await api.getSession(view.sessionId) : view;
      const status = progressToReport(latest.status);
      if (!status) return;
      seen(await api.reportProgress(view.sessionId, status));
    } catch (error) {
      // The session ended meanwhile (the server's word follows), or the network is down (the payment's own calls notice).
      if (api.isAuthError(error)) connection.revoked();
    }
  }

  /**
   * Nobody answered while the reader waits: the server ends the session at its `expiresAt`. The kiosk looks until it
   * has (or finds it paid at the last moment), then shows that; an `expiresAt` that moved on re-plans the question.
   */
  async function awaitServerEnd() {
    const view = session();
    if (!view) return;
    const signal = attempt();
    for (;;) {
      let now: SessionView;
      try {
        now = await api.getSession(view.sessionId);
      } catch (error) {
        if (!signal?.aborted) connection.failed(error);
        return;
      }
      if (signal?.aborted || session()?.sessionId !== view.sessionId) return;
      if (isFinal(now.status)) return ended(now, signal);
      seen(now);
      if ((now.expiresAt ?? 0) > serverNow()) return;
      try {
        await wait(EXPIRY_POLL_MS, signal);
      } catch {
        return;
      }
    }
  }

  return { stillHere, awaitServerEnd };
}
