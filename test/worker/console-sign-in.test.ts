import { runDurableObjectAlarm } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchWith } from './deployment.ts';
import { ADMIN_TOKEN, createSession, provisionKiosk, randomClientIp } from './kiosk-client.ts';

const CONSOLE = 'https://console.test';

/** A request from the console's browser: same-origin by default, with its cookie if it has one. */
async function fromConsole(
  path: string,
  init: { method?: string; body?: unknown; cookie?: string; origin?: string | null; base?: string; client?: string } = {},
) {
  const base = init.base ?? CONSOLE;
  const headers: Record<string, string> = { 'CF-Connecting-IP': init.client ?? randomClientIp() };
  if (init.origin !== null) headers.Origin = init.origin ?? base;
  if (init.cookie) headers.Cookie = init.cookie;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await exports.default.fetch(
    new Request(`${base}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }),
  );
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

/** Signs in and answers the cookie as the browser would send it back. */
async function signIn(base = CONSOLE) {
  const res = await fromConsole('/api/admin/login', { body: { token: ADMIN_TOKEN }, base });
  expect(res.status).toBe(200);
  return { res, cookie: res.headers.get('Set-Cookie')!.split(';')[0]! };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('signing in to the console', () => {
  it('the admin token gives an HttpOnly, SameSite=Strict, Secure session cookie, and the cookie opens the admin API', async () => {
    const { res, cookie } = await signIn();
    expect(res.body).toEqual({ via: 'cookie', email: null, expiresAt: expect.any(Number) });
    const setCookie = res.headers.get('Set-Cookie')!;
    expect(setCookie).toMatch(/^__Host-kiosk_console=/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; Secure/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toContain(ADMIN_TOKEN);

    expect(await fromConsole('/api/admin/me', { cookie })).toMatchObject({ status: 200, body: { via: 'cookie', expiresAt: res.body.expiresAt } });
    expect((await fromConsole('/api/admin/kiosks', { cookie })).status).toBe(200);
    const created = await fromConsole('/api/admin/catalog/items/cookie-cake', {
      method: 'PUT',
      cookie,
      body: { name: { en: 'Cookie cake' }, category: 'bakery', prices: { usd: 300 } },
    });
    expect(created.status).toBe(201);
  });

  it('on localhost the cookie is not Secure (the page is plain http there)', async () => {
    const { res, cookie } = await signIn('http://localhost:8787');
    const setCookie = res.headers.get('Set-Cookie')!;
    expect(setCookie).toMatch(/^kiosk_console=/);
    expect(setCookie).not.toMatch(/Secure/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect((await fromConsole('/api/admin/me', { cookie, base: 'http://localhost:8787' })).status).toBe(200);
  });

  it('a wrong token is refused (401) and counts as a failed sign-in: the client is throttled (429)', async () => {
    const client = randomClientIp();
    const attempt = () => fromConsole('/api/admin/login', { body: { token: 'not-the-admin-token' }, client });
    expect(await attempt()).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    let last = await attempt();
    for (let i = 0; i < 20 && last.status === 401; i++) last = await attempt();
    expect(last).toMatchObject({ status: 429, body: { error: { code: 'too_many_attempts' } } });
    expect(Number(last.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(last.headers.get('Set-Cookie')).toBeNull();
    // Even the right token waits now: the client is blocked, not the token.
    expect((await fromConsole('/api/admin/login', { body: { token: ADMIN_TOKEN }, client })).status).toBe(429);
  });

  it('refuses a malformed sign-in (400) without a cookie', async () => {
    for (const body of [{}, { token: '' }, { token: ADMIN_TOKEN, remember: true }]) {
      const res = await fromConsole('/api/admin/login', { body });
      expect(res, JSON.stringify(body)).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
      expect(res.headers.get('Set-Cookie')).toBeNull();
    }
  });
});

describe('the cookie against other sites (CSRF)', () => {
  it('a state-changing request with the cookie from another origin is refused (403), and changes nothing', async () => {
    const { cookie } = await signIn();
    const body = { name: { en: 'Forged' }, category: 'bakery', prices: { usd: 100 } };
    for (const origin of ['https://evil.test', 'http://console.test', 'null']) {
      const res = await fromConsole('/api/admin/catalog/items/forged', { method: 'PUT', cookie, body, origin });
      expect(res, origin).toMatchObject({ status: 403, body: { error: { code: 'cross_origin_request' } } });
    }
    // A browser that sends no Origin says where the request came from in Sec-Fetch-Site; with neither, no.
    expect((await fromConsole('/api/admin/catalog/items/forged', { method: 'PUT', cookie, body, origin: null })).status).toBe(403);
    const catalog = await fromConsole('/api/admin/catalog', { cookie });
    expect(catalog.body.items.map((item: { id: string }) => item.id)).not.toContain('forged');
  });

  it('reads with the cookie need no Origin; the bearer token needs none at all', async () => {
    const { cookie } = await signIn();
    expect((await fromConsole('/api/admin/kiosks', { cookie, origin: null })).status).toBe(200);
    const res = await exports.default.fetch(
      new Request(`${CONSOLE}/api/admin/catalog/items/script-cake`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json', Origin: 'https://elsewhere.test' },
        body: JSON.stringify({ name: { en: 'Script cake' }, category: 'bakery', prices: { usd: 100 } }),
      }),
    );
    expect(res.status).toBe(201);
  });

  it('a client that is no browser page (no Origin, no Sec-Fetch-Site) signs in and out with the token', async () => {
    const res = await fromConsole('/api/admin/login', { body: { token: ADMIN_TOKEN }, origin: null });
    expect(res).toMatchObject({ status: 200, body: { via: 'cookie' } });
    const cookie = res.headers.get('Set-Cookie')!.split(';')[0]!;
    expect((await fromConsole('/api/admin/me', { cookie })).status).toBe(200);
    expect((await fromConsole('/api/admin/logout', { method: 'POST', cookie, origin: null })).status).toBe(200);
    expect((await fromConsole('/api/admin/me', { cookie })).status).toBe(401);
  });

  it('another site cannot sign the console in or out', async () => {
    const forged = await fromConsole('/api/admin/login', { body: { token: ADMIN_TOKEN }, origin: 'https://evil.test' });
    expect(forged).toMatchObject({ status: 403, body: { error: { code: 'cross_origin_request' } } });
    expect(forged.headers.get('Set-Cookie')).toBeNull();
    // A browser that sends no Origin still says the page was another site's.
    const crossSite = await exports.default.fetch(
      new Request(`${CONSOLE}/api/admin/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'cross-site', 'CF-Connecting-IP': randomClientIp() },
        body: JSON.stringify({ token: ADMIN_TOKEN }),
      }),
    );
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('Set-Cookie')).toBeNull();
    const { cookie } = await signIn();
    expect((await fromConsole('/api/admin/logout', { method: 'POST', cookie, origin: 'https://evil.test' })).status).toBe(403);
    expect((await fromConsole('/api/admin/me', { cookie })).status).toBe(200);
  });
});

describe('the end of a sign-in', () => {
  it('after logout the cookie no longer works, even if it is sent again', async () => {
    const { cookie } = await signIn();
    const out = await fromConsole('/api/admin/logout', { method: 'POST', cookie });
    expect(out).toMatchObject({ status: 200, body: { signedOut: true } });
    expect(out.headers.get('Set-Cookie')).toMatch(/^__Host-kiosk_console=;.*Max-Age=0/);
    for (const path of ['/api/admin/me', '/api/admin/kiosks', '/api/admin/catalog']) {
      expect(await fromConsole(path, { cookie }), path).toMatchObject({ status: 401, body: { error: { code: 'session_expired' } } });
    }
    // Other sign-ins go on.
    const other = await signIn();
    expect((await fromConsole('/api/admin/me', { cookie: other.cookie })).status).toBe(200);
  });

  it("logout closes the store's live fleet the cookie opened, and so does the sign-in's expiry", async () => {
    const kiosk = await provisionKiosk('Watched kiosk');
    const { locationId } = kiosk.kiosk;
    /** The live fleet, as the console's page opens it with its cookie. */
    async function watch(cookie: string) {
      const res = await exports.default.fetch(
        new Request(`${CONSOLE}/api/admin/stores/${locationId}/live`, { headers: { Upgrade: 'websocket', Cookie: cookie, Origin: CONSOLE } }),
      );
      expect(res.status).toBe(101);
      const socket = res.webSocket!;
      const seen = { views: 0, closedWith: null as number | null };
      socket.addEventListener('message', () => seen.views++);
      socket.addEventListener('close', (event) => (seen.closedWith = event.code));
      socket.accept();
      await expect.poll(() => seen.views).toBeGreaterThan(0);
      return seen;
    }
    const [leaving, staying] = [await signIn(), await signIn()];
    const [signedOut, other] = [await watch(leaving.cookie), await watch(staying.cookie)];
    expect((await fromConsole('/api/admin/logout', { method: 'POST', cookie: leaving.cookie })).status).toBe(200);
    await expect.poll(() => signedOut.closedWith).toBe(4001);
    // Another sign-in's socket still follows the store.
    const before = other.views;
    await createSession(kiosk.token);
    await expect.poll(() => other.views, { timeout: 10_000 }).toBeGreaterThan(before);
    expect(other.closedWith).toBeNull();

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 8 * 60 * 60 * 1000 + 1000);
    await runDurableObjectAlarm(env.STORE_FLEET.getByName(locationId));
    await expect.poll(() => other.closedWith).toBe(4001);
  });

  it('a cookie stops working after 8 hours', async () => {
    const { cookie } = await signIn();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 7.9 * 60 * 60 * 1000);
    expect((await fromConsole('/api/admin/me', { cookie })).status).toBe(200);
    vi.setSystemTime(Date.now() + 0.2 * 60 * 60 * 1000);
    expect(await fromConsole('/api/admin/me', { cookie })).toMatchObject({ status: 401, body: { error: { code: 'session_expired' } } });
  });

  it('rotating ADMIN_TOKEN ends every sign-in made with the old one', async () => {
    const oldToken = 'adm_old_0123456789abcdef0123456789abcdef';
    const login = await fetchWith({ ADMIN_TOKEN: oldToken }, '/api/admin/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'http://kiosk.test', 'CF-Connecting-IP': randomClientIp() },
      body: JSON.stringify({ token: oldToken }),
    });
    const cookie = login.headers.get('Set-Cookie')!.split(';')[0]!;
    const me = (adminToken: string) => fetchWith({ ADMIN_TOKEN: adminToken }, '/api/admin/me', { headers: { Cookie: cookie } });
    expect((await me(oldToken)).status).toBe(200);
    expect((await me('adm_new_0123456789abcdef0123456789abcdef')).status).toBe(401);
  });

  it('a cookie made up or altered by someone else is refused', async () => {
    const { cookie } = await signIn();
    const [name, value] = cookie.split('=') as [string, string];
    const [header, payload, signature] = value.split('.') as [string, string, string];
    const longer = btoa(JSON.stringify({ ...JSON.parse(atob(payload)), exp: 9_999_999_999 })).replaceAll('=', '');
    for (const forged of [`${name}=${header}.${longer}.${signature}`, `${name}=${header}.${payload}.${signature.slice(0, -2)}xx`, `${name}=garbage`]) {
      expect((await fromConsole('/api/admin/me', { cookie: forged })).status, forged).toBe(401);
    }
  });
});
