import { jwtVerify, SignJWT } from 'jose';

/**
 * The console's sign-in: a stateless cookie holding a short-lived JWT (HS256) with a session id, signed with a key
 * derived from ADMIN_TOKEN (HKDF), so rotating the admin token ends every sign-in. Logout records the session id in
 * D1 until it would have expired, and every use of the cookie checks that list; the live fleets it opened are closed.
 */

/** A working day: the console signs in again after that. */
export const SESSION_SECONDS = 8 * 60 * 60;
const AUDIENCE = 'kiosk-terminal console';
const encoder = new TextEncoder();

async function signingKey(adminToken: string): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey('raw', encoder.encode(adminToken), 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: encoder.encode('kiosk-terminal console session'), info: encoder.encode('HS256 v1') },
    material,
    256,
  );
  return new Uint8Array(bits);
}

export interface ConsoleSession {
  sessionId: string;
  /** Epoch ms. */
  expiresAt: number;
}

export async function startSession(adminToken: string): Promise<ConsoleSession & { cookie: string }> {
  const sessionId = crypto.randomUUID();
  const issuedAt = Math.floor(Date.now() / 1000);
  const cookie = await new SignJWT()
    .setProtectedHeader({ alg: 'HS256' })
    .setJti(sessionId)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + SESSION_SECONDS)
    .sign(await signingKey(adminToken));
  return { sessionId, expiresAt: (issuedAt + SESSION_SECONDS) * 1000, cookie };
}

/** The session a cookie holds if its signature (with the current admin token) and expiry hold; logout is not checked here. */
export async function readSession(adminToken: string, cookie: string): Promise<ConsoleSession | null> {
  try {
    const { payload } = await jwtVerify(cookie, await signingKey(adminToken), {
      audience: AUDIENCE,
      algorithms: ['HS256'],
      requiredClaims: ['jti', 'exp'],
    });
    return { sessionId: payload.jti!, expiresAt: payload.exp! * 1000 };
  } catch {
    return null;
  }
}

/**
 * Logout: the session's cookie is refused from now on. Answers the stores whose live fleet it opened (their sockets
 * must close). Sessions that have expired anyway are forgotten meanwhile.
 */
export async function endSession(db: D1Database, session: ConsoleSession): Promise<string[]> {
  const now = Date.now();
  const [, watched] = await db.batch<{ location_id: string }>([
    db
      .prepare('INSERT INTO admin_sessions_ended (session_id, expires_at) VALUES (?, ?) ON CONFLICT (session_id) DO NOTHING')
      .bind(session.sessionId, session.expiresAt),
    db.prepare('SELECT location_id FROM admin_session_stores WHERE session_id = ?').bind(session.sessionId),
    db.prepare('DELETE FROM admin_sessions_ended WHERE expires_at < ?').bind(now),
    db.prepare('DELETE FROM admin_session_stores WHERE expires_at < ? OR session_id = ?').bind(now, session.sessionId),
  ]);
  return (watched?.results ?? []).map((row) => row.location_id);
}

/** A console sign-in opened a store's live fleet: remembered until it expires, so its logout can close the socket. */
export async function watchedBy(db: D1Database, session: ConsoleSession, locationId: string): Promise<void> {
  await db
    .prepare('INSERT INTO admin_session_stores (session_id, location_id, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
    .bind(session.sessionId, locationId, session.expiresAt)
    .run();
}

export async function sessionEnded(db: D1Database, sessionId: string): Promise<boolean> {
  return (await db.prepare('SELECT 1 FROM admin_sessions_ended WHERE session_id = ?').bind(sessionId).first()) !== null;
}
