import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, call, createSession, provisionKiosk, randomClientIp, stripe } from './kiosk-client.ts';

/** The admin API with the right admin token: unknown paths, bodies a route does not take, and its documented limits. */
const admin = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  call(`/api/admin${path}`, { token: ADMIN_TOKEN, ...init });

describe('a path or method with no admin route', () => {
  it('is a 404 not_found, never a 401 about a kiosk token', async () => {
    for (const [method, path] of [
      ['GET', '/kioskz'],
      ['DELETE', '/kiosks/dev-kiosk'],
      ['PUT', '/kiosks/dev-kiosk'],
      ['GET', '/sessions/cs_0123456789abcdef0123/refunds'],
    ] as const) {
      const res = await admin(path, { method, ...(method === 'PUT' ? { body: {} } : {}) });
      expect(res, `${method} ${path}`).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    }
    // Without the admin token it is still the admin token that is asked for.
    expect(await call('/api/admin/kioskz', { token: null })).toMatchObject({ status: 401 });
  });

  it('never counts as a failed sign-in: an operator who mistypes a path is not locked out (429)', async () => {
    const headers = { 'CF-Connecting-IP': randomClientIp() };
    for (let i = 0; i < 12; i++) expect((await admin('/kioskz', { headers })).status).toBe(404);
    expect((await admin('/kiosks', { headers })).status).toBe(200);
  });
});

describe('bad input changes nothing', () => {
  it("a refused PATCH that also turns tipping on leaves the store's Terminal Location as it was at Stripe", async () => {
    const kiosk = await provisionKiosk('Tipping refused', {}, { reader: false });
    const overrides = async () =>
      ((await stripe.terminal.locations.retrieve(kiosk.kiosk.locationId)) as { configuration_overrides?: string | null }).configuration_overrides ?? null;
    expect(await overrides()).toBeNull();

    const res = await admin(`/kiosks/${kiosk.kioskId}`, { method: 'PATCH', body: { tipping: true, languages: ['en'], language: 'ja' } });
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'language_not_offered' } } });
    expect((await admin(`/kiosks/${kiosk.kioskId}`)).body.kiosk.tipping).toBe(false);
    expect(await overrides()).toBeNull();
  });

  it('an operator cancel with fields it does not take (a refund body sent to the wrong route) is a 400, and the session stays open', async () => {
    const kiosk = await provisionKiosk('Operator cancel body');
    const { body: session } = await createSession(kiosk.token);
    const res = await admin(`/sessions/${session.sessionId}/cancel`, { body: { amount: 550, reason: 'requested_by_customer' } });
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', message: 'cancel takes no fields' } } });
    expect((await call(`/api/sessions/${session.sessionId}`, { token: kiosk.token })).body.status).toBe('idle');
    expect(await admin(`/sessions/${session.sessionId}/cancel`, { body: {} })).toMatchObject({ status: 200, body: { session: { status: 'cancelled' } } });
  });

  it('disable, enable, rotate and a pairing code take no fields either', async () => {
    const kiosk = await provisionKiosk('Kiosk actions body');
    for (const action of ['disable', 'enable', 'rotate', 'pairing-code']) {
      expect(await admin(`/kiosks/${kiosk.kioskId}/${action}`, { body: { disabled: false } }), action).toMatchObject({ status: 400 });
    }
    expect((await admin(`/kiosks/${kiosk.kioskId}`)).body.kiosk.disabled).toBe(false);
    expect((await call('/api/kiosk', { token: kiosk.token })).status).toBe(200);
  });
});

describe('the catalog takes every item its documented limits allow', () => {
  it('an item with 10 option groups of 20 options, named in English, Korean and Japanese, is saved (201)', async () => {
    const names = (en: string) => ({ en: en.padEnd(60, '.'), ko: '보통 길이의 옵션 이름'.padEnd(60, '가'), ja: '普通の長さのオプション名'.padEnd(60, 'あ') });
    const optionGroups = Array.from({ length: 10 }, (_, g) => ({
      id: `group-${g}`,
      name: names(`Choice group number ${g}`),
      min: 0,
      max: 2,
      options: Array.from({ length: 20 }, (_, o) => ({ id: `group-${g}-option-${o}`, name: names(`Option ${g}-${o}`), priceChange: { usd: o * 10 } })),
    }));
    const body = { name: names('Build your own bowl'), category: 'bowls', prices: { usd: 1200 }, optionGroups };
    const res = await admin('/catalog/items/big-bowl', { method: 'PUT', body });
    expect(res).toMatchObject({ status: 201, body: { item: { optionGroups: expect.any(Array) } } });
    expect(res.body.item.optionGroups).toHaveLength(10);
    expect((await admin('/catalog/items/big-bowl', { method: 'DELETE' })).status).toBe(200);
  });
});
