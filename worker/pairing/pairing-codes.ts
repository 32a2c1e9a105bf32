/**
 * One-time codes that pair a tablet with its kiosk, so no token ever travels in a URL: short-lived, easy to type
 * (`XXXX-XXXX`, from letters and digits that cannot be mistaken for one another) and kept in D1 only as a hash.
 */
import { PAIRING_CODE_TTL_MS } from '../../shared/api.ts';
import { sha256Hex } from '../auth/kiosk-token.ts';

/** No 0/O, 1/I/L: what a person reads off a screen is what they type. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const LENGTH = 8;
/** Random bytes at or above this would make some characters likelier than others. */
const UNBIASED_BELOW = 256 - (256 % ALPHABET.length);
/** How long a spent code is remembered, so that a late try hears "used" or "expired" rather than "unknown". */
const REMEMBERED_MS = 24 * 60 * 60_000;

/** A fresh code, `XXXX-XXXX` (about 40 random bits). */
export function newPairingCode(): string {
  let code = '';
  while (code.length < LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(LENGTH * 2))) {
      if (byte < UNBIASED_BELOW && code.length < LENGTH) code += ALPHABET[byte % ALPHABET.length];
    }
  }
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** A code as a person typed or a camera read it (any case, spaces or a hyphen), in its canonical form, or null. */
export function normalizePairingCode(input: string): string | null {
  const chars = input.toUpperCase().replace(/[\s-]/g, '');
  if (chars.length !== LENGTH || [...chars].some((ch) => !ALPHABET.includes(ch))) return null;
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** Ends the kiosk's codes not used yet: from now on they are as expired as a code past its time. */
const endUnusedCodes = (db: D1Database, kioskId: string, now: number) =>
  db.prepare('UPDATE pairing_codes SET expires_at = ?1 WHERE kiosk_id = ?2 AND used_at IS NULL AND expires_at > ?1').bind(now, kioskId);

/** Saves a new code for the kiosk; any code of the kiosk not used yet stops working. Answers when it expires. */
export async function savePairingCode(db: D1Database, code: string, kioskId: string, now: number): Promise<number> {
  const expiresAt = now + PAIRING_CODE_TTL_MS;
  await db.batch([
    endUnusedCodes(db, kioskId, now),
    db
      .prepare('INSERT INTO pairing_codes (code_hash, kiosk_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .bind(await sha256Hex(code), kioskId, now, expiresAt),
    db.prepare('DELETE FROM pairing_codes WHERE expires_at < ?').bind(now - REMEMBERED_MS),
  ]);
  return expiresAt;
}

/**
 * Ends the kiosk's unused codes when an operator rotates its token or disables it: a code given before is a credential
 * from before that change (the operator may be acting because a tablet or a code was exposed), so none pairs anything
 * afterwards, not even once the kiosk is enabled again.
 */
export async function endPairingCodes(db: D1Database, kioskId: string, now: number): Promise<void> {
  await endUnusedCodes(db, kioskId, now).run();
}

/** A claimed code names its kiosk and when it was given (a rotation after that ends it, even mid-exchange). */
export type ClaimedCode = { kioskId: string; issuedAt: number } | { problem: 'unknown' | 'used' | 'expired' };

/** Uses the code up, once: of two exchanges at the same moment, one conditional update wins and the other hears "used". */
export async function claimPairingCode(db: D1Database, code: string, now: number): Promise<ClaimedCode> {
  const hash = await sha256Hex(code);
  const claimed = await db
    .prepare('UPDATE pairing_codes SET used_at = ?1 WHERE code_hash = ?2 AND used_at IS NULL AND expires_at > ?1 RETURNING kiosk_id, created_at')
    .bind(now, hash)
    .first<{ kiosk_id: string; created_at: number }>();
  if (claimed) return { kioskId: claimed.kiosk_id, issuedAt: claimed.created_at };
  const known = await db.prepare('SELECT used_at FROM pairing_codes WHERE code_hash = ?').bind(hash).first<{ used_at: number | null }>();
  return { problem: !known ? 'unknown' : known.used_at !== null ? 'used' : 'expired' };
}

/** Gives a claimed code back when its kiosk could not be paired after all, so the same code can be tried again. */
export async function releasePairingCode(db: D1Database, code: string): Promise<void> {
  await db.prepare('UPDATE pairing_codes SET used_at = NULL WHERE code_hash = ?').bind(await sha256Hex(code)).run();
}
