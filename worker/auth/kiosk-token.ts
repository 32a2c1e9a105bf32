import { devKioskToken } from '../config.ts';

/** The ready-made kiosk of simulated mode, reached with the public development token. */
export const DEV_KIOSK_ID = 'dev-kiosk';

/** What a kiosk's bearer token says about who it is: checked by that kiosk's own objects, never looked up elsewhere. */
export interface KioskCredential {
  kioskId: string;
  /** SHA-256 of the whole token: what the kiosk's object stores. */
  tokenHash: string;
  /** For a token of a kiosk paired before tokens named their kiosk: the hash of the token as it was issued. */
  legacyHash?: string;
  /** The development token of simulated mode (it provisions the development kiosk on first use). */
  dev?: true;
}

const KIOSK_ID = /^(ki_[a-f0-9]{24}|dev-kiosk)$/;
/** `kt_<kiosk id>.<256 random bits, base64url>`: the kiosk id lets the worker go straight to that kiosk's object. */
const TOKEN = /^kt_(ki_[a-f0-9]{24}|dev-kiosk)\.([A-Za-z0-9_-]{43})$/;
/** Tokens issued before they named their kiosk: `kt_<256 random bits>`. Found once through the old registry. */
const LEGACY_TOKEN = /^kt_([A-Za-z0-9_-]{43})$/;

export const isKioskId = (value: string): boolean => KIOSK_ID.test(value);

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', typeof data === 'string' ? new TextEncoder().encode(data) : data);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');
}

export const newKioskId = (): string => `ki_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`;

/** A new token for the kiosk: shown once to the operator; only its hash is kept. */
export async function newKioskToken(kioskId: string): Promise<{ token: string; tokenHash: string }> {
  const token = `kt_${kioskId}.${randomSecret()}`;
  return { token, tokenHash: await sha256Hex(token) };
}

export type ParsedToken = { kind: 'kiosk'; credential: KioskCredential } | { kind: 'legacy'; tokenHash: string; secret: string };

/** Reads a bearer token without any lookup; null for anything that cannot be a kiosk token. */
export async function parseKioskToken(token: string, env: Env): Promise<ParsedToken | null> {
  const current = TOKEN.exec(token);
  if (current) {
    const [, kioskId, secret] = current;
    return {
      kind: 'kiosk',
      // A legacy kiosk's upgraded token carries the secret it was issued with: either hash may be the stored one.
      credential: { kioskId: kioskId!, tokenHash: await sha256Hex(token), legacyHash: await sha256Hex(`kt_${secret}`) },
    };
  }
  const dev = devKioskToken(env);
  if (dev && token === dev) return { kind: 'kiosk', credential: { kioskId: DEV_KIOSK_ID, tokenHash: await sha256Hex(token), dev: true } };
  const legacy = LEGACY_TOKEN.exec(token);
  if (legacy) return { kind: 'legacy', tokenHash: await sha256Hex(token), secret: legacy[1]! };
  return null;
}

/** The token a legacy kiosk uses from now on: the same secret, now naming its kiosk. */
export const upgradedToken = (kioskId: string, legacySecret: string): string => `kt_${kioskId}.${legacySecret}`;
