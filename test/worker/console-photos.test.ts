import { env, exports } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchWith } from './deployment.ts';
import { ADMIN_TOKEN, call, DEV_KIOSK_TOKEN } from './kiosk-client.ts';

/** Small but real headers of each accepted kind, padded to the size a test needs. */
const JPEG = [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d];
const WEBP = [0x52, 0x49, 0x46, 0x46, 0x24, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x20];
const GIF = [0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00];

function image(header: number[], size = 1024, fill = Math.floor(Math.random() * 256)): Uint8Array {
  const bytes = new Uint8Array(size).fill(fill);
  bytes.set(header);
  return bytes;
}

async function upload(id: string, body: BodyInit, contentType: string, headers: Record<string, string> = {}) {
  const res = await exports.default.fetch(
    new Request(`http://kiosk.test/api/admin/catalog/items/${id}/photo`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': contentType, ...headers },
      body,
    }),
  );
  return { status: res.status, body: (await res.json()) as any };
}

async function newItem() {
  const id = `photo-${crypto.randomUUID().slice(0, 8)}`;
  const res = await call(`/api/admin/catalog/items/${id}`, {
    token: ADMIN_TOKEN,
    method: 'PUT',
    body: { name: { en: 'Pictured' }, category: 'bakery', prices: { usd: 300 } },
  });
  expect(res.status).toBe(201);
  return id;
}

/** The real bucket, but with some of its methods replaced (an R2 outage, or another request slipping in). */
const bucketWith = (replaced: Partial<R2Bucket>): R2Bucket =>
  new Proxy(env.PHOTOS, {
    get: (bucket, name: keyof R2Bucket) => replaced[name] ?? (bucket[name] as (...args: unknown[]) => unknown).bind(bucket),
  });

const removePhotoWith = async (photos: R2Bucket, id: string) => {
  const res = await fetchWith({ PHOTOS: photos }, `/api/admin/catalog/items/${id}/photo`, {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  return { status: res.status, body: (await res.json()) as any };
};

const uploadWith = async (photos: R2Bucket, id: string, bytes: Uint8Array, contentType: string) => {
  const res = await fetchWith({ PHOTOS: photos }, `/api/admin/catalog/items/${id}/photo`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': contentType },
    body: bytes,
  });
  return { status: res.status, body: (await res.json()) as any };
};

const served = async (url: string) => (await exports.default.fetch(`http://kiosk.test${url}`)).status;

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('menu photos', () => {
  it('an uploaded photo is served publicly under its content hash, with long cache headers, and kiosks show it', async () => {
    const id = await newItem();
    const bytes = image(JPEG, 4096);
    const res = await upload(id, bytes, 'image/jpeg');
    expect(res.status).toBe(200);
    const hash = [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(res.body.item).toMatchObject({ id, photoUrl: `/photos/${hash}` });

    const photo = await exports.default.fetch(`http://kiosk.test${res.body.item.photoUrl}`);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('Content-Type')).toBe('image/jpeg');
    expect(photo.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(new Uint8Array(await photo.arrayBuffer())).toEqual(bytes);

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 5000);
    const menu = await call('/api/catalog', { token: DEV_KIOSK_TOKEN });
    expect(menu.body.items.find((item: { id: string }) => item.id === id)).toMatchObject({ photoUrl: res.body.item.photoUrl });
  });

  it('a browser that has the photo gets a 304; a new photo gets a new URL', async () => {
    const id = await newItem();
    const first = (await upload(id, image(PNG), 'image/png')).body.item.photoUrl;
    const served = await exports.default.fetch(`http://kiosk.test${first}`);
    await served.arrayBuffer();
    const again = await exports.default.fetch(`http://kiosk.test${first}`, { headers: { 'If-None-Match': served.headers.get('ETag')! } });
    expect(again.status).toBe(304);
    const second = (await upload(id, image(WEBP), 'image/webp')).body.item.photoUrl;
    expect(second).not.toBe(first);
    expect((await exports.default.fetch(`http://kiosk.test${second}`)).headers.get('Content-Type')).toBe('image/webp');
  });

  it('a request whose If-Match names another version is refused with 412, not answered as if the client had it (304)', async () => {
    const id = await newItem();
    const url = (await upload(id, image(JPEG), 'image/jpeg')).body.item.photoUrl;
    const etag = (await exports.default.fetch(`http://kiosk.test${url}`)).headers.get('ETag')!;
    const mismatched = await exports.default.fetch(`http://kiosk.test${url}`, { headers: { 'If-Match': '"another-version"' } });
    expect(mismatched.status).toBe(412);
    expect(await mismatched.json()).toMatchObject({ error: { code: 'precondition_failed' } });
    const stale = await exports.default.fetch(`http://kiosk.test${url}`, { headers: { 'If-Unmodified-Since': new Date(0).toUTCString() } });
    expect(stale.status).toBe(412);
    await stale.arrayBuffer();
    const matched = await exports.default.fetch(`http://kiosk.test${url}`, { headers: { 'If-Match': `"another-version", ${etag}` } });
    expect(matched.status).toBe(200);
    await matched.arrayBuffer();
    const cached = await exports.default.fetch(`http://kiosk.test${url}`, { headers: { 'If-Match': etag, 'If-None-Match': etag } });
    expect(cached.status).toBe(304);
  });

  it('a Range request gets just those bytes (206 with Content-Range), and every answer says byte ranges are accepted', async () => {
    const id = await newItem();
    const bytes = image(JPEG, 1024);
    bytes.forEach((_, i) => i >= JPEG.length && (bytes[i] = i % 251));
    const url = (await upload(id, bytes, 'image/jpeg')).body.item.photoUrl;
    const whole = await exports.default.fetch(`http://kiosk.test${url}`);
    expect([whole.status, whole.headers.get('Accept-Ranges'), whole.headers.get('Content-Length')]).toEqual([200, 'bytes', '1024']);
    await whole.arrayBuffer();
    for (const [range, first, last] of [
      ['bytes=0-99', 0, 99],
      ['bytes=1000-', 1000, 1023],
      ['bytes=-100', 924, 1023],
      ['bytes=1000-99999', 1000, 1023],
    ] as const) {
      const part = await exports.default.fetch(`http://kiosk.test${url}`, { headers: { Range: range } });
      expect(part.status, range).toBe(206);
      expect(part.headers.get('Content-Range'), range).toBe(`bytes ${first}-${last}/1024`);
      expect(part.headers.get('Content-Length'), range).toBe(String(last - first + 1));
      expect(part.headers.get('Accept-Ranges'), range).toBe('bytes');
      expect(new Uint8Array(await part.arrayBuffer()), range).toEqual(bytes.slice(first, last + 1));
    }
    const cached = await exports.default.fetch(`http://kiosk.test${url}`, { headers: { 'If-None-Match': whole.headers.get('ETag')! } });
    expect([cached.status, cached.headers.get('Accept-Ranges')]).toEqual([304, 'bytes']);
  });

  it('a range past the photo\'s end is 416 with its size; a Range that is not one byte range gets the whole photo', async () => {
    const id = await newItem();
    const bytes = image(PNG, 1024);
    const url = (await upload(id, bytes, 'image/png')).body.item.photoUrl;
    const past = await exports.default.fetch(`http://kiosk.test${url}`, { headers: { Range: 'bytes=1024-' } });
    expect([past.status, past.headers.get('Content-Range'), past.headers.get('Accept-Ranges')]).toEqual([416, 'bytes */1024', 'bytes']);
    expect(await past.json()).toMatchObject({ error: { code: 'range_not_satisfiable' } });
    const wholePhotoAsked: Record<string, string>[] = [
      { Range: 'bytes=0-1, 5-9' },
      { Range: 'bytes=9-3' },
      { Range: 'pages=1-2' },
      { Range: 'bytes=0-99', 'If-Range': '"another-version"' },
    ];
    for (const headers of wholePhotoAsked) {
      const res = await exports.default.fetch(`http://kiosk.test${url}`, { headers });
      expect([res.status, res.headers.get('Content-Range')], JSON.stringify(headers)).toEqual([200, null]);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
    }
  });

  it('takes JPEG, PNG and WebP only (415), and only files that are what they claim to be', async () => {
    const id = await newItem();
    for (const [what, bytes, type] of [
      ['a GIF', image(GIF), 'image/gif'],
      ['an SVG', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml'],
      ['a PNG said to be a JPEG', image(PNG), 'image/jpeg'],
      ['text said to be a PNG', new TextEncoder().encode('not really an image at all'), 'image/png'],
      ['no type', image(JPEG), ''],
    ] as const) {
      const res = await upload(id, bytes, type);
      expect(res, what).toMatchObject({ status: 415, body: { error: { code: 'unsupported_photo' } } });
    }
    expect((await call('/api/admin/catalog', { token: ADMIN_TOKEN })).body.items.find((item: { id: string }) => item.id === id).photoUrl).toBeNull();
  });

  it('refuses a photo over 2 MB (413), told or streamed, and keeps the one it had', async () => {
    const id = await newItem();
    const kept = (await upload(id, image(JPEG), 'image/jpeg')).body.item.photoUrl;
    const oversize = image(JPEG, 2 * 1024 * 1024 + 1);
    expect(await upload(id, oversize, 'image/jpeg')).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
    expect(await upload(id, new Blob([oversize]).stream(), 'image/jpeg')).toMatchObject({ status: 413 });
    const catalog = (await call('/api/admin/catalog', { token: ADMIN_TOKEN })).body;
    expect(catalog.items.find((item: { id: string }) => item.id === id).photoUrl).toBe(kept);
    expect((await upload(id, image(JPEG, 2 * 1024 * 1024), 'image/jpeg')).status).toBe(200);
  });

  it('removing the photo leaves the item without one; unknown items are 404', async () => {
    const id = await newItem();
    await upload(id, image(JPEG), 'image/jpeg');
    const removed = await call(`/api/admin/catalog/items/${id}/photo`, { token: ADMIN_TOKEN, method: 'DELETE' });
    expect(removed).toMatchObject({ status: 200, body: { item: { id, photoUrl: null } } });
    expect(await upload('no-such-item', image(JPEG), 'image/jpeg')).toMatchObject({ status: 404, body: { error: { code: 'item_not_found' } } });
    expect(await call('/api/admin/catalog/items/no-such-item/photo', { token: ADMIN_TOKEN, method: 'DELETE' })).toMatchObject({ status: 404 });
  });

  it('a photo removed, replaced or left behind by a deleted item is no longer served, unless another item shows it', async () => {
    const [removedFrom, replacedAt, deleted, sharing] = [await newItem(), await newItem(), await newItem(), await newItem()];
    const removedPhoto = (await upload(removedFrom, image(JPEG, 4096), 'image/jpeg')).body.item.photoUrl;
    await call(`/api/admin/catalog/items/${removedFrom}/photo`, { token: ADMIN_TOKEN, method: 'DELETE' });
    expect(await served(removedPhoto)).toBe(404);

    const first = (await upload(replacedAt, image(PNG, 4096), 'image/png')).body.item.photoUrl;
    const second = (await upload(replacedAt, image(PNG, 4096), 'image/png')).body.item.photoUrl;
    expect([await served(first), await served(second)]).toEqual([404, 200]);

    const shared = image(WEBP, 4096);
    const sharedUrl = (await upload(deleted, shared, 'image/webp')).body.item.photoUrl;
    await upload(sharing, shared, 'image/webp');
    expect((await call(`/api/admin/catalog/items/${deleted}`, { token: ADMIN_TOKEN, method: 'DELETE' })).status).toBe(200);
    expect(await served(sharedUrl)).toBe(200);
    await call(`/api/admin/catalog/items/${sharing}`, { token: ADMIN_TOKEN, method: 'DELETE' });
    expect(await served(sharedUrl)).toBe(404);
  });

  it('removing a photo succeeds even when R2 fails to delete it, and the picture left behind goes with the next removal', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const [id, other] = [await newItem(), await newItem()];
    const left = (await upload(id, image(JPEG, 4096), 'image/jpeg')).body.item.photoUrl;
    const failing = bucketWith({ delete: () => Promise.reject(new Error('R2 is unavailable')) });
    expect(await removePhotoWith(failing, id)).toMatchObject({ status: 200, body: { item: { id, photoUrl: null } } });
    expect((await call('/api/admin/catalog', { token: ADMIN_TOKEN })).body.items.find((item: { id: string }) => item.id === id).photoUrl).toBeNull();

    const otherPhoto = (await upload(other, image(PNG, 4096), 'image/png')).body.item.photoUrl;
    await call(`/api/admin/catalog/items/${other}/photo`, { token: ADMIN_TOKEN, method: 'DELETE' });
    expect([await served(left), await served(otherPhoto)]).toEqual([404, 404]);
  });

  it('a picture removed from one item while another item takes it up at that moment stays served for the other item', async () => {
    const [removedFrom, takenUpBy] = [await newItem(), await newItem()];
    const picture = image(JPEG, 4096);
    const url = (await upload(removedFrom, picture, 'image/jpeg')).body.item.photoUrl;
    // The upload runs whole after the removal found the picture shown nowhere, and before it deletes it.
    const takenUpMeanwhile = bucketWith({
      delete: async (key) => {
        expect(await upload(takenUpBy, picture, 'image/jpeg')).toMatchObject({ status: 200, body: { item: { photoUrl: url } } });
        return env.PHOTOS.delete(key);
      },
    });
    expect(await removePhotoWith(takenUpMeanwhile, removedFrom)).toMatchObject({ status: 200, body: { item: { photoUrl: null } } });
    expect(await served(url)).toBe(200);
  });

  it('a picture uploaded to one item while another item lets it go at that moment is served for the new item', async () => {
    const [removedFrom, takenUpBy] = [await newItem(), await newItem()];
    const picture = image(PNG, 4096);
    const url = (await upload(removedFrom, picture, 'image/png')).body.item.photoUrl;
    // The removal runs whole after the upload stored the picture, and before the upload names it on its item.
    let removed = false;
    const removedMeanwhile = bucketWith({
      put: async (...args: Parameters<R2Bucket['put']>) => {
        const stored = await env.PHOTOS.put(...args);
        if (!removed) {
          removed = true;
          expect((await call(`/api/admin/catalog/items/${removedFrom}/photo`, { token: ADMIN_TOKEN, method: 'DELETE' })).status).toBe(200);
        }
        return stored;
      },
    } as Partial<R2Bucket>);
    expect(await uploadWith(removedMeanwhile, takenUpBy, picture, 'image/png')).toMatchObject({ status: 200, body: { item: { photoUrl: url } } });
    expect(await served(url)).toBe(200);
  });

  it('only operators upload photos', async () => {
    const id = await newItem();
    for (const token of [null, DEV_KIOSK_TOKEN]) {
      const res = await exports.default.fetch(
        new Request(`http://kiosk.test/api/admin/catalog/items/${id}/photo`, {
          method: 'PUT',
          headers: { 'Content-Type': 'image/jpeg', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
          body: image(JPEG),
        }),
      );
      expect(res.status).toBe(401);
    }
  });

  it('a photo that does not exist is 404, and a path that is not a photo is 400', async () => {
    expect((await exports.default.fetch(`http://kiosk.test/photos/${'0'.repeat(64)}`)).status).toBe(404);
    expect((await exports.default.fetch('http://kiosk.test/photos/not-a-hash')).status).toBe(400);
  });
});
