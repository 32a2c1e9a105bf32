import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchWith } from './deployment.ts';
import { ADMIN_TOKEN, DEV_KIOSK_TOKEN, randomClientIp } from './kiosk-client.ts';

const AUD = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

let teamKey: SigningKey;
let attackerKey: SigningKey;
/** What each team's certs URL serves: a local key set standing in for `https://<team>.cloudflareaccess.com/cdn-cgi/access/certs`. */
let publishedKeys: JWK[];
let certsFetched: string[];

beforeAll(async () => {
  teamKey = await signingKey('team-key-1');
  // Same key id as the team's, another key: what a forger would try.
  attackerKey = await signingKey('team-key-1');
});

/**
 * The worker's outbound fetches to Access's certs URL reach this test double instead of Cloudflare (no network here);
 * every other fetch goes where it was going.
 */
function serveTeamKeys() {
  publishedKeys = [teamKey.publicJwk];
  certsFetched = [];
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname.endsWith('.cloudflareaccess.com') && url.pathname === '/cdn-cgi/access/certs') {
      certsFetched.push(url.href);
      return Response.json({ keys: publishedKeys });
    }
    return realFetch(input, init);
  });
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** A team of its own for each test: the worker keeps each team's keys for the isolate's life, as it should. */
const newTeam = () => `team-${crypto.randomUUID().slice(0, 8)}.cloudflareaccess.com`;
const accessEnv = (team: string): Partial<Env> => ({ ACCESS_TEAM_DOMAIN: team, ACCESS_AUD: AUD });

/** An Access application token, as Cloudflare Access signs it (see its "Application token" reference). */
async function accessToken(team: string, key: SigningKey = teamKey, audience = AUD) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ email: 'operator@example.com', type: 'app', country: 'US' })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setAudience([audience])
    .setIssuer(`https://${team}`)
    .setSubject('7335d417-61da-459d-899c-0a01c76a2f94')
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 3600)
    .sign(key.privateKey);
}

async function adminCall(team: string, path: string, init: { jwt?: string; bearer?: string; method?: string; body?: unknown; client?: string } = {}) {
  const headers: Record<string, string> = { 'CF-Connecting-IP': init.client ?? randomClientIp() };
  if (init.jwt) headers['Cf-Access-Jwt-Assertion'] = init.jwt;
  if (init.bearer) headers.Authorization = `Bearer ${init.bearer}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetchWith(accessEnv(team), path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

describe('behind Cloudflare Access (ACCESS_TEAM_DOMAIN and ACCESS_AUD set)', () => {
  it("an operator Access let through is signed in: the worker checks the token against the team's keys", async () => {
    serveTeamKeys();
    const team = newTeam();
    const jwt = await accessToken(team);
    expect(await adminCall(team, '/api/admin/me', { jwt })).toEqual({
      status: 200,
      body: { via: 'access', email: 'operator@example.com', expiresAt: null },
    });
    const created = await adminCall(team, '/api/admin/catalog/items/access-cake', {
      jwt,
      method: 'PUT',
      body: { name: { en: 'Access cake' }, category: 'bakery', prices: { usd: 300 } },
    });
    expect(created.status).toBe(201);
    expect(certsFetched).toEqual([`https://${team}/cdn-cgi/access/certs`]);
  });

  it("another site's page cannot change anything with the operator's Access sign-in (CSRF); scripts and the console can", async () => {
    serveTeamKeys();
    const team = newTeam();
    const jwt = await accessToken(team);
    const item = `csrf-${crypto.randomUUID().slice(0, 8)}`;
    const put = (headers: Record<string, string>) =>
      fetchWith(accessEnv(team), `/api/admin/catalog/items/${item}`, {
        method: 'PUT',
        headers: { 'CF-Connecting-IP': randomClientIp(), 'Cf-Access-Jwt-Assertion': jwt, 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ name: { en: 'Cake' }, category: 'bakery', prices: { usd: 300 } }),
      });
    const crossSites: Record<string, string>[] = [{ Origin: 'https://evil.example' }, { 'Sec-Fetch-Site': 'cross-site' }];
    for (const crossSite of crossSites) {
      const res = await put(crossSite);
      expect({ status: res.status, body: await res.json() }).toMatchObject({ status: 403, body: { error: { code: 'cross_origin_request' } } });
    }
    expect((await adminCall(team, '/api/admin/catalog', { jwt })).body.items.some((i: { id: string }) => i.id === item)).toBe(false);
    // Reading is not a change; a script says no origin; the console says its own.
    expect((await adminCall(team, '/api/admin/me', { jwt })).status).toBe(200);
    expect((await put({})).status).toBe(201);
    expect((await put({ Origin: 'http://kiosk.test', 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
  });

  it('a request without an Access token is refused, even with the admin token: it went around Access', async () => {
    serveTeamKeys();
    const team = newTeam();
    for (const path of ['/api/admin/me', '/api/admin/kiosks']) {
      expect(await adminCall(team, path, { bearer: ADMIN_TOKEN }), path).toMatchObject({
        status: 401,
        body: { error: { code: 'access_required' } },
      });
    }
    expect((await adminCall(team, '/api/admin/login', { body: { token: ADMIN_TOKEN } })).status).toBe(401);
  });

  it('refuses an expired token, a forged one, one for another application or another team, and one that is not RS256', async () => {
    serveTeamKeys();
    const team = newTeam();
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ email: 'operator@example.com' })
      .setProtectedHeader({ alg: 'RS256', kid: teamKey.kid })
      .setAudience([AUD])
      .setIssuer(`https://${team}`)
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 3600)
      .sign(teamKey.privateKey);
    const unsigned = `${btoa(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${btoa(
      JSON.stringify({ aud: [AUD], iss: `https://${team}`, exp: now + 3600, email: 'operator@example.com' }),
    )}.`.replaceAll('=', '');
    const symmetric = await new SignJWT({ email: 'operator@example.com' })
      .setProtectedHeader({ alg: 'HS256', kid: teamKey.kid })
      .setAudience([AUD])
      .setIssuer(`https://${team}`)
      .setExpirationTime(now + 3600)
      .sign(new TextEncoder().encode(JSON.stringify(teamKey.publicJwk)));
    const refused: Array<[string, string]> = [
      ['expired', expired],
      ['signed with another key under the team key id', await accessToken(team, attackerKey)],
      ['for another application', await accessToken(team, teamKey, 'another-application-aud')],
      ['issued by another team', await accessToken(newTeam())],
      ['unsigned (alg none)', unsigned],
      ['HS256 keyed with the public key', symmetric],
      ['not a JWT', 'garbage'],
    ];
    for (const [what, jwt] of refused) {
      expect(await adminCall(team, '/api/admin/me', { jwt }), what).toMatchObject({ status: 401, body: { error: { code: 'access_required' } } });
    }
  });

  it('forged tokens count as failed sign-ins: their client is throttled (429)', async () => {
    serveTeamKeys();
    const team = newTeam();
    const client = randomClientIp();
    const forged = await accessToken(team, attackerKey);
    let last = await adminCall(team, '/api/admin/me', { jwt: forged, client });
    for (let i = 0; i < 20 && last.status === 401; i++) last = await adminCall(team, '/api/admin/me', { jwt: forged, client });
    expect(last).toMatchObject({ status: 429, body: { error: { code: 'too_many_attempts' } } });
  });

  it("follows Access's key rotation: a token signed with the team's new key is accepted once Access publishes it", async () => {
    serveTeamKeys();
    const team = newTeam();
    expect((await adminCall(team, '/api/admin/me', { jwt: await accessToken(team) })).status).toBe(200);
    const rotated = await signingKey('team-key-2');
    publishedKeys = [rotated.publicJwk, teamKey.publicJwk];
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 60_000);
    expect((await adminCall(team, '/api/admin/me', { jwt: await accessToken(team, rotated) })).status).toBe(200);
    expect((await adminCall(team, '/api/admin/me', { jwt: await accessToken(team) })).status).toBe(200);
  });

  it('kiosks are not behind Access: their own token is all they need', async () => {
    const team = newTeam();
    const res = await fetchWith(accessEnv(team), '/api/kiosk', { headers: { Authorization: `Bearer ${DEV_KIOSK_TOKEN}` } });
    expect(res.status).toBe(200);
  });

  it('half an Access configuration, or a team domain that is not one, refuses service (503) rather than leave admin open', async () => {
    for (const overrides of [
      { ACCESS_TEAM_DOMAIN: newTeam(), ACCESS_AUD: '' },
      { ACCESS_TEAM_DOMAIN: '', ACCESS_AUD: AUD },
      { ACCESS_TEAM_DOMAIN: 'attacker.example.com', ACCESS_AUD: AUD },
      { ACCESS_TEAM_DOMAIN: 'http://team.cloudflareaccess.com', ACCESS_AUD: AUD },
    ]) {
      for (const path of ['/api/admin/me', '/api/health']) {
        const res = await fetchWith(overrides, path, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
        expect(res.status, `${JSON.stringify(overrides)} ${path}`).toBe(503);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('misconfigured');
      }
    }
  });
});
