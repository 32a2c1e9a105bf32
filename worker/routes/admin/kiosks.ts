import { Hono } from 'hono';
import { z } from 'zod';
import { LANGUAGES, READER_MODES, type KioskDirectoryEntry, type Page, type PairingCodeResponse } from '../../../shared/api.ts';
import { ianaTimeZone } from '../../../shared/store-day.ts';
import type { AppEnv } from '../../app-env.ts';
import { newKioskId, newKioskToken } from '../../auth/kiosk-token.ts';
import { hasPricesIn } from '../../catalog/catalog-store.ts';
import { stripeMode } from '../../config.ts';
import { ApiError, apiErrorOf, unwrap } from '../../errors.ts';
import { accountRegion, assertKioskFitsRegion } from '../../kiosks/account-region.ts';
import { ALL_LANGUAGES, defaultLanguage, languageProblem } from '../../kiosks/kiosk-settings.ts';
import { provisionLocation, simulatedStoreIn } from '../../kiosks/provisioning.ts';
import { terminalLocation } from '../../kiosks/terminal-location.ts';
import { ensureLocationTipping } from '../../kiosks/tipping.ts';
import { listKiosks } from '../../ledger/reads.ts';
import type { KioskRow } from '../../ledger/rows.ts';
import { kioskObject } from '../../objects.ts';
import { endPairingCodes, newPairingCode, savePairingCode } from '../../pairing/pairing-codes.ts';
import { noFields, valid } from '../../validation.ts';
import { kioskParam, noSuchKiosk } from '../params.ts';
import { listOptions, listQueryFields, oneOf } from './list-query.ts';

const provisionBody = z.strictObject({
  name: z.string().trim().min(1, 'a name').max(100),
  /** Must be the Stripe account's local currency (Terminal takes no other); by default it is. */
  currency: z.string().regex(/^[a-z]{3}$/, 'a three-letter currency code in lowercase').optional(),
  /** The language each new customer starts in; one of `languages`. */
  language: z.enum(LANGUAGES).optional(),
  /** The languages the kiosk offers (default: all). */
  languages: z
    .array(z.enum(LANGUAGES))
    .min(1, 'at least one language')
    .refine((languages) => new Set(languages).size === languages.length, 'each language once')
    .optional(),
  /** The store's IANA time zone (default UTC): its day is the day order numbers restart. */
  timeZone: z
    .string()
    .max(64)
    .transform((name, ctx) => ianaTimeZone(name) ?? (ctx.addIssue({ code: 'custom', message: 'an IANA time zone, such as Asia/Seoul or UTC' }), z.NEVER))
    .optional(),
  /** Customers choose dine-in or take-away. */
  askServiceMode: z.boolean().optional(),
  /** How long a checkout may wait without progress before it is settled (default SESSION_TIMEOUT_SECONDS). */
  sessionTimeoutSeconds: z.number().int().min(1).max(3600).optional(),
  readerMode: z.enum(READER_MODES).optional(),
  /** Customers may tip on the reader. */
  tipping: z.boolean().optional(),
  /** An existing Stripe Terminal Location; without one, a Location is created for the kiosk at `address`. */
  locationId: z.string().regex(/^tml_[A-Za-z0-9]+$/).optional(),
  /** The store's address, for the kiosk's new Location. */
  address: z
    .strictObject({
      line1: z.string().min(1).max(200),
      line2: z.string().max(200).optional(),
      city: z.string().min(1).max(100),
      state: z.string().max(100).optional(),
      postal_code: z.string().min(1).max(20),
      country: z.string().regex(/^[A-Z]{2}$/, 'a two-letter country code'),
    })
    .optional(),
});

const settingsBody = z
  .strictObject({
    name: provisionBody.shape.name,
    language: provisionBody.shape.language.unwrap(),
    languages: provisionBody.shape.languages.unwrap(),
    timeZone: provisionBody.shape.timeZone.unwrap(),
    askServiceMode: provisionBody.shape.askServiceMode.unwrap(),
    sessionTimeoutSeconds: provisionBody.shape.sessionTimeoutSeconds.unwrap(),
    readerMode: provisionBody.shape.readerMode.unwrap(),
    tipping: provisionBody.shape.tipping.unwrap(),
  })
  .partial();

const kiosksQuery = z.strictObject({
  ...listQueryFields,
  locationId: z.string().max(64).optional(),
  location: z.string().max(64).optional(),
  status: z.enum(['enabled', 'disabled']).optional(),
});

const entryOf = (row: KioskRow): KioskDirectoryEntry => ({
  id: row.id,
  name: row.name,
  locationId: row.location_id,
  currency: row.currency,
  language: LANGUAGES.find((language) => language === row.language) ?? 'en',
  readerId: row.reader_id,
  disabled: row.disabled === 1,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** An existing Location's country, or a 400 when Stripe has no such Location. */
async function existingLocationCountry(env: Env, locationId: string): Promise<string> {
  const location = await terminalLocation(env, locationId);
  if (!location) throw new ApiError(400, 'unknown_location', `Stripe has no Terminal Location ${locationId}`);
  return location.address.country ?? '';
}

const notFound = noSuchKiosk.id;

/** Operators: provision kiosks, list the fleet's directory (D1), disable, enable or rotate one kiosk, pair its tablet. */
export const adminKioskRoutes = new Hono<AppEnv>()
  .post('/', valid('json', provisionBody), async (c) => {
    const input = c.req.valid('json');
    if (input.locationId && input.address) {
      throw new ApiError(400, 'invalid_request', 'Give either locationId or address, not both');
    }
    if (!input.locationId && !input.address && stripeMode(c.env) !== 'simulated') {
      // A real Location is a real store: never invent its address.
      throw new ApiError(400, 'location_required', "Give the kiosk's store address, or the locationId of an existing Terminal Location");
    }
    const languages = input.languages ?? [...ALL_LANGUAGES];
    const fallback = defaultLanguage(c.env);
    const language = input.language ?? (languages.includes(fallback) ? fallback : languages[0]!);
    const languageRefused = languageProblem(language, languages);
    if (languageRefused) throw apiErrorOf(languageRefused);
    const region = await accountRegion(c.env);
    const currency = input.currency ?? (c.env.DEFAULT_CURRENCY.trim().toLowerCase() || region.currency);
    const locationCountry = input.locationId
      ? await existingLocationCountry(c.env, input.locationId)
      : (input.address?.country ?? region.country);
    assertKioskFitsRegion(region, currency, locationCountry);
    if (!(await hasPricesIn(c.env.DB, currency))) {
      throw new ApiError(400, 'currency_not_priced', `The catalog has no prices in ${currency.toUpperCase()}: price the menu in it first`);
    }
    const kioskId = newKioskId();
    const locationId = input.locationId ?? (await provisionLocation(c.env, kioskId, input.name, input.address ?? simulatedStoreIn(region.country)));
    if (input.tipping) await ensureLocationTipping(c.env, locationId, currency);
    const { token, tokenHash } = await newKioskToken(kioskId);
    const kiosk = await kioskObject(c.env, kioskId).provision({
      id: kioskId,
      name: input.name,
      locationId,
      readerId: null,
      readerMode: input.readerMode,
      tipping: input.tipping,
      currency,
      language,
      languages,
      timeZone: input.timeZone,
      askServiceMode: input.askServiceMode,
      sessionTimeoutSeconds: input.sessionTimeoutSeconds,
      tokenHash,
    });
    return c.json({ kioskId, token, kiosk }, 201);
  })
  .get('/', valid('query', kiosksQuery), async (c) => {
    const query = c.req.valid('query');
    const disabled = query.status === undefined ? undefined : Number(query.status === 'disabled');
    const where = { location_id: oneOf('locationId', query.locationId, query.location), disabled };
    const { rows, nextCursor } = await listKiosks(c.env.DB, listOptions(query, where));
    return c.json({ kiosks: rows.map(entryOf), nextCursor } satisfies Page<'kiosks', KioskDirectoryEntry>, 200);
  })
  .get('/:id', valid('param', kioskParam, noSuchKiosk), async (c) => {
    const kiosk = await kioskObject(c.env, c.req.valid('param').id).view();
    if (!kiosk) throw notFound();
    return c.json({ kiosk }, 200);
  })
  .patch('/:id', valid('param', kioskParam, noSuchKiosk), valid('json', settingsBody), async (c) => {
    const { id } = c.req.valid('param');
    const settings = c.req.valid('json');
    const current = await kioskObject(c.env, id).view();
    if (!current) throw notFound();
    // Refused before Stripe is asked: a PATCH that fails changes nothing, at Stripe neither.
    const refused = languageProblem(settings.language ?? current.language, settings.languages ?? current.languages);
    if (refused) throw apiErrorOf(refused);
    if (settings.tipping) await ensureLocationTipping(c.env, current.locationId, current.currency);
    const kiosk = await kioskObject(c.env, id).configure(settings);
    if (!kiosk) throw notFound();
    return c.json({ kiosk: unwrap(kiosk) }, 200);
  })
  .post('/:id/disable', valid('param', kioskParam, noSuchKiosk), noFields('disable'), async (c) => {
    const { id } = c.req.valid('param');
    // A disable revokes as a rotation does: a code given before it must not pair a tablet once the kiosk is enabled.
    await endPairingCodes(c.env.DB, id, Date.now());
    const kiosk = await kioskObject(c.env, id).setDisabled(true);
    if (!kiosk) throw notFound();
    return c.json({ kiosk }, 200);
  })
  .post('/:id/enable', valid('param', kioskParam, noSuchKiosk), noFields('enable'), async (c) => {
    const kiosk = await kioskObject(c.env, c.req.valid('param').id).setDisabled(false);
    if (!kiosk) throw notFound();
    return c.json({ kiosk }, 200);
  })
  .post('/:id/rotate', valid('param', kioskParam, noSuchKiosk), noFields('rotate'), async (c) => {
    const { id } = c.req.valid('param');
    const { token, tokenHash } = await newKioskToken(id);
    // Ended before the token changes: a rotation that fails half-way leaves no earlier code working.
    await endPairingCodes(c.env.DB, id, Date.now());
    const kiosk = await kioskObject(c.env, id).rotateToken(tokenHash);
    if (!kiosk) throw notFound();
    return c.json({ kioskId: kiosk.id, token, kiosk }, 200);
  })
  .post('/:id/pairing-code', valid('param', kioskParam, noSuchKiosk), noFields('pairing-code'), async (c) => {
    const { id } = c.req.valid('param');
    const kiosk = await kioskObject(c.env, id).view();
    if (!kiosk) throw notFound();
    if (kiosk.disabled) throw new ApiError(409, 'kiosk_disabled', 'Enable the kiosk before pairing a tablet with it');
    const code = newPairingCode();
    const expiresAt = await savePairingCode(c.env.DB, code, id, Date.now());
    // The code rides in the fragment, which browsers never send to a server.
    const url = `${new URL(c.req.url).origin}/#pair=${code}`;
    return c.json({ code, expiresAt, kioskId: id, url } satisfies PairingCodeResponse, 201);
  });
