import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import app from '../../worker/index.ts';
import { ADMIN_TOKEN, DEV_KIOSK_TOKEN, randomClientIp } from './kiosk-client.ts';

const CONSOLE = 'https://console.test';

/** An id of the right shape for each path parameter, naming nothing that exists: no request here changes anything. */
const PARAMS: Record<string, string> = {
  id: 'ki_000000000000000000000000',
  locationId: 'tml_NoSuchLocation',
  readerId: 'tmr_NoSuchReader',
};
const SESSION_ID = 'cs_0000000000000000000000000000';
const ITEM_ID = 'no-such-item';

/** Every operator route the worker declares (its own route table, so a route added later is checked too), but sign-in. */
const operatorRoutes = (): Array<[string, string]> => {
  const seen = new Set<string>();
  for (const { method, path } of app.routes) {
    if (!path.startsWith('/api/admin/') || path.includes('*') || method === 'ALL') continue;
    if (path === '/api/admin/login' || path === '/api/admin/logout') continue;
    const concrete = path
      .replace(/^\/api\/admin\/sessions\/:id/, `/api/admin/sessions/${SESSION_ID}`)
      .replace(/^\/api\/admin\/catalog\/(items|categories)\/:id/, `/api/admin/catalog/$1/${ITEM_ID}`)
      .replace(/\/api\/admin\/locations\/:locationId\/items\/:id/, `/api/admin/locations/${PARAMS.locationId}/items/${ITEM_ID}`)
      .replace(/:(\w+)/g, (_, name: string) => PARAMS[name]!);
    seen.add(`${method} ${concrete}`);
  }
  return [...seen].map((route) => route.split(' ') as [string, string]);
};

async function send(method: string, path: string, headers: Record<string, string>) {
  const withBody = method !== 'GET' && method !== 'DELETE';
  const res = await exports.default.fetch(
    new Request(`${CONSOLE}${path}`, {
      method,
      headers: { 'CF-Connecting-IP': randomClientIp(), ...(withBody ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: withBody ? '{}' : undefined,
    }),
  );
  const text = await res.text();
  return { status: res.status, code: (text.startsWith('{') ? JSON.parse(text) : null)?.error?.code as string | undefined };
}

describe('every operator route, as the worker declares it', () => {
  it('is there: with the admin token none answers 401 or "no such admin route"', async () => {
    const routes = operatorRoutes();
    expect(routes.length).toBeGreaterThan(30);
    for (const [method, path] of routes) {
      const res = await send(method, path, { Authorization: `Bearer ${ADMIN_TOKEN}` });
      expect(res.status, `${method} ${path}`).not.toBe(401);
      expect(res.code, `${method} ${path}`).not.toBe('not_found');
    }
  });

  it('refuses a request with no credentials, a wrong admin token, a kiosk token or a made-up cookie (401)', async () => {
    const refusals: Array<[string, Record<string, string>]> = [
      ['no credentials', {}],
      ['a wrong admin token', { Authorization: `Bearer ${ADMIN_TOKEN}x` }],
      ['a kiosk token', { Authorization: `Bearer ${DEV_KIOSK_TOKEN}` }],
      ['a made-up cookie', { Cookie: '__Host-kiosk_console=eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl', Origin: CONSOLE }],
    ];
    for (const [method, path] of operatorRoutes()) {
      for (const [what, headers] of refusals) {
        expect((await send(method, path, headers)).status, `${method} ${path} with ${what}`).toBe(401);
      }
    }
  });

  it("that changes anything refuses the console's own cookie sent from another site's page (403)", async () => {
    const login = await exports.default.fetch(
      new Request(`${CONSOLE}/api/admin/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: CONSOLE, 'CF-Connecting-IP': randomClientIp() },
        body: JSON.stringify({ token: ADMIN_TOKEN }),
      }),
    );
    const cookie = login.headers.get('Set-Cookie')!.split(';')[0]!;
    for (const [method, path] of operatorRoutes().filter(([method]) => method !== 'GET')) {
      const others: Record<string, string>[] = [{ Origin: 'https://evil.test' }, { 'Sec-Fetch-Site': 'cross-site' }, { 'Sec-Fetch-Site': 'same-site' }];
      for (const from of others) {
        const res = await send(method, path, { Cookie: cookie, ...from });
        expect(res, `${method} ${path} from ${JSON.stringify(from)}`).toEqual({ status: 403, code: 'cross_origin_request' });
      }
    }
  });
});
