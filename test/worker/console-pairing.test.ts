import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADMIN_TOKEN, call, provisionKiosk, randomClientIp } from './kiosk-client.ts';

const pairingCode = (kioskId: string) => call(`/api/admin/kiosks/${kioskId}/pairing-code`, { token: ADMIN_TOKEN, method: 'POST' });
const pair = (code: unknown, client = randomClientIp()) =>
  call('/api/pair', { token: null, body: { code }, headers: { 'CF-Connecting-IP': client } });

/** No 0/O or 1/I/L: nothing a person could misread. */
const CODE = /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;

afterEach(() => {
  vi.useRealTimers();
});

describe('pairing a tablet with a one-time code', () => {
  it('the console gets a short code to type or scan, valid for 10 minutes, with the kiosk app URL carrying it in its fragment', async () => {
    const kiosk = await provisionKiosk('Pairing kiosk');
    const before = Date.now();
    const { status, body } = await pairingCode(kiosk.kioskId);
    expect(status).toBe(201);
    expect(body.code).toMatch(CODE);
    expect(body.kioskId).toBe(kiosk.kioskId);
    expect(body.expiresAt - before).toBeGreaterThan(9 * 60_000);
    expect(body.expiresAt - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    expect(body.url).toBe(`http://kiosk.test/#pair=${body.code}`);
  });

  it("the tablet exchanges the code for its kiosk's token; the previous tablet's token stops working", async () => {
    const kiosk = await provisionKiosk('Replaced tablet');
    const { code } = (await pairingCode(kiosk.kioskId)).body;
    const paired = await pair(code);
    expect(paired).toMatchObject({ status: 200, body: { kioskId: kiosk.kioskId, token: expect.stringMatching(/^kt_ki_/) } });
    expect(await call('/api/kiosk', { token: paired.body.token })).toMatchObject({ status: 200, body: { kioskId: kiosk.kioskId } });
    expect((await call('/api/kiosk', { token: kiosk.token })).status).toBe(401);
  });

  it('takes the code however it was typed: lower case, spaces, no hyphen', async () => {
    const kiosk = await provisionKiosk('Sloppy typist');
    const { code } = (await pairingCode(kiosk.kioskId)).body as { code: string };
    const typed = ` ${code.slice(0, 2).toLowerCase()} ${code.slice(2, 4)}${code.slice(5).toLowerCase()} `;
    expect((await pair(typed)).status).toBe(200);
  });

  it('a code pairs one tablet only: used again, it says so (410)', async () => {
    const kiosk = await provisionKiosk('Used code');
    const { code } = (await pairingCode(kiosk.kioskId)).body;
    const first = await pair(code);
    expect(first.status).toBe(200);
    const again = await pair(code);
    expect(again).toMatchObject({ status: 410, body: { error: { code: 'pairing_code_used' } } });
    expect(again.body.error.message).toMatch(/already used/);
    // The tablet that paired keeps working.
    expect((await call('/api/kiosk', { token: first.body.token })).status).toBe(200);
  });

  it('two tablets racing with the same code: one is paired, the other hears the code was used', async () => {
    const kiosk = await provisionKiosk('Race');
    const { code } = (await pairingCode(kiosk.kioskId)).body;
    const results = await Promise.all([pair(code), pair(code), pair(code)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 410, 410]);
    const winner = results.find((r) => r.status === 200)!;
    expect((await call('/api/kiosk', { token: winner.body.token })).status).toBe(200);
  });

  it('a code older than 10 minutes has expired (410), and says so', async () => {
    const kiosk = await provisionKiosk('Slow installer');
    const { code } = (await pairingCode(kiosk.kioskId)).body;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 10 * 60_000 + 1000);
    const res = await pair(code);
    expect(res).toMatchObject({ status: 410, body: { error: { code: 'pairing_code_expired' } } });
    expect(res.body.error.message).toMatch(/expired/);
    expect((await call('/api/kiosk', { token: kiosk.token })).status).toBe(200);
  });

  it('a new code for the kiosk replaces the one not used yet', async () => {
    const kiosk = await provisionKiosk('Second code');
    const first = (await pairingCode(kiosk.kioskId)).body.code;
    const second = (await pairingCode(kiosk.kioskId)).body.code;
    expect(await pair(first)).toMatchObject({ status: 410, body: { error: { code: 'pairing_code_expired' } } });
    expect((await pair(second)).status).toBe(200);
  });

  it('an unknown code is 404; something that cannot be a code is 400', async () => {
    expect(await pair('ABCD-EFGH')).toMatchObject({ status: 404, body: { error: { code: 'pairing_code_unknown' } } });
    for (const code of ['ABCD-EFG', 'ABCD-EFGHJ', 'ABCD-EF0O', 'I1L0-2345', '', 42, null]) {
      const res = await pair(code);
      expect(res.status, String(code)).toBe(400);
    }
    expect((await call('/api/pair', { token: null, body: { code: 'ABCD-EFGH', kioskId: 'ki_x' } })).status).toBe(400);
  });

  it('too many tries from one client are refused (429), so codes cannot be guessed', async () => {
    const client = randomClientIp();
    // The real code is made first, so that it is tried at once after the refusal, in the same one-minute window.
    const kiosk = await provisionKiosk('Patient');
    const { code } = (await pairingCode(kiosk.kioskId)).body;
    let last = await pair('ABCD-EFGH', client);
    for (let i = 0; i < 40 && last.status !== 429; i++) last = await pair('ABCD-EFGH', client);
    expect(last).toMatchObject({ status: 429, body: { error: { code: 'too_many_attempts' } } });
    expect(last.headers.get('Retry-After')).toBe('60');
    // Even a real code waits: the limit is the client's.
    expect((await pair(code, client)).status).toBe(429);
  });

  it('an IPv6 client is its /64 network: tries from ever-new addresses of one network share its 30 a minute', async () => {
    const network = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:9`;
    // Fixed one-minute windows: a run that crosses into the next one gets up to 30 more tries.
    const statuses: number[] = [];
    for (let i = 1; i <= 61 && statuses.at(-1) !== 429; i++) statuses.push((await pair('ABCD-EFGH', `${network}::${i.toString(16)}`)).status);
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(404));
    expect(statuses.at(-1)).toBe(429);
    expect((await pair('ABCD-EFGH', `${network}1::1`)).status).toBe(404);
  });

  it('a disabled kiosk gets no code (409), and a code given before the kiosk was disabled pairs nothing, then or after it is enabled (410)', async () => {
    const kiosk = await provisionKiosk('Disabled');
    const { code } = (await pairingCode(kiosk.kioskId)).body;
    await call(`/api/admin/kiosks/${kiosk.kioskId}/disable`, { token: ADMIN_TOKEN, method: 'POST' });
    expect(await pairingCode(kiosk.kioskId)).toMatchObject({ status: 409, body: { error: { code: 'kiosk_disabled' } } });
    expect(await pair(code)).toMatchObject({ status: 410, body: { error: { code: 'pairing_code_expired' } } });
    await call(`/api/admin/kiosks/${kiosk.kioskId}/enable`, { token: ADMIN_TOKEN, method: 'POST' });
    expect(await pair(code)).toMatchObject({ status: 410, body: { error: { code: 'pairing_code_expired' } } });
    // The operator can see the kiosk is enabled and give a new code, which pairs.
    expect((await pair((await pairingCode(kiosk.kioskId)).body.code)).status).toBe(200);
  });

  it("rotating the kiosk's token ends the code not used yet: it pairs nothing and says it expired (410); a code asked for after the rotation pairs", async () => {
    const kiosk = await provisionKiosk('Rotated before pairing');
    const before = (await pairingCode(kiosk.kioskId)).body.code;
    const rotated = await call(`/api/admin/kiosks/${kiosk.kioskId}/rotate`, { token: ADMIN_TOKEN, method: 'POST' });
    expect(rotated.status).toBe(200);
    expect(await pair(before)).toMatchObject({ status: 410, body: { error: { code: 'pairing_code_expired' } } });
    // Nothing was paired: the token the operator got from the rotation still works.
    expect((await call('/api/kiosk', { token: rotated.body.token })).status).toBe(200);
    const after = (await pairingCode(kiosk.kioskId)).body.code;
    expect((await pair(after)).status).toBe(200);
  });

  /**
   * A tablet's exchange claims its code, then asks the kiosk's object for a token: an operator's rotation or disable
   * can land in between, after it ended the kiosk's unused codes (this one, already claimed, not among them). The
   * race is laid out by hand: the ended code is opened again, as the claim before the operator's change left it.
   */
  const reopenCodes = (kioskId: string) =>
    env.DB.prepare('UPDATE pairing_codes SET expires_at = ? WHERE kiosk_id = ?').bind(Date.now() + 60_000, kioskId).run();

  it("a rotation landing while a code is exchanged wins: the code pairs nothing (410) and the operator's new token keeps working", async () => {
    const kiosk = await provisionKiosk('Rotated mid-exchange');
    const { code } = (await pairingCode(kiosk.kioskId)).body;
    const rotated = await call(`/api/admin/kiosks/${kiosk.kioskId}/rotate`, { token: ADMIN_TOKEN, method: 'POST' });
    await reopenCodes(kiosk.kioskId);
    expect(await pair(code)).toMatchObject({ status: 410, body: { error: { code: 'pairing_code_expired' } } });
    expect((await call('/api/kiosk', { token: rotated.body.token })).status).toBe(200);
  });

  it('a disable landing while a code is exchanged wins, and the code does not pair once the kiosk is enabled again', async () => {
    const kiosk = await provisionKiosk('Disabled mid-exchange');
    const { code } = (await pairingCode(kiosk.kioskId)).body;
    await call(`/api/admin/kiosks/${kiosk.kioskId}/disable`, { token: ADMIN_TOKEN, method: 'POST' });
    await reopenCodes(kiosk.kioskId);
    expect(await pair(code)).toMatchObject({ status: 403, body: { error: { code: 'kiosk_disabled' } } });
    await call(`/api/admin/kiosks/${kiosk.kioskId}/enable`, { token: ADMIN_TOKEN, method: 'POST' });
    expect(await pair(code)).toMatchObject({ status: 410, body: { error: { code: 'pairing_code_used' } } });
    expect((await call('/api/kiosk', { token: kiosk.token })).status).toBe(200);
  });

  it('codes are for kiosks that exist (404), and only operators get them (401)', async () => {
    expect(await pairingCode('ki_000000000000000000000000')).toMatchObject({ status: 404, body: { error: { code: 'kiosk_not_found' } } });
    // An id that cannot be a kiosk's is as unknown as one that is not.
    for (const id of ['not-a-kiosk', 'ki_nope']) {
      const res = await call(`/api/admin/kiosks/${id}/pairing-code`, { token: ADMIN_TOKEN, method: 'POST' });
      expect(res, id).toMatchObject({ status: 404, body: { error: { code: 'kiosk_not_found' } } });
    }
    const kiosk = await provisionKiosk('Operators only');
    for (const token of [null, kiosk.token, 'wrong-admin-token']) {
      expect((await call(`/api/admin/kiosks/${kiosk.kioskId}/pairing-code`, { token, method: 'POST' })).status).toBe(401);
    }
  });
});
