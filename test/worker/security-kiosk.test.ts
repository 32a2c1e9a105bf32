import { env, exports } from 'cloudflare:workers';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bearer, fetchWith } from './deployment.ts';
import { ADMIN_TOKEN, call, createSession, DEV_KIOSK_TOKEN, devKioskInSdkMode, payWithCard, provisionKiosk, randomClientIp, readerFor, stripe } from './kiosk-client.ts';
import { serverDrivenKiosk, start } from './server-driven-client.ts';
import { eventFor, postWebhook, simulator } from './stripe-test-controls.ts';

const VISA = '4242424242424242';


beforeAll(devKioskInSdkMode);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('kiosk credentials', () => {
  it('no kiosk token, or a wrong one, is refused (401) on every kiosk route', async () => {
    const { body: session } = await createSession();
    const routes = [
      ['GET', '/api/kiosk'],
      ['GET', '/api/catalog'],
      ['POST', '/api/connection-token'],
      ['POST', '/api/sessions'],
      ['GET', `/api/sessions/${session.sessionId}`],
      ['POST', `/api/sessions/${session.sessionId}/progress`],
      ['POST', `/api/sessions/${session.sessionId}/complete`],
      ['POST', `/api/sessions/${session.sessionId}/cancel`],
      ['GET', '/api/simulated-reader/readers'],
    ] as const;
    for (const token of [null, 'kt_not_a_kiosk', ADMIN_TOKEN]) {
      for (const [method, path] of routes) {
        const res = await call(path, { method, token, ...(method === 'POST' ? { body: {} } : {}) });
        expect(res.status, `${method} ${path} with ${token}`).toBe(401);
        expect(res.body.error.code).toBe('unauthorized');
        // The challenge HTTP requires with a 401: the scheme a client must use.
        expect(res.headers.get('WWW-Authenticate')).toMatch(/^Bearer /);
      }
    }
    expect((await call(`/api/sessions/${session.sessionId}`)).body.status).toBe('idle');
  });

  it("a second kiosk's token cannot read, report progress on, complete or cancel the first kiosk's session", async () => {
    const first = await provisionKiosk('First');
    const second = await provisionKiosk('Second');
    const { body: session } = await createSession(first.token);
    await payWithCard(first.token, session.paymentIntentId, VISA);
    const asSecond = { token: second.token };
    const attempts = [
      await call(`/api/sessions/${session.sessionId}`, asSecond),
      await call(`/api/sessions/${session.sessionId}/progress`, { ...asSecond, body: { status: 'processing' } }),
      await call(`/api/sessions/${session.sessionId}/complete`, { ...asSecond, body: { paymentIntentId: session.paymentIntentId } }),
      await call(`/api/sessions/${session.sessionId}/cancel`, { ...asSecond, method: 'POST' }),
    ];
    for (const res of attempts) expect(res).toMatchObject({ status: 404, body: { error: { code: 'session_not_found' } } });
    // Nor can it drive the first kiosk's reader.
    const reader = await readerFor(first.token);
    expect((await call(`/api/simulated-reader/readers/${reader}`, asSecond)).status).toBe(404);

    const own = await call(`/api/sessions/${session.sessionId}`, { token: first.token });
    expect(own.body).toMatchObject({ status: 'idle', paymentIntentId: session.paymentIntentId });
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('succeeded');
  });

  it('a disabled kiosk is refused at once (403), and works again once enabled', async () => {
    const kiosk = await provisionKiosk();
    const { body: session } = await createSession(kiosk.token);
    const disabled = await call(`/api/admin/kiosks/${kiosk.kioskId}/disable`, { token: ADMIN_TOKEN, method: 'POST' });
    expect(disabled).toMatchObject({ status: 200, body: { kiosk: { disabled: true } } });
    for (const [method, path] of [
      ['GET', '/api/kiosk'],
      ['POST', '/api/connection-token'],
      ['POST', '/api/sessions'],
      ['GET', `/api/sessions/${session.sessionId}`],
    ] as const) {
      const res = await call(path, { method, token: kiosk.token, ...(method === 'POST' ? { body: { items: [{ id: 'latte', quantity: 1 }] } } : {}) });
      expect(res, `${method} ${path}`).toMatchObject({ status: 403, body: { error: { code: 'kiosk_disabled' } } });
    }
    await call(`/api/admin/kiosks/${kiosk.kioskId}/enable`, { token: ADMIN_TOKEN, method: 'POST' });
    expect((await call('/api/kiosk', { token: kiosk.token })).status).toBe(200);
  });

  it('rotating a kiosk token stops the old one immediately', async () => {
    const kiosk = await provisionKiosk();
    const rotated = await call(`/api/admin/kiosks/${kiosk.kioskId}/rotate`, { token: ADMIN_TOKEN, method: 'POST' });
    expect(rotated.status).toBe(200);
    expect(rotated.body.token).not.toBe(kiosk.token);
    expect((await call('/api/kiosk', { token: kiosk.token })).status).toBe(401);
    expect((await call('/api/kiosk', { token: rotated.body.token })).body).toMatchObject({ kioskId: kiosk.kioskId });
  });

  it("a forged, rotated-away or disabled kiosk's token gets its 401 or 403 whatever it sends, before its body is looked at", async () => {
    const sent = (sessionId: string) =>
      [
        ['/api/sessions', { body: {} }],
        ['/api/sessions', { body: '{"items":' }],
        ['/api/kiosk/heartbeat', { body: { reader: 'unplugged' } }],
        [`/api/sessions/${sessionId}/progress`, { body: { status: 'success' } }],
        [`/api/sessions/${sessionId}/complete`, { body: {} }],
        [`/api/sessions/${sessionId}/cancel`, { body: { reason: 'expired' } }],
        [`/api/sessions/${sessionId}/retry`, { body: 'not json' }],
      ] as const;
    const refusedEverywhere = async (token: string, sessionId: string, expected: { status: number; code: string }) => {
      for (const [path, init] of sent(sessionId)) {
        const res = await call(path, { token, ...init });
        expect(res, `${path} ${JSON.stringify(init.body)}`).toMatchObject({ status: expected.status, body: { error: { code: expected.code } } });
      }
    };
    const forgedFor = await provisionKiosk();
    const forgedSession = (await createSession(forgedFor.token)).body.sessionId;
    await refusedEverywhere(`kt_${forgedFor.kioskId}.${'A'.repeat(43)}`, forgedSession, { status: 401, code: 'unauthorized' });

    const rotatedAway = await provisionKiosk();
    const rotatedSession = (await createSession(rotatedAway.token)).body.sessionId;
    await call(`/api/admin/kiosks/${rotatedAway.kioskId}/rotate`, { token: ADMIN_TOKEN, method: 'POST' });
    await refusedEverywhere(rotatedAway.token, rotatedSession, { status: 401, code: 'unauthorized' });

    const disabled = await provisionKiosk();
    const disabledSession = (await createSession(disabled.token)).body.sessionId;
    await call(`/api/admin/kiosks/${disabled.kioskId}/disable`, { token: ADMIN_TOKEN, method: 'POST' });
    await refusedEverywhere(disabled.token, disabledSession, { status: 403, code: 'kiosk_disabled' });

    // Its own token, enabled, gets the 400s its bodies deserve.
    await call(`/api/admin/kiosks/${disabled.kioskId}/enable`, { token: ADMIN_TOKEN, method: 'POST' });
    for (const [path, init] of sent(disabledSession)) {
      expect((await call(path, { token: disabled.token, ...init })).status, path).toBe(400);
    }
    // Ended by the disable itself (an operator's cancel), and by nothing the refused requests sent.
    expect((await call(`/api/sessions/${disabledSession}`, { token: disabled.token })).body).toMatchObject({ status: 'cancelled', cancellationReason: 'operator' });
  });

  it('a forged or disabled token learns nothing of which session ids exist: the same 401 or 403 for its own, another kiosk\'s and no session', async () => {
    const target = await provisionKiosk('Target');
    const other = await provisionKiosk('Other');
    const own = (await createSession(target.token)).body.sessionId;
    const others = (await createSession(other.token)).body.sessionId;
    const none = `cs_${crypto.randomUUID().replaceAll('-', '')}`;
    const answers = async (token: string) => {
      const seen: Array<[string, number, string]> = [];
      for (const id of [own, others, none]) {
        for (const [method, path] of [
          ['GET', `/api/sessions/${id}`],
          ['POST', `/api/sessions/${id}/progress`],
          ['POST', `/api/sessions/${id}/complete`],
          ['POST', `/api/sessions/${id}/cancel`],
          ['POST', `/api/sessions/${id}/live`],
        ] as const) {
          const body = path.endsWith('progress') ? { status: 'processing' } : path.endsWith('complete') ? { paymentIntentId: 'pi_x' } : undefined;
          const res = await call(path, { method, token, ...(body ? { body } : {}) });
          seen.push([path.replace(id, id === own ? 'own' : id === others ? 'others' : 'none'), res.status, res.body.error?.code]);
        }
      }
      return seen;
    };
    const forged = await answers(`kt_${target.kioskId}.${'A'.repeat(43)}`);
    for (const [path, status, code] of forged) expect([path, status, code]).toEqual([path, 401, 'unauthorized']);

    await call(`/api/admin/kiosks/${target.kioskId}/disable`, { token: ADMIN_TOKEN, method: 'POST' });
    const disabled = await answers(target.token);
    for (const [path, status, code] of disabled) expect([path, status, code]).toEqual([path, 403, 'kiosk_disabled']);
  });

  it('never shows a kiosk token or its hash to operators, in the directory, the kiosk view or the ledger', async () => {
    const kiosk = await provisionKiosk();
    const rotated = (await call(`/api/admin/kiosks/${kiosk.kioskId}/rotate`, { token: ADMIN_TOKEN, method: 'POST' })).body.token;
    let listed = '';
    await expect
      .poll(async () => (listed = JSON.stringify((await call('/api/admin/kiosks?limit=1000', { token: ADMIN_TOKEN })).body)))
      .toContain(kiosk.kioskId);
    const detail = JSON.stringify((await call(`/api/admin/kiosks/${kiosk.kioskId}`, { token: ADMIN_TOKEN })).body);
    const ledger = JSON.stringify((await env.DB.prepare('SELECT * FROM kiosks WHERE id = ?').bind(kiosk.kioskId).all()).results);
    for (const shown of [listed, detail, ledger]) {
      for (const token of [kiosk.token, rotated]) {
        expect(shown).not.toContain(token.split('.')[1]);
      }
      expect(shown).not.toMatch(/token_?hash|[a-f0-9]{64}/i);
    }
  });

  it('operator routes need the admin token', async () => {
    const kiosk = await provisionKiosk();
    for (const token of [null, kiosk.token, DEV_KIOSK_TOKEN]) {
      const refused = await call('/api/admin/kiosks', { token });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('WWW-Authenticate')).toMatch(/^Bearer /);
      expect((await call(`/api/admin/kiosks/${kiosk.kioskId}/disable`, { token, method: 'POST' })).status).toBe(401);
    }
  });

  it("connection tokens are scoped to the kiosk's own Terminal Location", async () => {
    const kiosk = await provisionKiosk();
    const other = await provisionKiosk();
    expect(kiosk.kiosk.locationId).toMatch(/^tml_/);
    expect(kiosk.kiosk.locationId).not.toBe(other.kiosk.locationId);
    const sentToStripe: string[] = [];
    const simulatorSeen = {
      getByName: (name: string) => {
        const stub = env.STRIPE_SIMULATOR.getByName(name);
        return {
          fetch: async (request: Request) => {
            if (new URL(request.url).pathname === '/v1/terminal/connection_tokens') sentToStripe.push(await request.clone().text());
            return stub.fetch(request);
          },
        };
      },
    } as unknown as Env['STRIPE_SIMULATOR'];
    const res = await fetchWith({ STRIPE_SIMULATOR: simulatorSeen }, '/api/connection-token', { method: 'POST', ...bearer(kiosk.token) });
    expect(res.status).toBe(200);
    expect(sentToStripe).toEqual([`location=${kiosk.kiosk.locationId}`]);
  });

  it('a live ticket taken before the kiosk was disabled no longer opens the session channel', async () => {
    const kiosk = await provisionKiosk('Lost tablet');
    const { body: session } = await createSession(kiosk.token);
    const live = await call(`/api/sessions/${session.sessionId}/live`, { token: kiosk.token, method: 'POST' });
    expect(live.status).toBe(200);

    expect((await call(`/api/admin/kiosks/${kiosk.kioskId}/disable`, { token: ADMIN_TOKEN, method: 'POST' })).status).toBe(200);
    const url = (live.body.url as string).replace(/^ws/, 'http');
    const res = await exports.default.fetch(new Request(url, { headers: { Upgrade: 'websocket' } }));
    expect(res).toMatchObject({ status: 401 });
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_ticket' } });
  });
});

describe('strict input', () => {
  it('rejects an amount, a currency or any field the client should not send (400), before touching Stripe', async () => {
    const kiosk = await provisionKiosk();
    const { body: session } = await createSession(kiosk.token);
    const before = (await stripe.paymentIntents.list({ limit: 100 })).data.length;
    const bad: Array<[string, unknown]> = [
      ['/api/sessions', { items: [{ id: 'latte', quantity: 1 }], amount: 1 }],
      ['/api/sessions', { items: [{ id: 'latte', quantity: 1 }], currency: 'krw' }],
      ['/api/sessions', { items: [{ id: 'latte', quantity: 1, price: 1 }] }],
      ['/api/sessions', { items: [{ id: 'latte', quantity: 1 }], kioskId: 'ki_000000000000000000000000' }],
      ['/api/sessions', { items: 'latte' }],
      [`/api/sessions/${session.sessionId}/complete`, { paymentIntentId: session.paymentIntentId, success: true }],
      [`/api/sessions/${session.sessionId}/progress`, { status: 'processing', amount: 1 }],
      [`/api/sessions/${session.sessionId}/progress`, { status: 'success' }],
      [`/api/sessions/${session.sessionId}/cancel`, { reason: 'expired' }],
    ];
    for (const [path, body] of bad) {
      const res = await call(path, { token: kiosk.token, body });
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    expect((await call('/api/sessions', { token: kiosk.token, body: '{"items":' })).status).toBe(400);
    const provision = await call('/api/admin/kiosks', { token: ADMIN_TOKEN, body: { name: 'x', token: 'kt_chosen' } });
    expect(provision.status).toBe(400);
    expect((await stripe.paymentIntents.list({ limit: 100 })).data.length).toBe(before);
    expect((await call(`/api/sessions/${session.sessionId}`, { token: kiosk.token })).body.status).toBe('idle');
  });

  it('rejects zero, negative, fractional, unknown, repeated or absurd quantities with a clear 400 before any Stripe call', async () => {
    const kiosk = await provisionKiosk();
    const before = (await stripe.paymentIntents.list({ limit: 100 })).data.length;
    const carts: Array<[unknown[], string]> = [
      [[{ id: 'latte', quantity: 0 }], 'invalid_request'],
      [[{ id: 'latte', quantity: -2 }], 'invalid_request'],
      [[{ id: 'latte', quantity: 0.5 }], 'invalid_request'],
      [[{ id: 'latte', quantity: '1' }], 'invalid_request'],
      [[{ id: 'latte', quantity: 1e9 }], 'invalid_request'],
      [[{ id: 'latte', quantity: Number.MAX_SAFE_INTEGER + 2 }], 'invalid_request'],
      [Array.from({ length: 51 }, () => ({ id: 'latte', quantity: 1 })), 'invalid_request'],
      [[], 'invalid_request'],
      [[{ id: 'caviar', quantity: 1 }], 'unknown_item'],
      [[{ id: 'latte', quantity: 1 }, { id: 'latte', quantity: 1 }], 'duplicate_item'],
    ];
    for (const [items, code] of carts) {
      const res = await call('/api/sessions', { token: kiosk.token, body: { items } });
      expect(res.status, JSON.stringify(items).slice(0, 80)).toBe(400);
      expect(res.body.error).toMatchObject({ code, message: expect.stringMatching(/\w/) });
    }
    expect((await stripe.paymentIntents.list({ limit: 100 })).data.length).toBe(before);
  });

  it('a body not sent as JSON is refused (415) on every route that takes JSON, and nothing is created', async () => {
    const kiosk = await provisionKiosk();
    const { body: session } = await createSession(kiosk.token);
    const before = (await stripe.paymentIntents.list({ limit: 100 })).data.length;
    const routes: Array<[string, string | null, unknown]> = [
      ['/api/sessions', kiosk.token, { items: [{ id: 'latte', quantity: 1 }] }],
      ['/api/kiosk/heartbeat', kiosk.token, {}],
      [`/api/sessions/${session.sessionId}/progress`, kiosk.token, { status: 'connecting' }],
      [`/api/sessions/${session.sessionId}/complete`, kiosk.token, { paymentIntentId: session.paymentIntentId }],
      ['/api/pair', null, { code: 'ABCD-EFGH' }],
      ['/api/admin/login', null, { token: ADMIN_TOKEN }],
      ['/api/admin/kiosks', ADMIN_TOKEN, { name: 'Sent as text' }],
    ];
    for (const [path, token, body] of routes) {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', null]) {
        const headers = new Headers({ 'CF-Connecting-IP': randomClientIp() });
        if (token) headers.set('Authorization', `Bearer ${token}`);
        if (type) headers.set('Content-Type', type);
        // Bytes, so that no Content-Type is added when the test sends none.
        const res = await exports.default.fetch(
          new Request(`http://kiosk.test${path}`, { method: 'POST', headers, body: new TextEncoder().encode(JSON.stringify(body)) }),
        );
        expect(res.status, `${path} as ${type}`).toBe(415);
        expect(await res.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
      }
    }
    expect((await stripe.paymentIntents.list({ limit: 100 })).data.length).toBe(before);
    expect((await call(`/api/sessions/${session.sessionId}`, { token: kiosk.token })).body.status).toBe('idle');
  });

  it('a body whose JSON media type is unusual is refused (415), never read as an empty body: a partial refund stays partial', async () => {
    const kiosk = await provisionKiosk();
    const { body: session } = await createSession(kiosk.token);
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    await call(`/api/sessions/${session.sessionId}/complete`, { token: kiosk.token, body: { paymentIntentId: session.paymentIntentId } });
    for (const type of ['application/vnd.kiosk+v2+json', 'application/a+json+json']) {
      const res = await exports.default.fetch(
        new Request(`http://kiosk.test/api/admin/sessions/${session.sessionId}/refunds`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': type, 'CF-Connecting-IP': randomClientIp() },
          body: JSON.stringify({ amount: 100 }),
        }),
      );
      expect(res.status, type).toBe(415);
      expect(await res.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
    }
    expect((await stripe.refunds.list({ payment_intent: session.paymentIntentId })).data).toEqual([]);
  });

  it('refuses oversized bodies with 413 before any work, even before checking the token', async () => {
    const kiosk = await provisionKiosk();
    const { body: session } = await createSession(kiosk.token);
    const before = (await stripe.paymentIntents.list({ limit: 100 })).data.length;
    const huge = JSON.stringify({ items: [{ id: 'latte', quantity: 1 }], pad: 'x'.repeat(64 * 1024) });
    for (const path of ['/api/sessions', `/api/sessions/${session.sessionId}/complete`, '/api/admin/kiosks']) {
      for (const token of [kiosk.token, null]) {
        const res = await call(path, { token, body: huge });
        expect(res, path).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
      }
    }
    // A body streamed without a Content-Length is measured as it arrives.
    const streamed = await exports.default.fetch(
      new Request('http://kiosk.test/api/sessions', {
        method: 'POST',
        headers: { Authorization: `Bearer ${kiosk.token}`, 'Content-Type': 'application/json' },
        body: new Blob([huge]).stream(),
      }),
    );
    expect(streamed.status).toBe(413);
    const webhook = await postWebhook(JSON.stringify(eventFor('payment_intent.created', { pad: 'x'.repeat(600 * 1024) })));
    expect(webhook.status).toBe(413);
    expect((await stripe.paymentIntents.list({ limit: 100 })).data.length).toBe(before);
  });

  it('every route that takes a body refuses one over its limit with 413 in the one error envelope, and changes nothing', async () => {
    const kiosk = await provisionKiosk();
    const { body: session } = await createSession(kiosk.token);
    const over = (bytes: number) => JSON.stringify({ pad: 'x'.repeat(bytes) });
    const routes: Array<[string, string, string | null, string]> = [
      ['POST', '/api/kiosk/heartbeat', kiosk.token, over(16 * 1024)],
      ['POST', '/api/connection-token', kiosk.token, over(16 * 1024)],
      ['POST', `/api/sessions/${session.sessionId}/progress`, kiosk.token, over(16 * 1024)],
      ['POST', `/api/sessions/${session.sessionId}/cancel`, kiosk.token, over(16 * 1024)],
      ['POST', `/api/sessions/${session.sessionId}/retry`, kiosk.token, over(16 * 1024)],
      ['POST', `/api/sessions/${session.sessionId}/live`, kiosk.token, over(16 * 1024)],
      ['POST', '/api/pair', null, over(16 * 1024)],
      ['POST', '/api/admin/login', null, over(16 * 1024)],
      ['PATCH', `/api/admin/kiosks/${kiosk.kioskId}`, ADMIN_TOKEN, over(16 * 1024)],
      ['POST', `/api/admin/sessions/${session.sessionId}/refunds`, ADMIN_TOKEN, over(16 * 1024)],
      ['POST', `/api/admin/sessions/${session.sessionId}/cancel`, ADMIN_TOKEN, over(16 * 1024)],
      ['PUT', '/api/admin/catalog/categories/oversized', ADMIN_TOKEN, over(16 * 1024)],
      ['PUT', '/api/admin/catalog/items/oversized', ADMIN_TOKEN, over(256 * 1024)],
    ];
    for (const [method, path, token, body] of routes) {
      const res = await call(path, { method, token, body });
      expect(res, `${method} ${path}`).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large', message: expect.stringMatching(/\d+ bytes/) } } });
    }
    expect((await call(`/api/sessions/${session.sessionId}`, { token: kiosk.token })).body.status).toBe('idle');
    expect((await call('/api/admin/kiosks/' + kiosk.kioskId, { token: ADMIN_TOKEN })).body.kiosk.name).toBe('Test kiosk');
  });
});

describe('rate limits per kiosk', () => {
  /**
   * Sends requests until one is refused. The limiter counts in fixed one-minute windows: a run that crosses into the
   * next window gets up to one more window's worth before the refusal, never fewer than the limit.
   */
  async function untilRefused<R extends { status: number }>(limit: number, send: () => Promise<R>) {
    const responses: R[] = [];
    while (responses.length <= 2 * limit && responses.at(-1)?.status !== 429) responses.push(await send());
    return { statuses: responses.map((r) => r.status), refused: responses.at(-1)! };
  }

  it('session creation beyond the limit gets 429 with Retry-After, for that kiosk only', async () => {
    const busy = await provisionKiosk();
    const { statuses, refused } = await untilRefused(30, () => createSession(busy.token));
    // 30 a minute, as the README says: the 31st is the first refused.
    expect(statuses).toHaveLength(31);
    expect(statuses.slice(0, 30).every((s) => s === 201)).toBe(true);
    expect(refused).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    const calm = await provisionKiosk();
    expect((await createSession(calm.token)).status).toBe(201);
  });

  it('a create replayed with the same Idempotency-Key counts against the session budget too: a replay loop is throttled', async () => {
    const busy = await provisionKiosk();
    const replay = () => createSession(busy.token, [{ id: 'latte', quantity: 1 }], { 'Idempotency-Key': 'order-replayed-in-a-loop' });
    const { statuses, refused } = await untilRefused(30, replay);
    expect(statuses).toHaveLength(31);
    expect(statuses.slice(0, 30).every((s) => s === 201)).toBe(true);
    expect(refused).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
  });

  it("Stripe-calling checkout actions beyond 120 a minute get 429 with Retry-After; the refused cancel changes nothing, and another kiosk's actions go on", async () => {
    const busy = await provisionKiosk();
    const { body: session } = await createSession(busy.token);
    const complete = (token: string, s: { sessionId: string; paymentIntentId: string }) =>
      call(`/api/sessions/${s.sessionId}/complete`, { token, body: { paymentIntentId: s.paymentIntentId } });
    const { statuses, refused } = await untilRefused(120, () => complete(busy.token, session));
    expect(statuses).toHaveLength(121);
    expect(statuses.slice(0, 120).every((s) => s === 200)).toBe(true);
    expect(refused).toMatchObject({ status: 429, body: { error: { code: 'rate_limited', message: expect.stringMatching(/\w/) } } });
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('Retry-After'))).toBeLessThanOrEqual(60);

    const cancel = await call(`/api/sessions/${session.sessionId}/cancel`, { token: busy.token, method: 'POST' });
    expect(cancel).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
    expect((await call(`/api/sessions/${session.sessionId}`, { token: busy.token })).body.status).toBe('idle');
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('requires_payment_method');

    const calm = await provisionKiosk();
    const { body: calmSession } = await createSession(calm.token);
    expect((await complete(calm.token, calmSession)).status).toBe(200);
    expect((await call(`/api/sessions/${calmSession.sessionId}/cancel`, { token: calm.token, method: 'POST' })).body.status).toBe('cancelled');
  });

  it('connection tokens beyond the limit get 429 with Retry-After', async () => {
    const busy = await provisionKiosk();
    const { statuses, refused } = await untilRefused(60, () => call('/api/connection-token', { token: busy.token, method: 'POST' }));
    expect(statuses).toHaveLength(61);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(refused).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('Retry-After'))).toBeLessThanOrEqual(60);
    // Another kiosk's budget is its own.
    const calm = await provisionKiosk();
    expect((await call('/api/connection-token', { token: calm.token, method: 'POST' })).status).toBe(200);
  });

  it("calls about the kiosk's simulated reader beyond the limit get 429 with Retry-After, for that kiosk only", async () => {
    const busy = await provisionKiosk();
    const reader = await readerFor(busy.token);
    const readerCall = (token: string, id: string) => call(`/api/simulated-reader/readers/${id}/cancel`, { token, method: 'POST' });
    const { statuses, refused } = await untilRefused(120, () => readerCall(busy.token, reader));
    // Finding the reader was the first of its 120; nothing to cancel: Stripe answers with the idle reader all the same.
    expect(statuses).toHaveLength(120);
    expect([...new Set(statuses.slice(0, 119))]).toEqual([200]);
    expect(refused).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('Retry-After'))).toBeLessThanOrEqual(60);
    const calm = await provisionKiosk();
    expect((await readerCall(calm.token, await readerFor(calm.token))).status).toBe(200);
  });
});

describe('browser-facing protections', () => {
  it('puts the security headers on every response, errors included', async () => {
    const responses = {
      health: await exports.default.fetch('http://kiosk.test/api/health'),
      unauthorized: await exports.default.fetch('http://kiosk.test/api/catalog'),
      notFound: await exports.default.fetch('http://kiosk.test/api/nope'),
      badWebhook: await exports.default.fetch('http://kiosk.test/api/webhooks/stripe', { method: 'POST', body: '{}' }),
      stripeApi: await exports.default.fetch('http://kiosk.test/v1/payment_intents', bearer('sk_test_x')),
      page: await exports.default.fetch('http://kiosk.test/'),
      misconfigured: await fetchWith({ STRIPE_SECRET_KEY: 'sk_live_x', STRIPE_MODE: 'test' }, '/api/health'),
    };
    for (const [name, res] of Object.entries(responses)) {
      await res.body?.cancel();
      const csp = res.headers.get('Content-Security-Policy') ?? '';
      expect(csp, name).toContain("script-src 'self' https://js.stripe.com;");
      expect(csp, name).toContain("default-src 'self'");
      expect(csp, name).toContain("frame-ancestors 'none'");
      // Not covered by default-src (MDN): without it a form injected into the console could send the admin token anywhere.
      expect(csp, name).toContain("form-action 'self'");
      // Browsers without frame-ancestors read X-Frame-Options: the same answer, no framing at all (not even our own).
      expect(res.headers.get('X-Frame-Options'), name).toBe('DENY');
      expect(res.headers.get('X-Content-Type-Options'), name).toBe('nosniff');
      expect(res.headers.get('Referrer-Policy'), name).toBe('no-referrer');
      expect(res.headers.get('Strict-Transport-Security'), name).toMatch(/max-age=/);
    }
  });

  it('allows cross-origin calls only from the configured kiosk origins', async () => {
    const configured = { KIOSK_ORIGINS: 'https://kiosk.example, https://lobby.example' };
    const preflight = (origin: string, overrides: Partial<Env> = configured) =>
      fetchWith(overrides, '/api/sessions', {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
      });
    const allowed = await preflight('https://lobby.example');
    expect(allowed.headers.get('Access-Control-Allow-Origin')).toBe('https://lobby.example');
    expect(allowed.headers.get('Access-Control-Allow-Headers')).toMatch(/Authorization/i);
    expect((await preflight('https://evil.example')).headers.get('Access-Control-Allow-Origin')).toBeNull();
    expect((await preflight('https://kiosk.example', {})).headers.get('Access-Control-Allow-Origin')).toBeNull();
    const simple = await fetchWith(configured, '/api/health', { headers: { Origin: 'https://evil.example' } });
    expect(simple.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it("every API answer says the worker's time in a Date header (RFC 9110), errors included, readable by the kiosk origins: tablets' clocks are often wrong", async () => {
    const responses = {
      health: await exports.default.fetch('http://kiosk.test/api/health'),
      unauthorized: await exports.default.fetch('http://kiosk.test/api/catalog'),
      notFound: await exports.default.fetch('http://kiosk.test/api/nope'),
    };
    for (const res of Object.values(responses)) await res.body?.cancel();
    const session = await createSession();
    expect(session.status).toBe(201);
    for (const [name, { headers }] of Object.entries({ ...responses, session })) {
      const date = headers.get('Date') ?? '';
      expect(date, name).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
      // The worker's own now (a loaded machine may take a while to answer), not a fixed or zero time.
      expect(Math.abs(Date.parse(date) - Date.now()), name).toBeLessThan(60_000);
    }
    const configured = { KIOSK_ORIGINS: 'https://kiosk.example' };
    const crossOrigin = await fetchWith(configured, '/api/health', { headers: { Origin: 'https://kiosk.example' } });
    expect(crossOrigin.headers.get('Access-Control-Expose-Headers')).toMatch(/(^|, ?)Date(,|$)/i);
  });
});

describe('logs', () => {
  it('never contain tokens, secrets, client secrets or card numbers, through a whole day of trouble', async () => {
    const lines: unknown[][] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(args);
      });
    }
    await simulator('POST', 'webhooks', { mode: 'immediate' });
    const kiosk = await provisionKiosk();
    const token = await call('/api/connection-token', { token: kiosk.token, method: 'POST' });
    const { body: paid } = await createSession(kiosk.token);
    await payWithCard(kiosk.token, paid.paymentIntentId, '4000000000000002');
    await payWithCard(kiosk.token, paid.paymentIntentId, VISA);
    await call(`/api/sessions/${paid.sessionId}/complete`, { token: kiosk.token, body: { paymentIntentId: paid.paymentIntentId } });
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents', kind: 'error_500', count: 3 });
    const failed = await createSession(kiosk.token);
    expect(failed.status).toBe(502);
    await simulator('DELETE', 'faults');
    const { body: cancelled } = await createSession(kiosk.token);
    await call(`/api/sessions/${cancelled.sessionId}/cancel`, { token: kiosk.token, method: 'POST' });
    await postWebhook('{"id":"evt_forged"}', 't=1,v1=00');
    await call('/api/kiosk', { token: 'kt_wrong_token_value' });
    await vi.waitFor(async () => expect(await simulator('GET', 'webhooks')).toMatchObject({ pending: 0 }), { timeout: 10_000 });

    expect(lines.length).toBeGreaterThan(0);
    const logged = JSON.stringify(lines, (_key, value) => (value instanceof Error ? `${value.message}\n${value.stack}` : value));
    const secrets = [
      kiosk.token,
      token.body.secret,
      paid.clientSecret,
      cancelled.clientSecret,
      '_secret_',
      '4242424242424242',
      '4000000000000002',
      ADMIN_TOKEN,
      DEV_KIOSK_TOKEN,
      'whsec_simulated_dev_secret',
      'sk_test_simulated',
      'kt_wrong_token_value',
    ];
    for (const secret of secrets) expect(logged, secret).not.toContain(secret);
  });

  it("name the kiosk of the trouble they report: a reader refusing its payment, Stripe failing its request, its ledger row refused", async () => {
    const lines: Record<string, unknown>[] = [];
    for (const method of ['log', 'info', 'warn', 'error'] as const) {
      vi.spyOn(console, method).mockImplementation((line: unknown) => {
        if (typeof line === 'string' && line.startsWith('{')) lines.push(JSON.parse(line));
      });
    }
    const logged = (event: string) => lines.filter((line) => line.event === event);

    const serverDriven = await serverDrivenKiosk();
    await simulator('POST', `readers/${serverDriven.readerId}/offline`);
    const refused = await start(serverDriven.token);
    expect(refused.status).toBe(503);
    expect(logged('reader_refused_payment')[0]).toMatchObject({ sessionId: refused.body.error.sessionId, kioskId: serverDriven.kioskId });

    const kiosk = await provisionKiosk();
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/terminal/connection_tokens', kind: 'error_500', count: 5 });
    expect((await call('/api/connection-token', { token: kiosk.token, method: 'POST' })).status).toBeGreaterThanOrEqual(500);
    await simulator('DELETE', 'faults');
    expect(logged('stripe_call_failed')[0]).toMatchObject({ path: '/api/connection-token', kioskId: kiosk.kioskId });

    await env.DB.exec('ALTER TABLE sessions RENAME TO sessions_away');
    let sessionId = '';
    try {
      sessionId = (await createSession(kiosk.token)).body.sessionId;
      await vi.waitFor(() => expect(logged('ledger_write_failed').some((line) => line.sessionId === sessionId)).toBe(true), { timeout: 10_000 });
    } finally {
      await env.DB.exec('ALTER TABLE sessions_away RENAME TO sessions');
    }
    expect(logged('ledger_write_failed').find((line) => line.sessionId === sessionId)).toMatchObject({ kioskId: kiosk.kioskId });
  });
});
