import type { SessionView } from '../../shared/api.ts';
import { sha256Hex } from '../auth/kiosk-token.ts';
import { answerPingsAsleep } from '../live-sockets.ts';

const TICKET_TTL_MS = 30_000;
const TAG = 'live';

/**
 * A checkout's live channel: WebSockets that get the session's view now and at every change, closed once the session
 * is final. Browsers cannot send an Authorization header on a WebSocket, so the kiosk first gets a one-time ticket over
 * its authenticated API; the ticket opens one socket within 30 seconds. Sockets are accepted with the Durable Object
 * Hibernation API: an idle one costs nothing, and the object may sleep while it is open.
 */
export class LiveChannel {
  constructor(private readonly ctx: DurableObjectState) {
    answerPingsAsleep(ctx);
  }

  private tickets(): Record<string, number> {
    return this.ctx.storage.kv.get<Record<string, number>>('liveTickets') ?? {};
  }

  /** A new ticket (only its hash is kept), and when it stops working. */
  async issueTicket(): Promise<{ ticket: string; expiresAt: number }> {
    const ticket = [...crypto.getRandomValues(new Uint8Array(24))].map((b) => b.toString(16).padStart(2, '0')).join('');
    const now = Date.now();
    const live = Object.fromEntries(Object.entries(this.tickets()).filter(([, expiresAt]) => expiresAt > now));
    const expiresAt = now + TICKET_TTL_MS;
    this.ctx.storage.kv.put('liveTickets', { ...live, [await sha256Hex(ticket)]: expiresAt });
    return { ticket, expiresAt };
  }

  /** Uses up a ticket: true once, within its 30 seconds. */
  async redeem(ticket: string): Promise<boolean> {
    const tickets = this.tickets();
    const hash = await sha256Hex(ticket);
    const expiresAt = tickets[hash];
    if (expiresAt === undefined) return false;
    delete tickets[hash];
    this.ctx.storage.kv.put('liveTickets', tickets);
    return expiresAt > Date.now();
  }

  /**
   * The kiosk's token was rotated or the kiosk disabled: tickets it was given no longer open a socket, and open
   * sockets are closed (a kiosk with a new token asks for a new ticket).
   */
  revoke(): void {
    this.ctx.storage.kv.delete('liveTickets');
    for (const socket of this.ctx.getWebSockets(TAG)) {
      try {
        socket.close(1008, 'kiosk credentials changed');
      } catch {
        // Already closing.
      }
    }
  }

  /** Opens a socket: it gets the view at once, and is closed at once if the session already ended. */
  open(view: SessionView, final: boolean): Response {
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [TAG]);
    server.send(JSON.stringify(view));
    if (final) server.close(1000, 'session ended');
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Tells every open socket the new view; a final one is the last message. */
  broadcast(view: SessionView, final: boolean): void {
    const message = JSON.stringify(view);
    for (const socket of this.ctx.getWebSockets(TAG)) {
      try {
        socket.send(message);
        if (final) socket.close(1000, 'session ended');
      } catch {
        // Already closing: the kiosk reconnects or falls back to polling.
      }
    }
  }
}
