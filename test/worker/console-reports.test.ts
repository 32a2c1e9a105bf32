import { env, exports } from 'cloudflare:workers';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { storeDay } from '../../shared/store-day.ts';
import { upsert, type PaymentRow, type RefundRow } from '../../worker/ledger/rows.ts';
import { ADMIN_TOKEN, call, createSession, payWithCard, provisionKiosk, stripe } from './kiosk-client.ts';

const report = (query: string, accept?: string) =>
  call(`/api/admin/reports/daily?${query}`, { token: ADMIN_TOKEN, headers: accept ? { Accept: accept } : {} });

const at = (iso: string) => Date.parse(iso);
let sequence = 0;

function payment(locationId: string, currency: string, amount: number, paidAt: string, timeZone = 'UTC'): PaymentRow {
  const id = `pi_report_${++sequence}`;
  return {
    payment_intent_id: id,
    session_id: `cs_report_${sequence}`,
    kiosk_id: 'ki_000000000000000000000001',
    location_id: locationId,
    charge_id: `ch_report_${sequence}`,
    amount,
    currency,
    card_brand: 'visa',
    card_last4: '4242',
    paid_at: at(paidAt),
    store_day: storeDay(at(paidAt), timeZone),
    version: 1,
  };
}

function refund(locationId: string, amount: number, status: string, createdAt: string): RefundRow {
  return {
    id: `re_report_${++sequence}`,
    session_id: 'cs_report_1',
    payment_intent_id: 'pi_report_1',
    kiosk_id: 'ki_000000000000000000000001',
    location_id: locationId,
    amount,
    currency: 'usd',
    status,
    reason: 'requested_by_customer',
    created_at: at(createdAt),
    store_day: storeDay(at(createdAt), 'UTC'),
    updated_at: at(createdAt),
    version: 1,
  };
}

/** Two stores' sales around the first days of March 2026, as the ledger records them. */
beforeAll(async () => {
  await env.DB.batch([
    upsert(env.DB, { table: 'payments', row: payment('tml_reportA', 'usd', 450, '2026-03-01T10:00:00Z') }),
    upsert(env.DB, { table: 'payments', row: payment('tml_reportA', 'usd', 550, '2026-03-01T23:59:59.999Z') }),
    upsert(env.DB, { table: 'payments', row: payment('tml_reportA', 'eur', 400, '2026-03-01T12:00:00Z') }),
    upsert(env.DB, { table: 'payments', row: payment('tml_reportB', 'usd', 1000, '2026-03-01T08:00:00Z') }),
    upsert(env.DB, { table: 'payments', row: payment('tml_reportA', 'usd', 300, '2026-03-02T00:00:00Z') }),
    // Outside 1 to 2 March (UTC).
    upsert(env.DB, { table: 'payments', row: payment('tml_reportA', 'usd', 9999, '2026-02-28T23:59:59.999Z') }),
    upsert(env.DB, { table: 'payments', row: payment('tml_reportA', 'usd', 9999, '2026-03-03T00:00:00Z') }),
    // A store in Seoul (UTC+9) counts its own days: 01:30 on 1 March there is still 28 February in UTC, and 00:30 on
    // 3 March there is 2 March in UTC.
    upsert(env.DB, { table: 'payments', row: payment('tml_reportSeoul', 'krw', 5000, '2026-02-28T16:30:00Z', 'Asia/Seoul') }),
    upsert(env.DB, { table: 'payments', row: payment('tml_reportSeoul', 'krw', 9999, '2026-03-02T15:30:00Z', 'Asia/Seoul') }),
    // A refund counts on the day it was made; one that failed or was canceled gave nothing back.
    upsert(env.DB, { table: 'refunds', row: refund('tml_reportA', 450, 'succeeded', '2026-03-02T09:00:00Z') }),
    upsert(env.DB, { table: 'refunds', row: refund('tml_reportA', 100, 'pending', '2026-03-02T10:00:00Z') }),
    upsert(env.DB, { table: 'refunds', row: refund('tml_reportA', 550, 'failed', '2026-03-02T11:00:00Z') }),
    upsert(env.DB, { table: 'refunds', row: refund('tml_reportA', 550, 'canceled', '2026-03-02T12:00:00Z') }),
  ]);
});

const MARCH_1_AND_2 = [
  { date: '2026-03-01', locationId: 'tml_reportA', currency: 'eur', count: 1, gross: 400, refunded: 0, net: 400 },
  { date: '2026-03-01', locationId: 'tml_reportA', currency: 'usd', count: 2, gross: 1000, refunded: 0, net: 1000 },
  { date: '2026-03-01', locationId: 'tml_reportB', currency: 'usd', count: 1, gross: 1000, refunded: 0, net: 1000 },
  { date: '2026-03-01', locationId: 'tml_reportSeoul', currency: 'krw', count: 1, gross: 5000, refunded: 0, net: 5000 },
  { date: '2026-03-02', locationId: 'tml_reportA', currency: 'usd', count: 1, gross: 300, refunded: 550, net: -250 },
];

describe('daily sales', () => {
  it("answers count, gross, refunded and net per day, store and currency, each store's day its own", async () => {
    const { status, body } = await report('from=2026-03-01&to=2026-03-02');
    expect(status).toBe(200);
    expect(body).toEqual({ from: '2026-03-01', to: '2026-03-02', timeZone: 'store', location: null, days: MARCH_1_AND_2 });
  });

  it("for one store when asked, and nothing for days without sales", async () => {
    const one = await report('from=2026-03-01&to=2026-03-02&location=tml_reportB');
    expect(one.body).toMatchObject({ location: 'tml_reportB', days: [MARCH_1_AND_2[2]] });
    expect((await report('from=2025-01-01&to=2025-12-31')).body.days).toEqual([]);
  });

  it('as CSV when the client asks for text/csv: a header row, CRLF line ends, RFC 4180 quoting', async () => {
    const res = await exports.default.fetch(
      new Request('http://kiosk.test/api/admin/reports/daily?from=2026-03-01&to=2026-03-02', {
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, Accept: 'text/csv' },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('Content-Disposition')).toBe('attachment; filename="sales-2026-03-01-to-2026-03-02.csv"');
    expect(await res.text()).toBe(
      [
        'date,location_id,currency,count,gross,refunded,net',
        '2026-03-01,tml_reportA,eur,1,400,0,400',
        '2026-03-01,tml_reportA,usd,2,1000,0,1000',
        '2026-03-01,tml_reportB,usd,1,1000,0,1000',
        '2026-03-01,tml_reportSeoul,krw,1,5000,0,5000',
        '2026-03-02,tml_reportA,usd,1,300,550,-250',
        '',
      ].join('\r\n'),
    );
  });

  it('quotes a field that holds a comma or a quote', async () => {
    await upsert(env.DB, { table: 'payments', row: payment('tml_odd,"name"', 'usd', 100, '2024-05-05T12:00:00Z') }).run();
    const res = await exports.default.fetch(
      new Request('http://kiosk.test/api/admin/reports/daily?from=2024-05-05&to=2024-05-05', {
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, Accept: 'text/csv, application/json;q=0.5' },
      }),
    );
    expect((await res.text()).split('\r\n')[1]).toBe('2024-05-05,"tml_odd,""name""",usd,1,100,0,100');
  });

  it('counts rows written by a version from before store days on their UTC day', async () => {
    // What the previous version writes between the migration and the next deploy: no store_day column.
    await env.DB.prepare(
      `INSERT INTO payments (payment_intent_id, session_id, kiosk_id, location_id, charge_id, amount, currency, card_brand, card_last4, paid_at, version)
       VALUES ('pi_report_old', 'cs_report_old', 'ki_000000000000000000000001', 'tml_reportOld', NULL, 700, 'usd', NULL, NULL, ?, 1)`,
    )
      .bind(at('2025-06-30T23:30:00Z'))
      .run();
    await env.DB.prepare(
      `INSERT INTO refunds (id, session_id, payment_intent_id, kiosk_id, location_id, amount, currency, status, reason, created_at, updated_at, version)
       VALUES ('re_report_old', 'cs_report_old', 'pi_report_old', 'ki_000000000000000000000001', 'tml_reportOld', 200, 'usd', 'succeeded', NULL, ?, ?, 1)`,
    )
      .bind(at('2025-07-01T00:30:00Z'), at('2025-07-01T00:30:00Z'))
      .run();
    expect((await report('from=2025-06-30&to=2025-07-01&location=tml_reportOld')).body.days).toEqual([
      { date: '2025-06-30', locationId: 'tml_reportOld', currency: 'usd', count: 1, gross: 700, refunded: 0, net: 700 },
      { date: '2025-07-01', locationId: 'tml_reportOld', currency: 'usd', count: 0, gross: 0, refunded: 200, net: -200 },
    ]);
  });

  it('refuses bad dates, from after to, and ranges over 366 days (400)', async () => {
    for (const query of [
      'from=2026-02-30&to=2026-03-01',
      'from=2026-3-1&to=2026-03-02',
      'from=yesterday&to=2026-03-02',
      'from=2026-03-01',
      'to=2026-03-01',
      'from=2026-03-02&to=2026-03-01',
      'from=2025-01-01&to=2026-01-02',
      'from=2026-03-01&to=2026-03-02&location=not-a-location',
      'from=2026-03-01&to=2026-03-02&currency=usd',
    ]) {
      expect(await report(query), query).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    }
    expect((await report('from=2024-01-01&to=2024-12-31')).status).toBe(200);
  });

  it("a kiosk's payment shows in the report on its store's day, in the kiosk's time zone", async () => {
    // A store whose day is not UTC's right now: UTC+14 is a day ahead from 10:00 UTC, UTC-11 a day behind until 11:00.
    const timeZone = new Date().getUTCHours() >= 11 ? 'Pacific/Kiritimati' : 'Pacific/Pago_Pago';
    const day = () => storeDay(Date.now(), timeZone);
    const from = day();
    const kiosk = await provisionKiosk('Report kiosk', { timeZone });
    const { body: session } = await createSession(kiosk.token, [{ id: 'latte', quantity: 2 }]);
    await payWithCard(kiosk.token, session.paymentIntentId, '4242424242424242');
    await call(`/api/sessions/${session.sessionId}/complete`, { token: kiosk.token, body: { paymentIntentId: session.paymentIntentId } });
    const location = kiosk.kiosk.locationId;
    await expect
      .poll(async () => (await report(`from=${from}&to=${day()}&location=${location}`)).body.days, { timeout: 15_000, interval: 100 })
      .toEqual([{ date: expect.any(String), locationId: location, currency: 'usd', count: 1, gross: 1100, refunded: 0, net: 1100 }]);
    const { days } = (await report(`from=${from}&to=${day()}&location=${location}`)).body;
    expect([from, day()]).toContain(days[0].date);
  });

  it('a payment counts on the day the card was charged, even when the worker hears of it after midnight', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-05-10T23:59:40Z'));
    const kiosk = await provisionKiosk('Midnight kiosk', { timeZone: 'UTC' });
    const { body: session } = await createSession(kiosk.token, [{ id: 'latte', quantity: 1 }]);
    await payWithCard(kiosk.token, session.paymentIntentId, '4242424242424242');
    const pi = await stripe.paymentIntents.retrieve(session.paymentIntentId, { expand: ['latest_charge'] });
    expect(new Date((pi.latest_charge as { created: number }).created * 1000).toISOString().slice(0, 10)).toBe('2026-05-10');
    // The kiosk's /complete arrives 25 seconds later, after midnight.
    vi.setSystemTime(Date.parse('2026-05-11T00:00:05Z'));
    const done = await call(`/api/sessions/${session.sessionId}/complete`, { token: kiosk.token, body: { paymentIntentId: session.paymentIntentId } });
    expect(done.body.success).toBe(true);
    const location = kiosk.kiosk.locationId;
    await expect
      .poll(async () => (await report(`from=2026-05-09&to=2026-05-12&location=${location}`)).body.days, { timeout: 15_000, interval: 100 })
      .toEqual([{ date: '2026-05-10', locationId: location, currency: 'usd', count: 1, gross: 550, refunded: 0, net: 550 }]);
  });
});

afterEach(() => {
  vi.useRealTimers();
});
