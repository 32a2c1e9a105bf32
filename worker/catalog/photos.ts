import { sha256Hex } from '../auth/kiosk-token.ts';
import { log } from '../log.ts';
import { photoInUse, photosInUse } from './catalog-store.ts';

/** Menu photos: JPEG, PNG or WebP, up to 2 MB, kept in R2 under their content hash and served at /photos/<hash>. */
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;

/** Each accepted type and how its files begin (`null`: any byte), so a file cannot claim to be what it is not. */
const SIGNATURES: Record<string, readonly (number | null)[]> = {
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  // "RIFF", the file's size, "WEBP".
  'image/webp': [0x52, 0x49, 0x46, 0x46, null, null, null, null, 0x57, 0x45, 0x42, 0x50],
};

export const PHOTO_TYPES = Object.keys(SIGNATURES);

/** A photo's key in R2 and its name in its URL: the SHA-256 of its bytes. */
export const PHOTO_KEY = /^[a-f0-9]{64}$/;

/** The photo's media type, or why it is refused: a type we do not take, or bytes that are not of that type. */
export function photoType(contentType: string | undefined, bytes: Uint8Array): { type: string } | { problem: string } {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  const signature = SIGNATURES[type];
  if (!signature) return { problem: `Photos must be ${PHOTO_TYPES.join(', ')} (Content-Type), not ${type || 'unnamed'}` };
  const matches = bytes.length > signature.length && signature.every((byte, i) => byte === null || bytes[i] === byte);
  return matches ? { type } : { problem: `The file is not a ${type} image` };
}

/** Stores the photo under its SHA-256 (the same picture twice is one object) and answers that hash. */
export async function storePhoto(bucket: R2Bucket, bytes: Uint8Array, type: string): Promise<string> {
  const hash = await sha256Hex(bytes);
  await bucket.put(hash, bytes, { httpMetadata: { contentType: type } });
  return hash;
}

/**
 * Once an item names the photo: stores it again if a sweep deleted it after it was stored and before the item named
 * it (the sweep saw it shown nowhere, and cannot see it now that it is gone).
 */
export async function keepStored(bucket: R2Bucket, hash: string, bytes: Uint8Array, type: string): Promise<void> {
  if (!(await bucket.head(hash))) await storePhoto(bucket, bytes, type);
}

/**
 * Deletes from R2 every photo no item shows (the same picture is one object, so one another item shows stays), so a
 * removed photo is no longer served. Content-hash URLs are cached for good: a browser may keep its copy.
 *
 * Called after a change to the catalog, which is the truth: R2 failing here does not undo or fail the change. A photo
 * left behind is only one the catalog no longer names, and the next change's sweep deletes it (a menu's photos are
 * few, so listing them all is cheap; each environment's bucket holds its own catalog's photos only).
 */
export async function releaseUnshownPhotos(env: Pick<Env, 'DB' | 'PHOTOS'>): Promise<void> {
  try {
    const shown = await photosInUse(env.DB);
    for (const hash of await storedPhotos(env.PHOTOS)) {
      if (!shown.has(hash)) await deleteUnlessTakenUp(env, hash);
    }
  } catch (err) {
    log.warn('photo_delete_failed', { error: String(err) });
  }
}

/**
 * R2 has no conditional delete, so an upload of the same picture may name it on an item between the sweep's look and
 * this delete: a second look afterwards puts it back then. An item that names it after that second look finds it gone
 * by itself (`keepStored`).
 */
async function deleteUnlessTakenUp(env: Pick<Env, 'DB' | 'PHOTOS'>, hash: string): Promise<void> {
  const photo = await env.PHOTOS.get(hash);
  if (!photo) return;
  const bytes = await photo.arrayBuffer();
  await env.PHOTOS.delete(hash);
  if (await photoInUse(env.DB, hash)) await env.PHOTOS.put(hash, bytes, { httpMetadata: photo.httpMetadata });
}

async function storedPhotos(bucket: R2Bucket): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ cursor });
    keys.push(...page.objects.map((object) => object.key).filter((key) => PHOTO_KEY.test(key)));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys;
}
