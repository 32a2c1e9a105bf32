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
