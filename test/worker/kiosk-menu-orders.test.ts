import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, call, provisionKiosk } from './kiosk-client.ts';

const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });

const LATTE = [{ id: 'latte', quantity: 1 }];
const order = (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  call('/api/sessions', { token, body: { items: LATTE, ...body }, headers });
const ledgerSession = async (kioskId: string, sessionId: string) =>
  (await call(`/api/admin/sessions?kioskId=${kioskId}`, { token: ADMIN_TOKEN })).body.sessions.find(
    (s: { sessionId: string }) => s.sessionId === sessionId,
  );

describe('dine-in or take-away', () => {
  it('where the operator turns it on, every order says which, and the session and the ledger record it', async () => {
    const kiosk = await provisionKiosk('Asks where you eat', { askServiceMode: true });
    expect(await order(kiosk.token, {})).toMatchObject({ status: 400, body: { error: { code: 'service_mode_required' } } });

    const res = await order(kiosk.token, { serviceMode: 'take_away' });
    expect(res).toMatchObject({ status: 201, body: { serviceMode: 'take_away' } });
    expect((await call(`/api/sessions/${res.body.sessionId}`, { token: kiosk.token })).body.serviceMode).toBe('take_away');
    await eventually(async () => (await ledgerSession(kiosk.kioskId, res.body.sessionId))?.serviceMode).toBe('take_away');

    expect((await order(kiosk.token, { serviceMode: 'dine_in' })).body.serviceMode).toBe('dine_in');
  });

  it('where it is off, orders record none, and an order that says one anyway is refused', async () => {
    const kiosk = await provisionKiosk('Does not ask');
    const res = await order(kiosk.token, {});
    expect(res).toMatchObject({ status: 201, body: { serviceMode: null } });
    await eventually(async () => (await ledgerSession(kiosk.kioskId, res.body.sessionId))?.sessionId).toBe(res.body.sessionId);
    expect((await ledgerSession(kiosk.kioskId, res.body.sessionId)).serviceMode).toBeNull();
    expect(await order(kiosk.token, { serviceMode: 'dine_in' })).toMatchObject({ status: 400, body: { error: { code: 'service_mode_not_offered' } } });
  });

  it('follows the setting as the operator changes it, and refuses what is not dine_in or take_away', async () => {
    const kiosk = await provisionKiosk('Changes its mind');
    await call(`/api/admin/kiosks/${kiosk.kioskId}`, { token: ADMIN_TOKEN, method: 'PATCH', body: { askServiceMode: true } });
    expect((await order(kiosk.token, {})).body.error.code).toBe('service_mode_required');
    for (const serviceMode of ['to_go', 'DINE_IN', null, 1]) {
      expect(await order(kiosk.token, { serviceMode }), String(serviceMode)).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    }
  });

  it('a retried order must say the same: the same key with the other choice is a conflict', async () => {
    const kiosk = await provisionKiosk('Retries', { askServiceMode: true });
    const key = { 'Idempotency-Key': crypto.randomUUID() };
    const first = await order(kiosk.token, { serviceMode: 'dine_in' }, key);
    expect((await order(kiosk.token, { serviceMode: 'dine_in' }, key)).body.sessionId).toBe(first.body.sessionId);
    expect(await order(kiosk.token, { serviceMode: 'take_away' }, key)).toMatchObject({ status: 409, body: { error: { code: 'idempotency_conflict' } } });
  });
});
