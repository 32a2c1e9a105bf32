import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { listSessions } from '../../worker/ledger/reads.ts';
import { ADMIN_TOKEN, call, createSession, provisionKiosk, stripe } from './kiosk-client.ts';
import { simulator } from './stripe-test-controls.ts';

const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });
const admin = (path: string) => call(`/api/admin${path}`, { token: ADMIN_TOKEN });
const ids = (rows: { sessionId?: string; id?: string }[]) => rows.map((row) => (row.sessionId ?? row.id)!);

afterEach(async () => {
  await simulator('DELETE', 'faults');
});

/** A kiosk with `count` sessions, once all of them are in the ledger, newest first. */
async function kioskWithSessions(count: number) {
  const kiosk = await provisionKiosk('Listed kiosk');
  for (let i = 0; i < count; i++) await createSession(kiosk.token);
  await eventually(async () => (await admin(`/sessions?kioskId=${kiosk.kioskId}`)).body.sessions.length).toBe(count);
  const sessions = (await admin(`/sessions?kioskId=${kiosk.kioskId}`)).body.sessions as { sessionId: string; createdAt: number }[];
  return { kiosk, sessions };
}

/** Every page of a list, following nextCursor; `between` runs after each page. */
async function walk(path: string, key: 'sessions' | 'kiosks', between: () => Promise<unknown> = async () => {}) {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: any } = await admin(`${path}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.status).toBe(200);
    seen.push(...ids(page.body[key]));
    cursor = page.body.nextCursor;
    await between();
  } while (cursor);
  return seen;
}

describe("operators' lists: times, pages and bounds", () => {
  it('takes an ISO date-time with a UTC offset, and a moment as `to` excludes that moment', async () => {
    const { kiosk, sessions } = await kioskWithSessions(2);
    const [newest, oldest] = sessions as [{ sessionId: string; createdAt: number }, { sessionId: string; createdAt: number }];
    const inSeoul = (at: number) => new Date(at + 9 * 3_600_000).toISOString().replace('Z', '+09:00');
    const query = (params: Record<string, string>) => admin(`/sessions?${new URLSearchParams({ kioskId: kiosk.kioskId, ...params })}`);
    expect(ids((await query({ from: inSeoul(newest.createdAt) })).body.sessions)).toEqual([newest.sessionId]);
    expect(ids((await query({ to: inSeoul(newest.createdAt) })).body.sessions)).toEqual(newest.createdAt > oldest.createdAt ? [oldest.sessionId] : []);
    expect(ids((await query({ from: String(oldest.createdAt), to: String(newest.createdAt + 1) })).body.sessions)).toEqual([newest.sessionId, oldest.sessionId]);
  });

  it('a date-time without a time zone, an epoch in seconds written as a date, or an impossible date is a 400 in the one envelope', async () => {
    for (const query of ['from=2026-11-28T10:00:00', 'to=2026-02-30', 'from=2026-13-01', 'to=', 'from=1e12', 'from=2026-11-28T10:00:00+09:00']) {
      // An unencoded `+` in a query string is a space: the offset must be encoded (%2B), as URLSearchParams does.
      const res = await admin(`/sessions?${query}`);
      expect(res, query).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', message: expect.stringMatching(/^(from|to)/) } } });
    }
  });

  it('a time in seconds since the epoch, as Stripe writes times, is a 400 saying milliseconds, never a filter from January 1970', async () => {
    const { kiosk, sessions } = await kioskWithSessions(1);
    const seconds = Math.floor(sessions[0]!.createdAt / 1000) + 60;
    for (const name of ['from', 'to']) {
      const res = await admin(`/sessions?kioskId=${kiosk.kioskId}&${name}=${seconds}`);
      expect(res, name).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', message: expect.stringMatching(new RegExp(`^${name}: .*milliseconds.*${seconds}000`)) } } });
      expect((await admin(`/kiosks?${name}=${seconds}`)).status, `kiosks ${name}`).toBe(400);
    }
    // Milliseconds, and the very start of the epoch, are taken as ever.
    expect((await admin(`/sessions?kioskId=${kiosk.kioskId}&from=0&to=${seconds * 1000}`)).body.sessions).toHaveLength(1);
  });

  it('limit is 1 to 1000, a whole number', async () => {
    await kioskWithSessions(2);
    await provisionKiosk('Second listed kiosk');
    await eventually(async () => (await admin('/kiosks')).body.kiosks.length).toBeGreaterThanOrEqual(2);
    for (const path of ['/sessions', '/kiosks']) {
      expect((await admin(`${path}?limit=1000`)).status, path).toBe(200);
      expect((await admin(`${path}?limit=1`)).body.nextCursor, path).toEqual(expect.any(String));
      for (const limit of ['0', '1001', '2.5', 'ten', '-1', '0x10', '1e3', '%201', '', '1&limit=2']) {
        expect(await admin(`${path}?limit=${limit}`), `${path} ${limit}`).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
      }
    }
  });

  it('a limit out of bounds is refused saying once what limit takes, never "limit: limit: ..."', async () => {
    for (const path of ['/sessions', '/kiosks']) {
      for (const limit of ['0', '1001', '2.5', '0x10']) {
        const res = await admin(`${path}?limit=${limit}`);
        expect(res.body.error.message, `${path} ${limit}`).toBe('limit: a whole number from 1 to 1000');
      }
    }
  });

  it('oldest first with order=asc, and a walk in either order sees each row once while new ones are added between pages', async () => {
    const { kiosk, sessions } = await kioskWithSessions(5);
    const asc = (await admin(`/sessions?kioskId=${kiosk.kioskId}&order=asc`)).body.sessions as { createdAt: number }[];
    expect(asc.map((s) => s.createdAt)).toEqual([...asc.map((s) => s.createdAt)].sort((x, y) => x - y));
    const before = ids(sessions);

    const added: string[] = [];
    const addOne = async () => added.push((await createSession(kiosk.token)).body.sessionId);
    const newestFirst = await walk(`/sessions?kioskId=${kiosk.kioskId}&limit=2`, 'sessions', addOne);
    // Newest first: what was added after the walk began is newer than every page, so none is seen twice or skipped.
    expect(newestFirst).toEqual(before);

    await eventually(async () => (await admin(`/sessions?kioskId=${kiosk.kioskId}`)).body.sessions.length).toBe(5 + added.length);
    const all = ids((await admin(`/sessions?kioskId=${kiosk.kioskId}&order=asc`)).body.sessions);
    const oldestFirst = await walk(`/sessions?kioskId=${kiosk.kioskId}&limit=2&order=asc`, 'sessions');
    expect(oldestFirst).toEqual(all);
    expect(new Set(oldestFirst).size).toBe(oldestFirst.length);
  });

  it('a cursor used with other filters only ever gives rows those filters match', async () => {
    const { kiosk } = await kioskWithSessions(3);
    const other = await kioskWithSessions(2);
    const first = (await admin(`/sessions?kioskId=${kiosk.kioskId}&limit=1`)).body;
    const elsewhere = (await admin(`/sessions?kioskId=${other.kiosk.kioskId}&cursor=${first.nextCursor}`)).body.sessions as { kioskId: string }[];
    expect(elsewhere.every((s) => s.kioskId === other.kiosk.kioskId)).toBe(true);
    expect((await admin(`/sessions?kioskId=${kiosk.kioskId}&status=success&cursor=${first.nextCursor}`)).body).toEqual({ sessions: [], nextCursor: null });
  });

  it('a filter value that names nothing is an empty page, not an error; a filter a list does not have is a 400', async () => {
    for (const path of ['/sessions?kioskId=ki_000000000000000000000000', '/sessions?location=tml_nowhere', '/kiosks?locationId=tml_nowhere']) {
      expect(await admin(path), path).toMatchObject({ status: 200, body: { nextCursor: null } });
      expect(Object.values((await admin(path)).body).find(Array.isArray), path).toEqual([]);
    }
    for (const path of ['/kiosks?kioskId=ki_000000000000000000000000', '/kiosks?status=success', '/kiosks?reference=abcdef', '/sessions?status=enabled']) {
      expect(await admin(path), path).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', message: expect.any(String) } } });
    }
  });

  it('the kiosk directory by creation time: from, to (a date counts its whole day), oldest first, and every page once', async () => {
    const first = await provisionKiosk('Directory A');
    const location = first.kiosk.locationId;
    for (const name of ['Directory B', 'Directory C']) await provisionKiosk(name, { locationId: location });
    await eventually(async () => (await admin(`/kiosks?location=${location}`)).body.kiosks.length).toBe(3);
    const kiosks = (await admin(`/kiosks?location=${location}&order=asc`)).body.kiosks as { id: string; name: string; createdAt: number }[];
    expect(kiosks.map((k) => k.name)).toEqual(['Directory A', 'Directory B', 'Directory C']);
    const day = new Date(kiosks[0]!.createdAt).toISOString().slice(0, 10);
    const sameDay = kiosks.filter((k) => new Date(k.createdAt).toISOString().slice(0, 10) === day).map((k) => k.id);
    expect(ids((await admin(`/kiosks?location=${location}&order=asc&from=${day}&to=${day}`)).body.kiosks)).toEqual(sameDay);
    expect(ids((await admin(`/kiosks?location=${location}&order=asc&from=${kiosks[1]!.createdAt}`)).body.kiosks)).toEqual(
      kiosks.filter((k) => k.createdAt >= kiosks[1]!.createdAt).map((k) => k.id),
    );
    expect(ids((await admin(`/kiosks?location=${location}&order=asc&to=${kiosks[1]!.createdAt}`)).body.kiosks)).toEqual(
      kiosks.filter((k) => k.createdAt < kiosks[1]!.createdAt).map((k) => k.id),
    );
    expect(await walk(`/kiosks?location=${location}&limit=1&order=asc`, 'kiosks')).toEqual(kiosks.map((k) => k.id));
  });

  it("the directory follows a kiosk's rename, reader, disable and enable", async () => {
    const kiosk = await provisionKiosk('Before', {}, { reader: false });
    const entry = async () => (await admin(`/kiosks?location=${kiosk.kiosk.locationId}`)).body.kiosks[0];
    await eventually(async () => (await entry())?.name).toBe('Before');
    await call(`/api/admin/kiosks/${kiosk.kioskId}`, { token: ADMIN_TOKEN, method: 'PATCH', body: { name: 'After', language: 'ko' } });
    await eventually(async () => (await entry())?.name).toBe('After');
    expect(await entry()).toMatchObject({ language: 'ko' });
    const { reader } = (await call(`/api/admin/kiosks/${kiosk.kioskId}/readers`, { token: ADMIN_TOKEN, body: { registrationCode: 'simulated-wpe' } })).body;
    await eventually(async () => (await entry())?.readerId).toBe(reader.id);
    await call(`/api/admin/kiosks/${kiosk.kioskId}/disable`, { token: ADMIN_TOKEN, method: 'POST' });
    await eventually(async () => (await entry())?.disabled).toBe(true);
    await call(`/api/admin/kiosks/${kiosk.kioskId}/enable`, { token: ADMIN_TOKEN, method: 'POST' });
    await eventually(async () => (await entry())?.disabled).toBe(false);
    const { createdAt, updatedAt } = await entry();
    expect(updatedAt).toBeGreaterThan(createdAt);
  });

  it("a kiosk's reader is listed, and can be removed, in a store with more readers than one page of Stripe's list", async () => {
    const kiosk = await provisionKiosk('Big store');
    const { readers: [own] } = (await call(`/api/admin/kiosks/${kiosk.kioskId}/readers`, { token: ADMIN_TOKEN })).body;
    // Stripe lists newest first, 100 at most a page: the kiosk's reader, the oldest, is on the second page.
    for (let i = 0; i < 100; i++) {
      await stripe.terminal.readers.create({ registration_code: 'simulated-s700', location: kiosk.kiosk.locationId });
    }
    const listed = await call(`/api/admin/kiosks/${kiosk.kioskId}/readers`, { token: ADMIN_TOKEN });
    expect(listed.body.readers.map((reader: { id: string }) => reader.id)).toEqual([own.id]);
    const removed = await call(`/api/admin/kiosks/${kiosk.kioskId}/readers/${own.id}`, { token: ADMIN_TOKEN, method: 'DELETE' });
    expect(removed.status).toBe(200);
    await expect(stripe.terminal.readers.retrieve(own.id)).resolves.toMatchObject({ deleted: true });
  });
});

describe("operators' lists: what a page costs in D1", () => {
  /** The ledger's D1, counting the rows each list query reads (what D1 bills, and what a page's latency grows with). */
  function countingRowsRead(): { db: D1Database; reads: number[] } {
    const reads: number[] = [];
    const db = {
      prepare: (sql: string) => ({
        bind: (...values: unknown[]) => ({
          all: async <T>() => {
            const result = await env.DB.prepare(sql).bind(...values).all<T>();
            reads.push(result.meta.rows_read);
            return result;
          },
        }),
      }),
    } as unknown as D1Database;
    return { db, reads };
  }

  it('a page deep into a long list reads about a page of rows, not every row before it', async () => {
    const location = `tml_deep_${crypto.randomUUID().slice(0, 8)}`;
    const total = 2_000;
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO sessions (id, kiosk_id, location_id, amount, currency, status, created_at, updated_at, version)
       SELECT ? || printf('%06d', i), 'ki_deep', ?, 500, 'usd', 'cancelled', 1_000_000 + i, 1_000_000 + i, 1 FROM n`,
    )
      .bind(total, `${location}_`, location)
      .run();
    const oldest = { createdAt: 1_000_001, id: `${location}_000001` };
    for (const order of ['desc', 'asc'] as const) {
      // Newest first, the page after row 100 (the 1,900 rows before it are done); oldest first, the page after row 1,900.
      const after = order === 'desc' ? { createdAt: oldest.createdAt + 99, id: `${location}_000100` } : { createdAt: oldest.createdAt + 1_899, id: `${location}_001900` };
      const { db, reads } = countingRowsRead();
      const { rows } = await listSessions(db, { where: { location_id: location }, cursor: after, limit: 10, order });
      expect(rows.map((row) => row.id), order).toHaveLength(10);
      expect(reads[0], order).toBeLessThan(100);
    }
  });
});
