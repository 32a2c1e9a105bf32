import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import app from '../../worker/index.ts';
import { TEST_MODE } from './deployment.ts';
import { ADMIN_TOKEN, call, stripe } from './kiosk-client.ts';

const provision = (body: unknown) => call('/api/admin/kiosks', { token: ADMIN_TOKEN, body });

describe('provisioning a kiosk at its store', () => {
  it("creates the kiosk's Terminal Location at the store's address, with no reader until one is registered", async () => {
    const address = { line1: '1 Market St', city: 'San Francisco', state: 'CA', postal_code: '94105', country: 'US' };
    const res = await provision({ name: 'Market St lobby', currency: 'usd', address });
    expect(res.status).toBe(201);
    expect(res.body.kiosk).toMatchObject({ readerId: null, readerMode: expect.stringMatching(/^(server-driven|js-sdk)$/), tipping: false });
    const { locationId } = res.body.kiosk;
    const location = await stripe.terminal.locations.retrieve(locationId);
    expect(location).toMatchObject({ display_name: 'Market St lobby', address: { ...address, line2: null } });
    expect((await stripe.terminal.readers.list({ location: locationId })).data).toEqual([]);
  });

  it('joins an existing Location, and refuses one Stripe does not have', async () => {
    const location = await stripe.terminal.locations.create({
      display_name: 'Existing store',
      address: { line1: '1 Ferry Building', city: 'San Francisco', state: 'CA', postal_code: '94111', country: 'US' },
    });
    const joined = await provision({ name: 'Second kiosk', locationId: location.id });
    expect(joined.status).toBe(201);
    expect(joined.body.kiosk.locationId).toBe(location.id);

    const unknown = await provision({ name: 'Lost kiosk', locationId: 'tml_doesnotexist' });
    expect(unknown).toMatchObject({ status: 400, body: { error: { code: 'unknown_location' } } });
  });

  it("keeps the store's time zone by its IANA name, and refuses an offset or a blank name", async () => {
    const seoul = await provision({ name: '  Gangnam lobby  ', timeZone: 'asia/seoul' });
    expect(seoul).toMatchObject({ status: 201, body: { kiosk: { name: 'Gangnam lobby', timeZone: 'Asia/Seoul' } } });
    for (const body of [{ name: 'Offset kiosk', timeZone: '+09:00' }, { name: 'Nowhere kiosk', timeZone: 'Mars/Olympus' }, { name: '   ' }]) {
      expect(await provision(body), JSON.stringify(body)).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    }
    const renamed = await call(`/api/admin/kiosks/${seoul.body.kioskId}`, { token: ADMIN_TOKEN, method: 'PATCH', body: { timeZone: 'europe/paris' } });
    expect(renamed).toMatchObject({ status: 200, body: { kiosk: { timeZone: 'Europe/Paris' } } });
  });

  it('refuses both a Location and an address at once', async () => {
    const res = await provision({
      name: 'Confused kiosk',
      locationId: 'tml_abc',
      address: { line1: 'x', city: 'y', postal_code: '1', country: 'US' },
    });
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
  });

  it('with a real Stripe key, never invents a store: an address or a Location is required', async () => {
    const ctx = createExecutionContext();
    const res = await app.fetch(
      new Request('http://kiosk.test/api/admin/kiosks', {
        method: 'POST',
        headers: { Authorization: `Bearer ${TEST_MODE.ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Real kiosk' }),
      }),
      { ...env, ...TEST_MODE },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('location_required');
  });
});
