import { parse } from 'qs';
import { invalidParam, missingParam, notSimulated, unknownParam } from './stripe-error.ts';

export type Params = Record<string, unknown>;

/** Whether a POST body is in Stripe's wire format: form-encoded (any charset), or no body at all (`curl -X POST`). */
export const isFormBody = (contentType: string | null, body: string): boolean =>
  body === '' || contentType?.split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';

/** Stripe's wire format: form-encoded with bracket notation (`metadata[k]=v`, `expand[0]=x`, `expand[]=x`). */
export function parseForm(text: string): Params {
  return parse(text, { depth: 6, arrayLimit: 1000, parameterLimit: 2000, allowDots: false }) as Params;
}

/**
 * Rejects any parameter the endpoint does not know, as Stripe does. `expand` is accepted everywhere. Inside a hash
 * (`within`, e.g. `address`), an unknown field is named in full: `address[floor]`.
 */
export function allowOnly(params: Params, allowed: readonly string[], within?: string): void {
  for (const key of Object.keys(params)) {
    if (key !== 'expand' && !allowed.includes(key)) throw unknownParam(within === undefined ? key : `${within}[${key}]`);
  }
}

/** Refuses the first given parameter of Stripe's that the endpoint cannot honour, as not simulated rather than as unknown. */
export function refuseNotSimulated(params: Params, names: readonly string[], why: string): void {
  const given = names.find((name) => params[name] !== undefined);
  if (given) throw notSimulated(given, why);
}

export function optionalString(params: Params, name: string, maxLength?: number): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParam(name, `Invalid string: ${name}`);
  // Over the maximum the SDK documents for it: refused naming it (the message is the simulator's own).
  if (maxLength !== undefined && value.length > maxLength) throw invalidParam(name, `Invalid string: ${value}; must be at most ${maxLength} characters`);
  return value;
}

/** A string Stripe lets a client unset: an empty string clears it (null); left out, it stays as it was. */
export function emptyable(params: Params, name: string, current: string | null): string | null {
  const value = optionalString(params, name);
  if (value === undefined) return current;
  return value === '' ? null : value;
}

export function requiredString(params: Params, name: string, maxLength?: number): string {
  const value = optionalString(params, name, maxLength);
  if (value === undefined || value === '') throw missingParam(name);
  return value;
}

export function optionalInteger(params: Params, name: string, min = 0): number | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) {
    throw invalidParam(name, `Invalid integer: ${String(value)}`, 'parameter_invalid_integer');
  }
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) {
    throw invalidParam(name, `This value must be greater than or equal to ${min}.`, 'parameter_invalid_integer');
  }
  return n;
}

export function requiredInteger(params: Params, name: string, min = 0): number {
  const n = optionalInteger(params, name, min);
  if (n === undefined) throw missingParam(name);
  return n;
}

export function optionalBoolean(params: Params, name: string): boolean | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw invalidParam(name, `Invalid boolean: ${String(value)}`);
  return value === 'true';
}

export function optionalEnum<T extends string>(params: Params, name: string, values: readonly T[]): T | undefined {
  const value = optionalString(params, name);
  if (value === undefined) return undefined;
  if (!values.includes(value as T)) {
    throw invalidParam(name, `Invalid ${name}: must be one of ${values.join(', ')}`);
  }
  return value as T;
}

/**
 * An array as Stripe takes one: `name[]=a` or integer-indexed, `name[0]=a` ("all arrays are encoded as integer-indexed
 * maps", stripe/stripe-php#684); a single value or a hash with named keys is no array (null).
 */
export function arrayOf(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'object' || value === null || !Object.keys(value).every((key) => /^\d+$/.test(key))) return null;
  return Object.values(value);
}

export function optionalStringArray(params: Params, name: string): string[] | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  const list = arrayOf(value);
  // Stripe's answer to anything else, as public reports quote it (stripe/stripe-cli#47, stripe/stripe-ruby#576).
  if (!list?.every((v): v is string => typeof v === 'string')) throw invalidParam(name, 'Invalid array');
  return list;
}

/** Stripe: "You can specify up to 50 keys" (docs.stripe.com/api/metadata). */
const METADATA_MAX_KEYS = 50;

/** Refuses metadata that would hold more keys than Stripe allows; an empty value sets none (on update it removes one). */
export function assertMetadataKeyCount(metadata: Record<string, string>, name = 'metadata'): void {
  const count = Object.values(metadata).filter((value) => value !== '').length;
  if (count > METADATA_MAX_KEYS) {
    // Stripe's message, as a public report of it reads.
    throw invalidParam(
      name,
      `Metadata can have up to ${METADATA_MAX_KEYS} keys, but you've set ${count}. Email us at support+metadata@stripe.com for more information.`,
    );
  }
}

/** Stripe metadata: string values; an empty string deletes a key on update. */
export function optionalMetadata(params: Params, name = 'metadata'): Record<string, string> | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (value === '') return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidParam(name, 'Invalid metadata: must be a hash');
  }
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    // Stripe: "you can't use square brackets ([ and ]) in keys" (docs.stripe.com/api/metadata).
    if (/[[\]]/.test(key)) throw invalidParam(name, `Metadata keys cannot contain square brackets: ${key}`);
    if (typeof v !== 'string') throw invalidParam(`${name}[${key}]`, 'Metadata values must be strings');
    if (key.length > 40) throw invalidParam(`${name}[${key}]`, 'Metadata keys can be at most 40 characters');
    if (v.length > 500) throw invalidParam(`${name}[${key}]`, 'Metadata values can be at most 500 characters');
    out[key] = v;
  }
  assertMetadataKeyCount(out, name);
  return out;
}

/** A nested hash's fields under their full names (`process_config[tipping]`), so a refusal names the parameter as sent. */
export const prefixedKeys = (hash: Params, prefix: string): Params =>
  Object.fromEntries(Object.entries(hash).map(([key, value]) => [`${prefix}[${key}]`, value]));

export function optionalHash(params: Params, name: string): Params | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidParam(name, `Invalid hash: ${name}`);
  }
  return value as Params;
}

export const expandList = (params: Params): string[] => optionalStringArray(params, 'expand') ?? [];
