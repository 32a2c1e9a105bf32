import { zValidator } from '@hono/zod-validator';
import type { Context, ValidationTargets } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ZodType } from 'zod';
import { ApiError } from './errors.ts';

/** The media types Hono's validator reads as JSON (its own test, on the type before any parameter). */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * A body sent as something other than JSON. Hono's validator reads a JSON body only when it says it is JSON, and would
 * validate an empty object instead: a partial refund sent as text/plain would become a full one. So what counts as
 * JSON here is exactly what the validator reads (`application/vnd.a+b+json` is not, for either).
 */
function notJson(c: Context): boolean {
  const type = c.req.header('Content-Type');
  if (type !== undefined && JSON_MEDIA_TYPE.test(type.split(';')[0]!.trim())) return false;
  const length = c.req.header('Content-Length');
  return length !== undefined ? Number(length) > 0 : c.req.raw.body !== null;
}

/**
 * Hono's zod validator, answering with the one error envelope and naming the first problem. `unknownIds` says, per
 * field, what a value that cannot be one of ours answers instead of a 400: an id that cannot exist is as unknown as one
 * that does not (the same 404), and no object is addressed for it.
 */
export const valid = <Target extends keyof ValidationTargets, Schema extends ZodType>(
  target: Target,
  schema: Schema,
  unknownIds: Record<string, () => ApiError> = {},
) =>
  zValidator(target, schema, (result, c) => {
    if (target === 'json' && notJson(c)) {
      throw new ApiError(415, 'unsupported_media_type', 'Send the body as JSON, with Content-Type: application/json');
    }
    if (!result.success) {
      const issue = result.error.issues[0];
      const notFound = unknownIds[String(issue?.path[0])];
      if (notFound) throw notFound();
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      const unknown = issue?.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue?.message;
      throw new ApiError(400, 'invalid_request', `${where}${unknown ?? 'invalid request'}`);
    }
  });

const isEmptyObject = (text: string): boolean => {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
  } catch {
    return false;
  }
};

/** An action that takes no fields: an empty body or `{}` only, so a body meant for another route changes nothing. */
export const noFields = (action: string) =>
  createMiddleware(async (c, next) => {
    const text = (await c.req.text()).trim();
    if (text && !isEmptyObject(text)) throw new ApiError(400, 'invalid_request', `${action} takes no fields`);
    await next();
  });

/** The request's `Idempotency-Key`, if it sent one: 1 to 255 characters, as Stripe takes them (400 otherwise). */
export function idempotencyKeyOf(c: Context): string | undefined {
  const key = c.req.header('Idempotency-Key');
  if (key !== undefined && (key.length < 1 || key.length > 255)) {
    throw new ApiError(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1 to 255 characters');
  }
  return key;
}
