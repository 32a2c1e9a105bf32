/**
 * Writes the kiosk's app icons (pwa/public/icon-192.png, icon-512.png) without any image library:
 * a dark square with a light card shape, encoded as a PNG with node:zlib.
 * Run with `node pwa/scripts/make-icons.ts`; the PNGs it writes are committed.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BACKGROUND = [0x11, 0x18, 0x27];
const CARD = [0xfa, 0xcc, 0x15];
const STRIPE = [0x11, 0x18, 0x27];

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** The icon keeps its drawing inside the central 80% so it survives a maskable crop. */
function pixel(x: number, y: number, size: number): number[] {
  const u = x / size;
  const v = y / size;
  const inCard = u > 0.22 && u < 0.78 && v > 0.3 && v < 0.7;
  if (!inCard) return BACKGROUND;
  return v > 0.38 && v < 0.46 ? STRIPE : CARD;
}

function png(size: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour RGB
  const rows = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 3);
    for (let x = 0; x < size; x++) rows.set(pixel(x, y, size), row + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', new Uint8Array()),
  ]);
}

for (const size of [192, 512]) {
  writeFileSync(new URL(`../public/icon-${size}.png`, import.meta.url), png(size));
}
