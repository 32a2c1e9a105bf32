import { failure, type Failure } from '../errors.ts';
import type { KioskAuth } from '../kiosks/kiosk-record.ts';
import type { KioskCredential } from './kiosk-token.ts';

/**
 * Whether a token may act as the kiosk: the one rule both the kiosk's object and its checkouts apply (the checkouts
 * hold a copy of the kiosk's auth, pushed to them whenever the token or `disabled` changes).
 */
export function kioskAccess(auth: KioskAuth, credential: KioskCredential): Failure | null {
  const matches =
    credential.tokenHash === auth.tokenHash ||
    (auth.legacyTokenHash !== null && credential.legacyHash === auth.legacyTokenHash);
  if (credential.kioskId !== auth.kioskId || !matches) return failure(401, 'unauthorized', 'This kiosk token is not valid');
  if (auth.disabled) return failure(403, 'kiosk_disabled', 'This kiosk has been disabled by an operator');
  return null;
}
