/**
 * Follows a checkout as the server sees it: through the session's live channel (a WebSocket that sends the session's
 * view at once and at every change), and, while the channel cannot be opened or has dropped, by reading the session
 * (GET /api/sessions/:id) with growing pauses, opening the channel again each time.
 */
import type { SessionView } from '../../../shared/api.ts';
import { isAuthError, liveMessage, NetworkError } from '../api.ts';
import { backoffDelay, wait } from '../timing.ts';

/** The part of a WebSocket the channel uses. */
export type LiveSocket = Pick<WebSocket, 'addEventListener' | 'removeEventListener' | 'send' | 'close' | 'readyState'>;

export interface LiveSessionServer {
  openLiveChannel(sessionId: string): Promise<LiveSocket>;
  getSession(sessionId: string): Promise<SessionView>;
}

export interface FollowOptions {
  server: LiveSessionServer;
  signal: AbortSignal;
  /** Every view seen, in order. */
  seen(view: SessionView): void;
  /** The view the follower stops at. */
  done(view: SessionView): boolean;
  /** The kiosk's network is down: the session goes on at the server, and the follower keeps looking. */
  offline?(): void;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /**
   * Where the socket waits between two follows of one session, after a view `keepOpen` accepts (a decline: the
   * customer tries another card on the same payment), so the next follow needs no second ticket and socket.
   */
  keeper?: KeptChannel;
  keepOpen?(view: SessionView): boolean;
  /** The view the follow starts from: what a kept socket brought before it is not news. */
  after?: SessionView;
}

/** Proxies close sockets that stay silent: a ping keeps it busy, and a ping left unanswered means it is dead. */
const PING_EVERY_MS = 25_000;
const PONG_WITHIN_MS = 10_000;
const OPEN = 1;
/** While the kiosk's network is down: how often it looks whether it is back. */
const OFFLINE_RETRY_MS = 2_000;

/**
 * Resolves with the first view `done` accepts; rejects when the server refuses the kiosk (ApiError) or the signal is
 * aborted (its reason). While the kiosk's network is down it keeps trying, saying so through `offline`.
 */
export async function followSession(sessionId: string, options: FollowOptions): Promise<SessionView> {
  const { server, signal } = options;
  const sleep = options.sleep ?? wait;
  let kept = options.keeper?.take(sessionId) ?? null;
  for (let failures = 0; ; ) {
    const socket = kept?.socket ?? (await openChannel(server, sessionId));
    const news = kept?.latest && (!options.after || kept.latest.updatedAt > options.after.updatedAt) ? kept.latest : null;
    kept = null;
    const { view, heard } = await listen(sessionId, socket, options, news);
    if (view) return view;
    signal.throwIfAborted();
    // The channel is down: read the session instead, then try the channel again after a pause, longer each time
    // the channel could not be opened at all.
    let read: SessionView;
    try {
      read = await server.getSession(sessionId);
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      options.offline?.();
      await sleep(OFFLINE_RETRY_MS, signal);
      continue;
    }
    options.seen(read);
    if (options.done(read)) return read;
    if (heard) failures = 0;
    await sleep(backoffDelay(failures++), signal);
  }
}

/** The channel's socket, or null when its ticket could not be had (a refused kiosk is an error, not a pause). */
async function openChannel(server: LiveSessionServer, sessionId: string): Promise<LiveSocket | null> {
  try {
    return await server.openLiveChannel(sessionId);
  } catch (error) {
    if (isAuthError(error)) throw error;
    return null;
  }
}

/**
 * Hears the socket (first `news`, a view it brought while kept) until a view ends the follow (`view`), or the socket
 * ends first; `heard`: it delivered views.
 */
function listen(
  sessionId: string,
  socket: LiveSocket | null,
  { signal, seen, done, keeper, keepOpen }: FollowOptions,
  news: SessionView | null,
): Promise<{ view: SessionView | null; heard: boolean }> {
  if (!socket || signal.aborted) {
    socket?.close();
    return Promise.resolve({ view: null, heard: false });
  }
  return new Promise((resolve) => {
    let heard = false;
    let over = false;
    let unanswered: ReturnType<typeof setTimeout> | undefined;
    const finish = (view: SessionView | null) => {
      if (over) return;
      over = true;
      clearInterval(pinging);
      clearTimeout(unanswered);
      signal.removeEventListener('abort', aborted);
      globalThis.removeEventListener?.('offline', networkGone);
      if (view && keeper && keepOpen?.(view)) keeper.keep(sessionId, socket);
      else socket.close();
      resolve({ view, heard });
    };
    const aborted = () => finish(null);
    // A socket over a network that went away may stay open until its ping goes unanswered: the browser knows sooner.
    const networkGone = () => finish(null);
    globalThis.addEventListener?.('offline', networkGone, { once: true });
    const pinging = setInterval(() => {
      if (socket.readyState !== OPEN) return;
      socket.send('ping');
      unanswered ??= setTimeout(() => finish(null), PONG_WITHIN_MS);
    }, PING_EVERY_MS);
    signal.addEventListener('abort', aborted, { once: true });
    const hear = (view: SessionView) => {
      heard = true;
      seen(view);
      if (done(view)) finish(view);
    };
    socket.addEventListener('message', (event) => {
      clearTimeout(unanswered);
      unanswered = undefined;
      const view = liveMessage(event.data);
      if (view && !over) hear(view);
    });
    if (news) hear(news);
    // A socket that fails to open fires `error`, then `close`: the first ends the listening.
    socket.addEventListener('close', () => finish(null));
    socket.addEventListener('error', () => finish(null));
  });
}

/**
 * Holds a session's live socket between two follows (a decline, then another card): the next follow takes it over,
 * with the latest view it brought meanwhile, instead of asking for a second ticket and socket. It keeps pinging, and
 * lets go of a socket that closes (the session ended, or the network went).
 */
export class KeptChannel {
  private kept: { sessionId: string; socket: LiveSocket; latest: SessionView | null; release(): void } | null = null;

  keep(sessionId: string, socket: LiveSocket): void {
    this.close();
    const entry = { sessionId, socket, latest: null as SessionView | null, release: () => {} };
    const heard = (event: Event) => {
      const view = liveMessage((event as MessageEvent).data);
      if (view) entry.latest = view;
    };
    const ended = () => {
      if (this.kept === entry) this.kept = null;
      entry.release();
    };
    const pinging = setInterval(() => {
      if (socket.readyState === OPEN) socket.send('ping');
    }, PING_EVERY_MS);
    socket.addEventListener('message', heard);
    socket.addEventListener('close', ended);
    socket.addEventListener('error', ended);
    entry.release = () => {
      clearInterval(pinging);
      socket.removeEventListener('message', heard);
      socket.removeEventListener('close', ended);
      socket.removeEventListener('error', ended);
    };
    this.kept = entry;
  }

  /** The session's kept socket if it is still open, with the latest view it brought; anything else kept is closed. */
  take(sessionId: string): { socket: LiveSocket; latest: SessionView | null } | null {
    const entry = this.kept;
    this.kept = null;
    if (!entry) return null;
    entry.release();
    if (entry.sessionId === sessionId && entry.socket.readyState === OPEN) return { socket: entry.socket, latest: entry.latest };
    entry.socket.close();
    return null;
  }

  close(): void {
    this.take('');
  }
}
