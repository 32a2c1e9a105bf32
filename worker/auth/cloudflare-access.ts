import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { AccessConfig } from '../config.ts';

/**
 * The team's signing keys, one set per isolate: jose keeps the keys it fetched and fetches again when a token names
 * a key it does not have, which is how Access's key rotation (every 6 weeks, the previous key valid 7 more days)
 * reaches us without a restart.
 */
const keySets = new Map<string, JWTVerifyGetKey>();

function teamKeys(issuer: string): JWTVerifyGetKey {
  let keys = keySets.get(issuer);
  if (!keys) {
    keys = createRemoteJWKSet(new URL('/cdn-cgi/access/certs', issuer));
    keySets.set(issuer, keys);
  }
  return keys;
}

/**
 * Checks a Cloudflare Access application token (`Cf-Access-Jwt-Assertion`) as Cloudflare's "Validate JWTs" page
 * says: signed (RS256) by one of the team's keys, issued by the team domain, for this application's AUD tag, and
 * not expired. Answers who it names, or null for any token that fails.
 */
export async function verifyAccessToken(config: AccessConfig, token: string): Promise<{ email: string | null } | null> {
  try {
    const { payload } = await jwtVerify(token, teamKeys(config.issuer), {
      issuer: config.issuer,
      audience: config.audience,
      algorithms: ['RS256'],
      requiredClaims: ['exp'],
    });
    return { email: typeof payload.email === 'string' ? payload.email : null };
  } catch {
    return null;
  }
}
