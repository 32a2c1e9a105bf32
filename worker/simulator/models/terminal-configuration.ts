import { invalidParam, missingParam, resourceMissing } from '../http/stripe-error.ts';
import {
  allowOnly,
  optionalBoolean,
  optionalEnum,
  optionalHash,
  optionalInteger,
  optionalString,
  optionalStringArray,
  prefixedKeys,
  type Params,
} from '../http/params.ts';
import type { SimulatorState } from '../simulator-state.ts';
import type { StripeObject } from '../stores/object-store.ts';
import type { Location } from './location.ts';
import type { Reader } from './reader.ts';

export interface TipSettings {
  fixed_amounts?: number[] | null;
  percentages?: number[] | null;
  smart_tip_threshold?: number;
}

export interface TerminalConfiguration extends StripeObject {
  object: 'terminal.configuration';
  is_account_default: boolean | null;
  name: string | null;
  tipping?: Record<string, TipSettings>;
}

/** Stripe creates one configuration per account, used wherever a Location has no override. */
const ACCOUNT_DEFAULT_ID = 'tmc_simulated_account_default';

export function accountDefaultConfiguration(sim: SimulatorState): TerminalConfiguration {
  const existing = sim.store.get<TerminalConfiguration>('terminal.configuration', ACCOUNT_DEFAULT_ID);
  if (existing) return existing;
  const created: TerminalConfiguration = {
    id: ACCOUNT_DEFAULT_ID,
    object: 'terminal.configuration',
    _created: 0,
    is_account_default: true,
    livemode: false,
    name: null,
  };
  sim.store.put(created);
  return created;
}

export function findConfiguration(sim: SimulatorState, id: string): TerminalConfiguration {
  if (id === ACCOUNT_DEFAULT_ID) return accountDefaultConfiguration(sim);
  const configuration = sim.store.get<TerminalConfiguration>('terminal.configuration', id);
  if (!configuration) throw resourceMissing('configuration', 'terminal.configuration', id);
  return configuration;
}

/** The currencies ConfigurationCreateParams.Tipping names (Configurations.d.ts): Stripe takes tipping in these only. */
const TIPPING_CURRENCIES = [
  'aed', 'aud', 'cad', 'chf', 'czk', 'dkk', 'eur', 'gbp', 'gip', 'hkd', 'huf', 'jpy', 'mxn', 'myr', 'nok', 'nzd', 'pln',
  'ron', 'sek', 'sgd', 'usd',
];

/**
 * `tipping[<currency>][percentages|fixed_amounts|smart_tip_threshold]`, as Stripe takes it (an empty value clears it);
 * every field under its full name, so a refusal names the parameter as sent.
 */
export function readTipping(params: Params): Record<string, TipSettings> | null | undefined {
  if (params.tipping === '') return null;
  const tipping = optionalHash(params, 'tipping');
  if (!tipping) return undefined;
  allowOnly(tipping, TIPPING_CURRENCIES, 'tipping');
  const currencies = prefixedKeys(tipping, 'tipping');
  const out: Record<string, TipSettings> = {};
  for (const currency of Object.keys(tipping)) {
    const prefix = `tipping[${currency}]`;
    const settings = prefixedKeys(optionalHash(currencies, prefix)!, prefix);
    const field = (name: string) => `${prefix}[${name}]`;
    allowOnly(settings, ['fixed_amounts', 'percentages', 'smart_tip_threshold'].map(field));
    const amounts = (name: string, max: number) => {
      const list = optionalStringArray(settings, field(name));
      if (!list) return undefined;
      if (list.length > max) throw invalidParam(field(name), `At most ${max} values are allowed.`);
      return list.map((value, i) => optionalInteger({ [`${field(name)}[${i}]`]: value }, `${field(name)}[${i}]`)!);
    };
    const percentages = amounts('percentages', 3);
    const fixedAmounts = amounts('fixed_amounts', 3);
    const threshold = optionalInteger(settings, field('smart_tip_threshold'));
    out[currency] = {
      ...(fixedAmounts ? { fixed_amounts: fixedAmounts } : {}),
      ...(percentages ? { percentages } : {}),
      ...(threshold !== undefined ? { smart_tip_threshold: threshold } : {}),
    };
  }
  return out;
}

/** A field of a reader setting: its type, an enum's values, or a hash of fields of its own. */
type Kind = 'boolean' | 'integer' | 'string' | readonly string[] | Shape;
interface Shape {
  fields: Record<string, Kind>;
  required?: readonly string[];
}

const SPLASHSCREEN: Shape = { fields: { splashscreen: 'string' } };

/** The reader settings Stripe keeps per configuration, as ConfigurationCreateParams types them (Configurations.d.ts). */
export const READER_SETTINGS: Record<string, Shape> = {
  bbpos_wisepad3: SPLASHSCREEN,
  bbpos_wisepos_e: SPLASHSCREEN,
  stripe_s700: SPLASHSCREEN,
  stripe_s710: SPLASHSCREEN,
  stripe_t600: SPLASHSCREEN,
  verifone_m425: SPLASHSCREEN,
  verifone_p400: SPLASHSCREEN,
  verifone_p630: SPLASHSCREEN,
  verifone_ux700: SPLASHSCREEN,
  verifone_v660p: SPLASHSCREEN,
  cellular: { fields: { enabled: 'boolean' }, required: ['enabled'] },
  offline: { fields: { enabled: 'boolean' }, required: ['enabled'] },
  reader_security: { fields: { admin_menu_passcode: 'string' } },
  reboot_window: { fields: { end_hour: 'integer', start_hour: 'integer' }, required: ['end_hour', 'start_hour'] },
  wifi: {
    fields: {
      enterprise_eap_peap: {
        fields: { ca_certificate_file: 'string', password: 'string', ssid: 'string', username: 'string' },
        required: ['password', 'ssid', 'username'],
      },
      enterprise_eap_tls: {
        fields: { ca_certificate_file: 'string', client_certificate_file: 'string', private_key_file: 'string', private_key_file_password: 'string', ssid: 'string' },
        required: ['client_certificate_file', 'private_key_file', 'ssid'],
      },
      personal_psk: { fields: { password: 'string', ssid: 'string' }, required: ['password', 'ssid'] },
      type: ['enterprise_eap_peap', 'enterprise_eap_tls', 'personal_psk'],
    },
    required: ['type'],
  },
};

/**
 * A reader setting's hash read field by field, each under its full name (`wifi[personal_psk][ssid]`) so a refusal
 * names the parameter as sent; an empty string is a field left out (Stripe's `Emptyable`).
 */
export function readSetting(params: Params, name: string, shape: Shape): Record<string, unknown> {
  const given = prefixedKeys(optionalHash(params, name)!, name);
  const param = (field: string) => `${name}[${field}]`;
  allowOnly(given, Object.keys(shape.fields).map(param));
  const out: Record<string, unknown> = {};
  for (const [field, kind] of Object.entries(shape.fields)) {
    const full = param(field);
    if (given[full] === undefined || given[full] === '') {
      if (shape.required?.includes(field)) throw missingParam(full);
      continue;
    }
    if (kind === 'boolean') out[field] = optionalBoolean(given, full);
    else if (kind === 'integer') out[field] = optionalInteger(given, full);
    else if (kind === 'string') out[field] = optionalString(given, full);
    else if ('fields' in kind) out[field] = readSetting(given, full, kind);
    else out[field] = optionalEnum(given, full, kind);
  }
  return out;
}

/** The configuration a reader runs with: its Location's override, else the account default. */
export function configurationFor(sim: SimulatorState, reader: Reader): TerminalConfiguration {
  const location = reader.location ? sim.store.get<Location>('terminal.location', reader.location) : null;
  const override = location?.configuration_overrides;
  return (override && sim.store.get<TerminalConfiguration>('terminal.configuration', override)) || accountDefaultConfiguration(sim);
}
