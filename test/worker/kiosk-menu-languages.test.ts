import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, call, provisionKiosk } from './kiosk-client.ts';

const provision = (body: Record<string, unknown>) => call('/api/admin/kiosks', { token: ADMIN_TOKEN, body: { name: 'Language kiosk', ...body } });
const patch = (kioskId: string, body: unknown) => call(`/api/admin/kiosks/${kioskId}`, { token: ADMIN_TOKEN, method: 'PATCH', body });
const configOf = async (token: string) => (await call('/api/kiosk', { token })).body;

describe("a kiosk's languages", () => {
  it('a new kiosk offers English, Korean and Japanese and starts each customer in the default language, in UTC, not asking dine-in or take-away', async () => {
    const kiosk = await provisionKiosk('Every language');
    const expected = { language: 'en', languages: ['en', 'ko', 'ja'], timeZone: 'UTC', askServiceMode: false };
    expect(kiosk.kiosk).toMatchObject(expected);
    expect(await configOf(kiosk.token)).toMatchObject(expected);
    expect((await call('/api/kiosk/heartbeat', { token: kiosk.token, body: {} })).body).toMatchObject(expected);
  });

  it('an operator chooses the languages a kiosk offers and its default, Japanese included, and changes them later', async () => {
    const kiosk = await provisionKiosk('Tokyo kiosk', { languages: ['ja', 'en'], language: 'ja', timeZone: 'Asia/Tokyo' });
    expect(await configOf(kiosk.token)).toMatchObject({ language: 'ja', languages: ['ja', 'en'], timeZone: 'Asia/Tokyo' });

    const changed = await patch(kiosk.kioskId, { languages: ['ko', 'en'], language: 'ko', timeZone: 'Asia/Seoul', askServiceMode: true });
    expect(changed).toMatchObject({ status: 200, body: { kiosk: { language: 'ko', languages: ['ko', 'en'], timeZone: 'Asia/Seoul', askServiceMode: true } } });
    // The tablet learns it at its next heartbeat.
    expect((await call('/api/kiosk/heartbeat', { token: kiosk.token, body: {} })).body).toMatchObject({
      language: 'ko',
      languages: ['ko', 'en'],
      timeZone: 'Asia/Seoul',
      askServiceMode: true,
    });
    expect((await call(`/api/admin/kiosks/${kiosk.kioskId}`, { token: ADMIN_TOKEN })).body.kiosk).toMatchObject({ language: 'ko' });
  });

  it('a kiosk offering only some languages defaults to the first of them when DEFAULT_LANGUAGE is not among them', async () => {
    const { body } = await provision({ languages: ['ko', 'ja'] });
    expect(body.kiosk).toMatchObject({ language: 'ko', languages: ['ko', 'ja'] });
  });

  it('refuses a default language the kiosk does not offer, on provisioning and on a change, and leaves the kiosk as it was', async () => {
    expect(await provision({ languages: ['en', 'ko'], language: 'ja' })).toMatchObject({ status: 400, body: { error: { code: 'language_not_offered' } } });
    const kiosk = await provisionKiosk('Keeps its languages', { language: 'en' });
    const refused = await patch(kiosk.kioskId, { languages: ['ko', 'ja'] });
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'language_not_offered' } } });
    expect(refused.body.error.message).toContain('en');
    expect(await configOf(kiosk.token)).toMatchObject({ language: 'en', languages: ['en', 'ko', 'ja'] });
  });

  it('refuses languages, time zones and service-mode settings that are not ones (400 invalid_request)', async () => {
    const kiosk = await provisionKiosk('Bad settings');
    const bad: Array<[string, Record<string, unknown>]> = [
      ['a language we do not have', { language: 'fr' }],
      ['no language at all', { languages: [] }],
      ['a language twice', { languages: ['en', 'en'] }],
      ['an unknown language in the list', { languages: ['en', 'de'] }],
      ['a time zone that is not one', { timeZone: 'Mars/Olympus_Mons' }],
      ['a time zone that is not a string', { timeZone: 9 }],
      ['askServiceMode that is not a boolean', { askServiceMode: 'yes' }],
    ];
    for (const [what, body] of bad) {
      expect(await provision(body), `provisioning with ${what}`).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
      expect(await patch(kiosk.kioskId, body), `changing to ${what}`).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    }
    expect(await configOf(kiosk.token)).toMatchObject({ languages: ['en', 'ko', 'ja'], timeZone: 'UTC', askServiceMode: false });
  });
});
