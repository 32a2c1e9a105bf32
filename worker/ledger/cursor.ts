/** Where a page of a list starts: the (created_at, id) of the last row of the previous page, opaque to clients. */
export interface Cursor {
  createdAt: number;
  id: string;
}

/** base64url: safe in a query string as it is, pasted or not (`+` and `/` would need encoding). */
export const encodeCursor = (cursor: Cursor): string =>
  btoa(JSON.stringify([cursor.createdAt, cursor.id])).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');

/** The cursor a page gave, or null for anything else (cursors of earlier versions, in plain base64, too). */
export function decodeCursor(text: string): Cursor | null {
  try {
    const parsed = JSON.parse(atob(text.replaceAll('-', '+').replaceAll('_', '/'))) as unknown;
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [createdAt, id] = parsed as unknown[];
    return Number.isSafeInteger(createdAt) && typeof id === 'string' ? { createdAt: createdAt as number, id } : null;
  } catch {
    return null;
  }
}
