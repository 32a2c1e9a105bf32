import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../worker/ledger/cursor.ts';

describe("the ledger lists' cursors", () => {
  it('can be pasted into a URL as they are (base64url), and lead back to the same row', () => {
    for (let i = 0; i < 200; i++) {
      const cursor = { createdAt: 1_764_000_000_000 + Math.floor(Math.random() * 1e9), id: `cs_${crypto.randomUUID().replaceAll('-', '')}` };
      const text = encodeCursor(cursor);
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(text)).toEqual(cursor);
    }
  });

  it('are refused when the worker could not have made them', () => {
    for (const forged of ['[1e400,"x"]', '[1,"x",3]', '[1.5,"x"]', '{"createdAt":1,"id":"x"}', '[1]']) {
      expect(decodeCursor(btoa(forged)), forged).toBeNull();
    }
  });
});
