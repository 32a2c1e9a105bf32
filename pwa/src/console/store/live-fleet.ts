import { createSignal, onCleanup } from 'solid-js';
import type { StoreFleetView } from '../../../../shared/api.ts';
import * as api from '../api.ts';

/** Longest pause between two reconnection attempts. */
const MAX_RETRY_MS = 30_000;
/** The store's object answers "ping" with "pong": traffic that keeps idle proxies from closing the socket. */
const PING_MS = 30_000;

/**
 * One store, live: the worker sends its whole view at once and again at every change, over a WebSocket that
 * reconnects by itself (with growing pauses). Closes with the component that created it.
 */
export function createLiveFleet(locationId: string) {
  const [view, setView] = createSignal<StoreFleetView | null>(null);
  const [connected, setConnected] = createSignal(false);
  let socket: WebSocket | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let stopped = false;

  function connect() {
    socket = new WebSocket(api.liveFleetUrl(locationId));
    socket.addEventListener('open', () => {
      failures = 0;
      setConnected(true);
    });
    socket.addEventListener('message', (event) => {
      if (typeof event.data === 'string' && event.data.startsWith('{')) setView(JSON.parse(event.data) as StoreFleetView);
    });
    socket.addEventListener('close', () => {
      setConnected(false);
      if (!stopped) retry = setTimeout(() => void reconnect(), Math.min(MAX_RETRY_MS, 1000 * 2 ** failures++));
    });
  }

  /** A refused handshake looks like any other close: asking who we are signs the console out if the sign-in ended. */
  async function reconnect() {
    try {
      await api.me();
    } catch {
      // Signed out (the console shows its sign-in) or unreachable (the next attempt will tell).
    }
    if (!stopped) connect();
  }

  const ping = setInterval(() => {
    if (socket?.readyState === WebSocket.OPEN) socket.send('ping');
  }, PING_MS);

  connect();
  onCleanup(() => {
    stopped = true;
    clearTimeout(retry);
    clearInterval(ping);
    socket?.close();
  });

  return { view, connected };
}
