import { Hono } from 'hono';
import { terminalRegion } from '../../../shared/terminal-regions.ts';
import { listPage } from '../http/list-params.ts';
import { allowOnly, optionalHash, optionalMetadata, optionalString, refuseNotSimulated, requiredString, type Params } from '../http/params.ts';
import { invalidParam, invalidRequest, missingParam } from '../http/stripe-error.ts';
import { PAGINATION_PARAMS, sendJson, sendList, sendObject, type SimEnv } from '../http/wire.ts';
import { deletedObject, deleteKeepingTombstone } from '../models/deleted.ts';
import { findLocation, type Location } from '../models/location.ts';
import { createdMetadata, mergeMetadata } from '../models/metadata.ts';
import type { SimulatorState } from '../simulator-state.ts';
import { randomId } from '../stores/object-store.ts';

/**
 * The address of a new Location, or the new address of an existing one (`current`), whose country stays: "You can't
 * change the location's `country`" (the SDK's LocationUpdateParams.address), so an update may leave it out.
 */
function readAddress(params: Params, current?: Location['address']): Location['address'] | undefined {
  const address = optionalHash(params, 'address');
  if (!address) {
    if (!current) throw missingParam('address');
    return undefined;
  }
  allowOnly(address, ['line1', 'line2', 'city', 'state', 'country', 'postal_code'], 'address');
  const field = (name: string) => optionalString(address, name) ?? null;
  const country = field('country')?.toUpperCase() ?? current?.country;
  if (!country) throw missingParam('address[country]');
  if (current && country !== current.country) {
    throw invalidParam(
      'address[country]',
      `You can't change the country of a Location (${current.country}): create a new Location in ${country} and register its readers there.`,
    );
  }
  // Terminal runs only in its supported countries (Stripe's regional considerations page).
  if (!terminalRegion(country)) {
    throw invalidRequest('terminal_location_country_unsupported', `Terminal is not supported in ${country}.`, 'address[country]');
  }
  return { city: field('city'), country, line1: field('line1'), line2: field('line2'), postal_code: field('postal_code'), state: field('state') };
}

/** `configuration_overrides` names a Terminal Configuration (its tipping applies at this Location). */
function readConfiguration(sim: SimulatorState, params: Params): string | undefined {
  const id = optionalString(params, 'configuration_overrides');
  if (id && !sim.store.has('terminal.configuration', id)) {
    throw invalidRequest('resource_missing', `No such terminal.configuration: '${id}'`, 'configuration_overrides');
  }
  return id;
}

/** Japan's Kana and Kanji variations of a Location's address and name: Stripe's parameters, which the simulator does not keep. */
const NOT_SIMULATED = ['address_kana', 'address_kanji', 'display_name_kana', 'display_name_kanji'];
const NOT_SIMULATED_WHY = "the simulator keeps a Location's address and display_name only.";

export const locationRoutes = new Hono<SimEnv>()
  .post('/', (c) => {
    const params = c.env.params;
    refuseNotSimulated(params, NOT_SIMULATED, NOT_SIMULATED_WHY);
    allowOnly(params, ['display_name', 'address', 'metadata', 'configuration_overrides', 'phone']);
    const phone = optionalString(params, 'phone');
    const location: Location = {
      id: randomId('tml'),
      object: 'terminal.location',
      _created: c.env.sim.now(),
      address: readAddress(params)!,
      configuration_overrides: readConfiguration(c.env.sim, params) ?? null,
      display_name: requiredString(params, 'display_name'),
      livemode: false,
      metadata: createdMetadata(optionalMetadata(params)),
      // Shown only once given, as Stripe's `phone?` is.
      ...(phone ? { phone } : {}),
    };
    c.env.sim.store.put(location);
    return sendObject(c, location);
  })
  .get('/', (c) => {
    allowOnly(c.env.params, [...PAGINATION_PARAMS]);
    return sendList(c, listPage(c, 'terminal.location', '/v1/terminal/locations'));
  })
  .get('/:id', (c) => {
    allowOnly(c.env.params, []);
    const deleted = deletedObject(c.env.sim, 'terminal.location', c.req.param('id'));
    return deleted ? sendJson(deleted) : sendObject(c, findLocation(c.env.sim, c.req.param('id')));
  })
  .post('/:id', (c) => {
    const params = c.env.params;
    refuseNotSimulated(params, NOT_SIMULATED, NOT_SIMULATED_WHY);
    allowOnly(params, ['display_name', 'address', 'metadata', 'configuration_overrides', 'phone']);
    const location = findLocation(c.env.sim, c.req.param('id'));
    const phone = optionalString(params, 'phone');
    const address = readAddress(params, location.address);
    const configuration = readConfiguration(c.env.sim, params);
    const updated: Location = {
      ...location,
      ...(address ? { address } : {}),
      ...(configuration !== undefined ? { configuration_overrides: configuration || null } : {}),
      display_name: optionalString(params, 'display_name') ?? location.display_name,
      metadata: mergeMetadata(location.metadata as Record<string, string>, optionalMetadata(params)),
    };
    // An empty phone unsets it.
    if (phone === '') delete updated.phone;
    else if (phone !== undefined) updated.phone = phone;
    c.env.sim.store.put(updated);
    return sendObject(c, updated);
  })
  .delete('/:id', (c) => {
    allowOnly(c.env.params, []);
    const location = findLocation(c.env.sim, c.req.param('id'));
    return sendJson(deleteKeepingTombstone(c.env.sim, location));
  });
