/**
 * How a photo request's HTTP headers are answered (RFC 9110), decided apart from R2: R2 evaluates the preconditions
 * (`onlyIf`) and reads a byte range, but says neither which precondition failed nor whether a range fits the photo.
 */

/**
 * The status for a request whose preconditions R2 found failing (it answered the photo without a body). If-Match
 * and If-Unmodified-Since guard against another version than the client's: 412. Otherwise it is If-None-Match or
 * If-Modified-Since that failed: the client's copy is current, 304.
 */
export function failedPreconditionStatus(request: Headers, photo: { httpEtag: string; uploaded: Date }): 304 | 412 {
  const ifMatch = request.get('If-Match');
  if (ifMatch !== null) return etagListNames(ifMatch, photo.httpEtag) ? 304 : 412;
  const unmodifiedSince = Date.parse(request.get('If-Unmodified-Since') ?? '');
  if (!Number.isNaN(unmodifiedSince) && wholeSeconds(photo.uploaded.getTime()) > unmodifiedSince) return 412;
  return 304;
}

/** If-Match's strong comparison: `*`, or one of its entity tags exactly (a weak `W/` tag never matches). */
const etagListNames = (list: string, etag: string): boolean =>
  list.trim() === '*' || list.split(',').some((tag) => tag.trim() === etag);

/** HTTP dates have whole seconds, so a photo uploaded within the named second is not modified since. */
const wholeSeconds = (ms: number): number => Math.floor(ms / 1000) * 1000;

/** One byte range a Range header asks for (RFC 9110 §14.1.2): from `first` to `last` (or the end), or the last `suffix` bytes. */
export type ByteRangeSpec = { first: number; last?: number } | { suffix: number };

/**
 * The one byte range a request asks for, or null to serve the whole photo, as HTTP allows a server to: no Range,
 * another unit, several ranges (R2 reads one), a malformed one, or an If-Range (served whole rather than compared).
 */
export function requestedRange(range: string | undefined, ifRange: string | undefined): ByteRangeSpec | null {
  if (range === undefined || ifRange !== undefined) return null;
  const spec = /^bytes=(\d*)-(\d*)$/i.exec(range.trim());
  if (!spec) return null;
  const [first, last] = [spec[1], spec[2]].map((digits) => (digits === '' ? undefined : Number(digits)));
  if (first === undefined) return last === undefined ? null : { suffix: last };
  if (last !== undefined && last < first) return null;
  return last === undefined ? { first } : { first, last };
}

/** The bytes of a photo of `size` bytes the range comes to (the range cut at the photo's end), or null: none (416). */
export function rangeWithin(spec: ByteRangeSpec, size: number): { offset: number; length: number } | null {
  if ('suffix' in spec) {
    const length = Math.min(spec.suffix, size);
    return length > 0 ? { offset: size - length, length } : null;
  }
  if (spec.first >= size) return null;
  return { offset: spec.first, length: Math.min(spec.last ?? size - 1, size - 1) - spec.first + 1 };
}
