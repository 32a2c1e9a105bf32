import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { upsert, type SessionRow } from '../../worker/ledger/rows.ts';
import { ADMIN_TOKEN, call, createSession, payWithCard, provisionKiosk } from './kiosk-client.ts';
import { sessionObject, simulator } from './stripe-test-controls.ts';

const VISA = '4242424242424242';
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });
const admin = async (path: string) => (await call(`/api/admin${path}`, { token: ADMIN_TOKEN })).body;

const ledgerRows = async <T>(sql: string, ...bindings: unknown[]) => (await env.DB.prepare(sql).bind(...bindings).all<T>()).results;

/** A kiosk's payment, start to finish, as a customer makes it. */
async function paidSession(token: string, items = [{ id: 'latte', quantity: 1 }], headers: Record<string, string> = {}) {
  const { body: session } = await createSession(token, items, headers);
  await payWithCard(token, session.paymentIntentId, VISA);
  await call(`/api/sessions/${session.sessionId}/complete`, { token, body: { paymentIntentId: session.paymentIntentId } });
  return session;
}

afterEach(async () => {
  await simulator('DELETE', 'faults');
  await simulator('POST', 'webhooks', { mode: 'immediate' });
});

describe('the fleet ledger in D1', () => {
  it('records each session and payment with kiosk, Location, amount, currency, status, PaymentIntent, charge and times', async () => {
    const kiosk = await provisionKiosk('Ledger kiosk');
    const session = await paidSession(kiosk.token);
    await eventually(async () => (await admin(`/sessions?kioskId=${kiosk.kioskId}`)).sessions[0]?.status).toBe('success');
    const [listed] = (await admin(`/sessions?kioskId=${kiosk.kioskId}`)).sessions;
    expect(listed).toMatchObject({
      sessionId: session.sessionId,
      kioskId: kiosk.kioskId,
      locationId: kiosk.kiosk.locationId,
      amount: 550,
      currency: 'usd',
      status: 'success',
      paymentIntentId: session.paymentIntentId,
      chargeId: expect.stringMatching(/^ch_/),
      refunded: 0,
    });
    expect(listed.updatedAt).toBeGreaterThanOrEqual(listed.createdAt);
    const payments = await ledgerRows<{ amount: number; charge_id: string; card_last4: string }>(
      'SELECT * FROM payments WHERE session_id = ?',
      session.sessionId,
    );
    expect(payments).toEqual([expect.objectContaining({ amount: 550, charge_id: listed.chargeId, card_last4: '4242' })]);
  });

  it('counts every payment once through retried creates, duplicated and reordered webhooks', async () => {
    await simulator('POST', 'webhooks', { mode: 'duplicated' });
    const kiosk = await provisionKiosk('Busy kiosk');
    const key = { 'Idempotency-Key': `key-${crypto.randomUUID()}` };
    const first = await paidSession(kiosk.token, [{ id: 'americano', quantity: 2 }], key);
    // The kiosk never heard back and retries its create: the same session, nothing new.
    expect((await createSession(kiosk.token, [{ id: 'americano', quantity: 2 }], key)).body.sessionId).toBe(first.sessionId);
    await simulator('POST', 'webhooks', { mode: 'reordered', delayMs: 300 });
    await paidSession(kiosk.token, [{ id: 'bagel', quantity: 1 }]);
    await eventually(async () => (await simulator('GET', 'webhooks') as { pending: number }).pending).toBe(0);

    await eventually(async () => (await admin(`/sessions?kioskId=${kiosk.kioskId}&status=success`)).sessions.length).toBe(2);
    const [totals] = await ledgerRows<{ payments: number; total: number }>(
      'SELECT COUNT(*) AS payments, SUM(amount) AS total FROM payments WHERE kiosk_id = ?',
      kiosk.kioskId,
    );
    expect(totals).toEqual({ payments: 2, total: 900 + 300 });
    expect((await admin(`/sessions?kioskId=${kiosk.kioskId}`)).sessions).toHaveLength(2);
  });

  it('a snapshot written late never overwrites a newer one, and the same snapshot twice changes nothing', async () => {
    const row = (status: string, version: number): SessionRow => ({
      id: `cs_${crypto.randomUUID().replaceAll('-', '')}`,
      kiosk_id: 'ki_000000000000000000000001',
      location_id: 'tml_x',
      amount: 550,
      tip: 0,
      currency: 'usd',
      status,
      payment_intent_id: 'pi_x',
      charge_id: null,
      refunded: 0,
      order_number: null,
      service_mode: null,
      cancellation_reason: null,
      attention_reason: null,
      created_at: 1,
      updated_at: version,
      version,
    });
    const newer = row('success', 5);
    const older = { ...row('waiting_card', 3), id: newer.id };
    await env.DB.batch([upsert(env.DB, { table: 'sessions', row: newer }), upsert(env.DB, { table: 'sessions', row: newer })]);
    await upsert(env.DB, { table: 'sessions', row: older }).run();
    expect(await ledgerRows('SELECT status, version FROM sessions WHERE id = ?', newer.id)).toEqual([{ status: 'success', version: 5 }]);
  });

  it('rows the ledger could not take are written once it can', async () => {
    const kiosk = await provisionKiosk('Patient kiosk');
    await env.DB.exec('ALTER TABLE sessions RENAME TO sessions_away');
    let created;
    try {
      created = (await createSession(kiosk.token)).body;
      expect(created.status).toBe('idle');
      // The kiosk is served while D1 refuses the row.
      expect((await call(`/api/sessions/${created.sessionId}`, { token: kiosk.token })).status).toBe(200);
    } finally {
      await env.DB.exec('ALTER TABLE sessions_away RENAME TO sessions');
    }
    await eventually(async () => (await admin(`/sessions?kioskId=${kiosk.kioskId}`)).sessions.map((s: { sessionId: string }) => s.sessionId)).toEqual([
      created.sessionId,
    ]);
  });

  it("while D1 refuses a kiosk's directory row, its object tries again later and later, and writes the row once D1 answers", async () => {
    const kiosk = await provisionKiosk('Patient directory', {}, { reader: false });
    const directoryName = async () => (await ledgerRows<{ name: string }>('SELECT name FROM kiosks WHERE id = ?', kiosk.kioskId))[0]?.name;
    await eventually(directoryName).toBe('Patient directory');
    const kioskObject = env.KIOSK.getByName(kiosk.kioskId);
    // How far ahead the object's next try is scheduled, just after a try.
    const nextTryIn = async () => {
      expect(await runDurableObjectAlarm(kioskObject)).toBe(true);
      return runInDurableObject(kioskObject, async (_object, state) => ((await state.storage.getAlarm()) ?? Number.NaN) - Date.now());
    };
    const rename = (name: string) => call(`/api/admin/kiosks/${kiosk.kioskId}`, { token: ADMIN_TOKEN, method: 'PATCH', body: { name } });
    await env.DB.exec('ALTER TABLE kiosks RENAME TO kiosks_away');
    try {
      expect((await rename('Renamed in an outage')).status).toBe(200);
      const waits: number[] = [];
      for (let i = 0; i < 6; i++) waits.push(await nextTryIn());
      // Each try waits twice as long as the one before (the first may have run on its own already), up to a minute.
      expect(waits[0]).toBeGreaterThanOrEqual(4_000);
      for (let i = 1; i < 4; i++) expect(waits[i]).toBeGreaterThan(1.5 * waits[i - 1]!);
      expect(Math.max(...waits)).toBeLessThanOrEqual(60_000);
      expect(waits.at(-1)).toBeGreaterThan(50_000);
    } finally {
      await env.DB.exec('ALTER TABLE kiosks_away RENAME TO kiosks');
    }
    expect(await runDurableObjectAlarm(kioskObject)).toBe(true);
    expect(await directoryName()).toBe('Renamed in an outage');
    // Written: nothing is left to try again.
    expect(await runDurableObjectAlarm(kioskObject)).toBe(false);

    // A later outage starts again from a short wait, not from the minute the last one reached.
    await env.DB.exec('ALTER TABLE kiosks RENAME TO kiosks_away');
    try {
      expect((await rename('Renamed again')).status).toBe(200);
      expect(await nextTryIn()).toBeLessThan(20_000);
    } finally {
      await env.DB.exec('ALTER TABLE kiosks_away RENAME TO kiosks');
    }
    expect(await runDurableObjectAlarm(kioskObject)).toBe(true);
    expect(await directoryName()).toBe('Renamed again');
  });

  it("rows D1 refused are still written after the checkout's object restarts (a deploy) and then hears its kiosk was disabled", async () => {
    const kiosk = await provisionKiosk('Restarted checkout');
    await env.DB.exec('ALTER TABLE sessions RENAME TO sessions_away');
    try {
      const { body: session } = await createSession(kiosk.token);
      expect((await call(`/api/sessions/${session.sessionId}/cancel`, { token: kiosk.token, method: 'POST' })).status).toBe(200);
      // Its alarm tries D1 (refused) and tells the kiosk's object the checkout ended.
      expect(await runDurableObjectAlarm(sessionObject(session.sessionId))).toBe(true);
      // The object is restarted, as every deploy restarts objects: what it kept only in memory is gone.
      await runInDurableObject(sessionObject(session.sessionId), (_object, state) => state.abort('deploy')).catch(() => {});
      expect((await call(`/api/admin/kiosks/${kiosk.kioskId}/disable`, { token: ADMIN_TOKEN, method: 'POST' })).status).toBe(200);
    } finally {
      await env.DB.exec('ALTER TABLE sessions_away RENAME TO sessions');
    }
    await eventually(async () => (await admin(`/sessions?kioskId=${kiosk.kioskId}`)).sessions.map((s: { status: string }) => s.status)).toEqual(['cancelled']);
  });
});

describe('operators read the ledger: filters and cursor pagination', () => {
  it('filters by kiosk, Location, status and creation time, newest first, and walks every page once', async () => {
    const store = await provisionKiosk('Store A');
    const other = await provisionKiosk('Store B');
    const opened: string[] = [];
    for (let i = 0; i < 5; i++) opened.push((await createSession(store.token)).body.sessionId);
    const paid = await paidSession(store.token);
    await createSession(other.token);
    await eventually(async () => (await admin(`/sessions?kioskId=${store.kioskId}&limit=100`)).sessions.length).toBe(6);
    await eventually(async () => (await admin(`/sessions?kioskId=${store.kioskId}&status=success`)).sessions.length).toBe(1);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { sessions: { sessionId: string; createdAt: number }[]; nextCursor: string | null } = await admin(
        `/sessions?kioskId=${store.kioskId}&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.sessions.length).toBeLessThanOrEqual(4);
      seen.push(...page.sessions.map((s) => s.sessionId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([...opened, paid.sessionId].sort());

    const byLocation = (await admin(`/sessions?locationId=${other.kiosk.locationId}`)).sessions;
    await eventually(async () => (await admin(`/sessions?locationId=${other.kiosk.locationId}`)).sessions.length).toBe(1);
    expect(byLocation.every((s: { kioskId: string }) => s.kioskId === other.kioskId)).toBe(true);
    const [success] = (await admin(`/sessions?kioskId=${store.kioskId}&status=success`)).sessions;
    expect(success.sessionId).toBe(paid.sessionId);

    const newestFirst = (await admin(`/sessions?kioskId=${store.kioskId}`)).sessions.map((s: { createdAt: number }) => s.createdAt);
    expect(newestFirst).toEqual([...newestFirst].sort((x, y) => y - x));
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await admin(`/sessions?kioskId=${store.kioskId}&from=${tomorrow}`)).sessions).toEqual([]);
    expect((await admin(`/sessions?kioskId=${store.kioskId}&to=${tomorrow}`)).sessions).toHaveLength(6);
    // A date as `to` is the whole of that day: from and to the same date is that day's sessions.
    const dayOf = (at: number) => new Date(at).toISOString().slice(0, 10);
    const day = dayOf(newestFirst[0]!);
    const thatDay = (await admin(`/sessions?kioskId=${store.kioskId}&from=${day}&to=${day}`)).sessions;
    expect(thatDay).toHaveLength(newestFirst.filter((at: number) => dayOf(at) === day).length);
    expect(thatDay.length).toBeGreaterThan(0);

    // The same filters by their short names, and times as the lists write them (milliseconds since the epoch).
    const paidAt = (await admin(`/sessions?kioskId=${store.kioskId}&status=success`)).sessions[0].createdAt as number;
    const fromPaid = await admin(`/sessions?kiosk=${store.kioskId}&location=${store.kiosk.locationId}&from=${paidAt}`);
    expect(fromPaid.sessions.map((s: { sessionId: string }) => s.sessionId)).toContain(paid.sessionId);
    expect(fromPaid.sessions.every((s: { createdAt: number }) => s.createdAt >= paidAt)).toBe(true);
    expect((await admin(`/sessions?kiosk=${store.kioskId}&to=${paidAt}`)).sessions).toHaveLength(5);
  });

  it('finds a session by the short reference its kiosk shows a customer who needs staff (the end of its id, any case)', async () => {
    const kiosk = await provisionKiosk('Reference kiosk');
    const { body: wanted } = await createSession(kiosk.token);
    await createSession(kiosk.token, [{ id: 'bagel', quantity: 1 }]);
    const reference = wanted.sessionId.slice(-6).toUpperCase();
    await eventually(async () => (await admin(`/sessions?reference=${reference}`)).sessions.map((s: { sessionId: string }) => s.sessionId)).toEqual([
      wanted.sessionId,
    ]);
  });

  it('takes the cursors of earlier versions (plain base64) as well as its own', async () => {
    const kiosk = await provisionKiosk();
    for (let i = 0; i < 3; i++) await createSession(kiosk.token);
    // The ledger is written off the request's path: all three rows first.
    await expect.poll(async () => (await admin(`/sessions?kioskId=${kiosk.kioskId}`)).sessions.length, { timeout: 15_000 }).toBe(3);
    const first = await admin(`/sessions?kioskId=${kiosk.kioskId}&limit=1`);
    const earlierForm = btoa(atob(first.nextCursor.replaceAll('-', '+').replaceAll('_', '/'))).replaceAll('=', '');
    const after = (cursor: string) => admin(`/sessions?kioskId=${kiosk.kioskId}&limit=1&cursor=${cursor}`);
    expect((await after(encodeURIComponent(earlierForm))).sessions).toEqual((await after(first.nextCursor)).sessions);
  });

  it('refuses a cursor it did not make, a from after to, and unknown filters, with 400', async () => {
    for (const query of [
      'reference=3F9A',
      'reference=not-hex',
      'cursor=nonsense',
      // Cursors this worker never makes: a time that is no time, a third part.
      `cursor=${btoa('[1e400,"x"]')}`,
      `cursor=${btoa('[1,"x",3]')}`,
      'from=2026-12-02&to=2026-12-01',
      'from=1764633600001&to=1764633600000',
      'status=paid',
      'color=blue',
      'limit=0',
      'from=yesterday',
      'from=-5',
      'kioskId=ki_a&kiosk=ki_b',
    ]) {
      const res = await call(`/api/admin/sessions?${query}`, { token: ADMIN_TOKEN });
      expect(res, query).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    }
    // The field is named once: the message says what it takes.
    const reference = await call('/api/admin/sessions?reference=3F9A', { token: ADMIN_TOKEN });
    expect(reference.body.error.message).toBe('reference: the 6 letters and digits the kiosk shows');
  });

  it('lists the kiosk directory by Location, with pagination, never a token', async () => {
    const first = await provisionKiosk('Lobby');
    const second = await provisionKiosk('Lobby 2', { locationId: first.kiosk.locationId });
    await provisionKiosk('Elsewhere');
    await eventually(async () => (await admin(`/kiosks?locationId=${first.kiosk.locationId}`)).kiosks.length).toBe(2);
    const page1 = await admin(`/kiosks?locationId=${first.kiosk.locationId}&limit=1`);
    const page2 = await admin(`/kiosks?locationId=${first.kiosk.locationId}&limit=1&cursor=${page1.nextCursor}`);
    expect([...page1.kiosks, ...page2.kiosks].map((k: { id: string }) => k.id).sort()).toEqual([first.kioskId, second.kioskId].sort());
    expect(page2.nextCursor).toBeNull();
    expect(page1.kiosks[0]).toMatchObject({ name: expect.any(String), locationId: first.kiosk.locationId, currency: 'usd', disabled: false });

    // By status, and by the Location's short name.
    await call(`/api/admin/kiosks/${second.kioskId}/disable`, { token: ADMIN_TOKEN, method: 'POST' });
    const disabled = async () => (await admin(`/kiosks?location=${first.kiosk.locationId}&status=disabled`)).kiosks.map((k: { id: string }) => k.id);
    await eventually(disabled).toEqual([second.kioskId]);
    expect((await admin(`/kiosks?location=${first.kiosk.locationId}&status=enabled`)).kiosks.map((k: { id: string }) => k.id)).toEqual([first.kioskId]);
    expect((await call('/api/admin/kiosks?status=asleep', { token: ADMIN_TOKEN })).status).toBe(400);
  });
});
