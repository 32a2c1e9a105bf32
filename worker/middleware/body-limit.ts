import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../errors.ts';

/** Refuses a body over `maxSize` bytes with a 413, before any work (a declared length) or as soon as it is read past. */
export const limitBody = (maxSize: number, what = 'Request bodies') =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `${what} are limited to ${maxSize} bytes`);
    },
  });

/** Every JSON request of kiosks and operators is a small document. */
export const JSON_BODY_LIMIT = 16 * 1024;

/**
 * A menu item is the one bigger document: up to 10 option groups of 20 options, each named in every language (Korean
 * and Japanese take 3 bytes a character, 6 when a client escapes them).
 */
export const MENU_ITEM_BODY_LIMIT = 256 * 1024;
