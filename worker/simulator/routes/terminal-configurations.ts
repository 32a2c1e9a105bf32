import { Hono } from 'hono';
import { listPage } from '../http/list-params.ts';
import { allowOnly, optionalBoolean, optionalString, type Params } from '../http/params.ts';
import { invalidRequest } from '../http/stripe-error.ts';
import { PAGINATION_PARAMS, sendJson, sendList, sendObject, type SimEnv } from '../http/wire.ts';
import { deletedObject, deleteKeepingTombstone } from '../models/deleted.ts';
import {
  accountDefaultConfiguration,
  findConfiguration,
  READER_SETTINGS,
  readSetting,
  readTipping,
  type TerminalConfiguration,
} from '../models/terminal-configuration.ts';
import { randomId } from '../stores/object-store.ts';

/** Reader settings Stripe keeps per configuration; the simulator acts on `tipping`, and keeps the rest as given. */
const SETTINGS = Object.keys(READER_SETTINGS);

function applyParams(configuration: TerminalConfiguration, params: Params): TerminalConfiguration {
  const tipping = readTipping(params);
  const name = optionalString(params, 'name');
  const updated: TerminalConfiguration = { ...configuration, ...(name !== undefined ? { name } : {}) };
  if (tipping === null) delete updated.tipping;
  else if (tipping !== undefined) updated.tipping = tipping;
  for (const [key, shape] of Object.entries(READER_SETTINGS)) {
    // An empty value unsets a setting (Stripe's `Emptyable`), as it does tipping.
    if (params[key] === '') delete updated[key];
    else if (params[key] !== undefined) updated[key] = readSetting(params, key, shape);
  }
  return updated;
}

export const terminalConfigurationRoutes = new Hono<SimEnv>()
  .post('/', (c) => {
    allowOnly(c.env.params, ['name', 'tipping', ...SETTINGS]);
    const configuration = applyParams(
      { id: randomId('tmc'), object: 'terminal.configuration', _created: c.env.sim.now(), is_account_default: false, livemode: false, name: null },
      c.env.params,
    );
    c.env.sim.store.put(configuration);
    return sendObject(c, configuration);
  })
  .get('/', (c) => {
    allowOnly(c.env.params, [...PAGINATION_PARAMS, 'is_account_default']);
    accountDefaultConfiguration(c.env.sim);
    const onlyDefault = optionalBoolean(c.env.params, 'is_account_default');
    return sendList(
      c,
      listPage<TerminalConfiguration>(c, 'terminal.configuration', '/v1/terminal/configurations', (configuration) =>
        onlyDefault === undefined || Boolean(configuration.is_account_default) === onlyDefault,
      ),
    );
  })
  .get('/:id', (c) => {
    allowOnly(c.env.params, []);
    const deleted = deletedObject(c.env.sim, 'terminal.configuration', c.req.param('id'));
    return deleted ? sendJson(deleted) : sendObject(c, findConfiguration(c.env.sim, c.req.param('id')));
  })
  .post('/:id', (c) => {
    allowOnly(c.env.params, ['name', 'tipping', ...SETTINGS]);
    const updated = applyParams(findConfiguration(c.env.sim, c.req.param('id')), c.env.params);
    c.env.sim.store.put(updated);
    return sendObject(c, updated);
  })
  .delete('/:id', (c) => {
    allowOnly(c.env.params, []);
    const configuration = findConfiguration(c.env.sim, c.req.param('id'));
    if (configuration.is_account_default) {
      throw invalidRequest(undefined, 'The account default configuration cannot be deleted.');
    }
    return sendJson(deleteKeepingTombstone(c.env.sim, configuration));
  });
