import { DurableObject } from 'cloudflare:workers';
import type { FleetKiosk, StoreFleetView } from '../../shared/api.ts';
import type { SessionStatus } from '../../shared/session-status.ts';
import { storeDay } from '../../shared/store-day.ts';
import { orderNumberAfter } from '../checkout/order-number.ts';
import { answerClose, answerPingsAsleep } from '../live-sockets.ts';

/** What a kiosk's object tells its store when something operators watch changes. */
export interface KioskNotice {
  kioskId: string;
  name: string;
  online: boolean;
  lastSeenAt: number | null;
  disabled: boolean;
  readerId: string | null;
  readerStatus: 'online' | 'offline' | null;
  /** Grows with every notice of this kiosk: an older one arriving late changes nothing. */
  revision: number;
}

/** What a checkout's object tells its store at every status change. */
export interface SessionNotice {
  sessionId: string;
  kioskId: string;
  status: SessionStatus;
  amount: number;
  tip: number;
  refunded: number;
  currency: string;
  createdAt: number;
  paidAt: number | null;
  orderNumber: number | null;
  /** The store's IANA time zone, which says when its day (and its takings) begin; notices of earlier versions: UTC. */
  timeZone?: string;
  /** A session that needs an operator and has had one (it is no longer flagged). */
  handled?: boolean;
  revision: number;
}

interface KioskRow extends Record<string, SqlStorageValue> {
  kiosk_id: string;
  notice: string;
  revision: number;
}

interface SessionRow extends Record<string, SqlStorageValue> {
  session_id: string;
  kiosk_id: string;
  notice: string;
  revision: number;
  created_at: number;
}

const TAG = 'console';
/** The close code a console's socket gets when its sign-in ends (4000-4999: the application's own). */
export const SIGNED_OUT = 4001;

interface SocketAttachment {
  expiresAt: number;
}

/** The worker names the console sign-in that opens a socket in these headers (it sets or removes them itself). */
export const SIGN_IN_HEADER = 'X-Console-Sign-In';
export const SIGN_IN_EXPIRY_HEADER = 'X-Console-Sign-In-Expires';

/** The console sign-in that opened the socket (none for Access and the admin token: they have no logout). */
function consoleSignInOf(request: Request): { id: string; expiresAt: number } | null {
  const id = request.headers.get(SIGN_IN_HEADER);
  const expiresAt = Number(request.headers.get(SIGN_IN_EXPIRY_HEADER));
  return id && Number.isFinite(expiresAt) && expiresAt > 0 ? { id, expiresAt } : null;
}
/** Sessions older than this are no kiosk's current one, and no longer in today's takings: forgotten. */
const KEEP_SESSIONS_MS = 2 * 24 * 60 * 60 * 1000;
/** Order numbers are kept past any store's day (time zones run from UTC-12 to UTC+14), for retries to find them. */
const KEEP_ORDER_NUMBERS_MS = 3 * 24 * 60 * 60 * 1000;

/** Long enough back to hold the start of "today" in any time zone (UTC-12 to UTC+14). */
const LONGEST_DAY_BACK_MS = 50 * 60 * 60 * 1000;

/**
 * One store (a Stripe Terminal Location) as operators watch it live: its kiosks, whether each is online, its reader,
 * its current session and today's takings. Kiosk and checkout objects send it only changes (a status change, a kiosk
 * going offline), never a kiosk's every request; consoles follow it over WebSockets accepted with the Hibernation API,
 * so a console left open costs nothing while the store is quiet.
 */
export class StoreFleet extends DurableObject<Env> {
  private ready = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    answerPingsAsleep(ctx);
  }

  private sql(): SqlStorage {
    if (!this.ready) {
      this.ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS kiosks (kiosk_id TEXT PRIMARY KEY, notice TEXT NOT NULL, revision INTEGER NOT NULL)`);
      this.ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS sessions (
        session_id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, notice TEXT NOT NULL, revision INTEGER NOT NULL, created_at INTEGER NOT NULL)`);
      this.ctx.storage.sql.exec('CREATE INDEX IF NOT EXISTS sessions_by_kiosk ON sessions (kiosk_id, created_at)');
      this.ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS order_numbers (
        session_id TEXT PRIMARY KEY, day TEXT NOT NULL, number INTEGER NOT NULL, given_at INTEGER NOT NULL)`);
      this.ctx.storage.sql.exec('CREATE INDEX IF NOT EXISTS order_numbers_by_day ON order_numbers (day)');
      this.ctx.storage.sql.exec('CREATE INDEX IF NOT EXISTS order_numbers_by_age ON order_numbers (given_at)');
      this.ready = true;
    }
    return this.ctx.storage.sql;
  }

  kioskChanged(locationId: string, notice: KioskNotice): void {
    const written = this.sql().exec(
      `INSERT INTO kiosks (kiosk_id, notice, revision) VALUES (?, ?, ?)
       ON CONFLICT (kiosk_id) DO UPDATE SET notice = excluded.notice, revision = excluded.revision WHERE excluded.revision > kiosks.revision`,
      notice.kioskId,
      JSON.stringify(notice),
      notice.revision,
    ).rowsWritten;
    if (written > 0) this.broadcast(locationId);
  }

  sessionChanged(locationId: string, notice: SessionNotice): void {
    const written = this.sql().exec(
      `INSERT INTO sessions (session_id, kiosk_id, notice, revision, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (session_id) DO UPDATE SET notice = excluded.notice, revision = excluded.revision WHERE excluded.revision > sessions.revision`,
      notice.sessionId,
      notice.kioskId,
      JSON.stringify(notice),
      notice.revision,
      notice.createdAt,
    ).rowsWritten;
    this.sql().exec('DELETE FROM sessions WHERE created_at < ?', Date.now() - KEEP_SESSIONS_MS);
    if (written > 0) this.broadcast(locationId);
  }

  /**
   * The order number of a session paid at this store on `day` (the store's date): the day's orders count 1, 2, ...
   * up to 999, then 1 again. Asked again for the same session (a retry), it answers the same number. No await
   * between reading and writing: two sessions asking at once get two numbers.
   */
  orderNumberFor(sessionId: string, day: string): number {
    const sql = this.sql();
    const given = sql.exec<{ number: number }>('SELECT number FROM order_numbers WHERE session_id = ?', sessionId).toArray()[0];
    if (given) return given.number;
    const taken = sql.exec<{ taken: number }>('SELECT COUNT(*) AS taken FROM order_numbers WHERE day = ?', day).one().taken;
    const number = orderNumberAfter(taken);
    const now = Date.now();
    sql.exec('INSERT INTO order_numbers (session_id, day, number, given_at) VALUES (?, ?, ?, ?)', sessionId, day, number, now);
    sql.exec('DELETE FROM order_numbers WHERE given_at < ?', now - KEEP_ORDER_NUMBERS_MS);
    return number;
  }

  /**
   * The store as a console shows it now: each kiosk with its newest session and its takings on the store's own today.
   * SQLite picks the rows (the newest session per kiosk, those that need an operator, the payments of the last two
   * days), so a broadcast parses what it shows; the status filters read JSON, so SQLite still looks at each session the
   * store keeps (its last two days, `KEEP_SESSIONS_MS`).
   */
  view(locationId: string): StoreFleetView {
    const sql = this.sql();
    const kiosks = sql.exec<KioskRow>('SELECT * FROM kiosks').toArray().map((row) => JSON.parse(row.notice) as KioskNotice);
    // A bare column next to MAX() comes from the row that holds the maximum (SQLite's documented rule).
    const newest = new Map(
      sql
        .exec<SessionRow>('SELECT kiosk_id, notice, MAX(created_at) AS created_at FROM sessions GROUP BY kiosk_id')
        .toArray()
        .map((row) => [row.kiosk_id, JSON.parse(row.notice) as SessionNotice]),
    );
    const needsOperator = new Set(
      sql
        .exec<{ kiosk_id: string }>(
          `SELECT DISTINCT kiosk_id FROM sessions
           WHERE json_extract(notice, '$.status') = 'requires_attention' AND COALESCE(json_extract(notice, '$.handled'), 0) = 0`,
        )
        .toArray()
        .map((row) => row.kiosk_id),
    );
    const now = Date.now();
    const paid = sql
      .exec<SessionRow>(
        `SELECT * FROM sessions WHERE json_extract(notice, '$.status') = 'success' AND json_extract(notice, '$.paidAt') >= ?`,
        now - LONGEST_DAY_BACK_MS,
      )
      .toArray()
      .map((row) => JSON.parse(row.notice) as SessionNotice);
    const fleet: FleetKiosk[] = kiosks.map((kiosk) => {
      const current = newest.get(kiosk.kioskId) ?? null;
      const timeZone = current?.timeZone ?? 'UTC';
      const today = storeDay(now, timeZone);
      const takings = new Map<string, number>();
      for (const s of paid) {
        if (s.kioskId !== kiosk.kioskId || storeDay(s.paidAt!, s.timeZone ?? timeZone) !== today) continue;
        takings.set(s.currency, (takings.get(s.currency) ?? 0) + s.amount + s.tip - s.refunded);
      }
      const flags: FleetKiosk['flags'] = [];
      if (!kiosk.online && !kiosk.disabled) flags.push('offline');
      if (needsOperator.has(kiosk.kioskId)) flags.push('requires_attention');
      if (kiosk.readerStatus === 'offline') flags.push('reader_offline');
      return {
        kioskId: kiosk.kioskId,
        name: kiosk.name,
        online: kiosk.online,
        lastSeenAt: kiosk.lastSeenAt,
        disabled: kiosk.disabled,
        readerId: kiosk.readerId,
        readerStatus: kiosk.readerStatus,
        session: current && {
          sessionId: current.sessionId,
          status: current.status,
          amount: current.amount + current.tip,
          currency: current.currency,
          // Notices from checkouts of earlier versions have none.
          orderNumber: current.orderNumber ?? null,
        },
        takingsToday: [...takings].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount })),
        flags,
      };
    });
    return { locationId, kiosks: fleet.sort((a, b) => a.name.localeCompare(b.name)), generatedAt: now };
  }

  /**
   * A console's WebSocket (the worker checked the operator): the store at once, then again at every change. One opened
   * with a console sign-in is closed when that sign-in ends: at its logout (`signedOut`), or when it expires.
   */
  override async fetch(request: Request): Promise<Response> {
    const locationId = new URL(request.url).searchParams.get('locationId') ?? '';
    const signIn = consoleSignInOf(request);
    const { 0: client, 1: server } = new WebSocketPair();
    // The location rides on the socket, so a hibernated object knows what to send when it wakes for a change.
    const tags = [TAG, `location:${locationId}`, ...(signIn ? [`sign-in:${signIn.id}`] : [])];
    this.ctx.acceptWebSocket(server, tags);
    if (signIn) {
      server.serializeAttachment({ expiresAt: signIn.expiresAt } satisfies SocketAttachment);
      const alarm = await this.ctx.storage.getAlarm();
      if (alarm === null || alarm > signIn.expiresAt) await this.ctx.storage.setAlarm(signIn.expiresAt);
    }
    server.send(JSON.stringify(this.view(locationId)));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** A console sign-in ended by its logout: the sockets it opened here stop at once. */
  signedOut(signInId: string): void {
    for (const socket of this.ctx.getWebSockets(`sign-in:${signInId}`)) socket.close(SIGNED_OUT, 'Signed out');
  }

  /** Closes the sockets whose console sign-in has expired, and wakes again for the next to expire. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    let next: number | null = null;
    for (const socket of this.ctx.getWebSockets(TAG)) {
      const expiresAt = (socket.deserializeAttachment() as SocketAttachment | null)?.expiresAt;
      if (expiresAt === undefined) continue;
      if (expiresAt <= now) socket.close(SIGNED_OUT, 'The console sign-in has ended');
      else next = Math.min(next ?? expiresAt, expiresAt);
    }
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }

  // Consoles only listen; their pings are answered by the runtime, without waking this object.
  override webSocketMessage(): void {}

  override webSocketClose(socket: WebSocket, code: number, reason: string): void {
    answerClose(socket, code, reason);
  }

  private broadcast(locationId: string): void {
    const sockets = this.ctx.getWebSockets(TAG);
    if (sockets.length === 0) return;
    const message = JSON.stringify(this.view(locationId));
    for (const socket of sockets) {
      try {
        socket.send(message);
      } catch {
        // Closing: the console reconnects.
      }
    }
  }
}
