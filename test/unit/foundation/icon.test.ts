import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

// The Chrome Web Store's 128 px icon: 96 × 96 of artwork with 16 px of transparent padding on
// every side (the store and the extensions page draw it on their own backgrounds).

/** The rows of an 8-bit RGBA PNG (the only kind the icons are), unfiltered. */
function rgbaRows(file: Buffer): { width: number; rows: Uint8Array[] } {
  let at = 8;
  let width = 0;
  let height = 0;
  const data: Buffer[] = [];
  while (at < file.length) {
    const length = file.readUInt32BE(at);
    const type = file.toString('ascii', at + 4, at + 8);
    const body = file.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      [width, height] = [body.readUInt32BE(0), body.readUInt32BE(4)];
      expect([body[8], body[9]]).toEqual([8, 6]); // 8 bits, RGBA
    }
    if (type === 'IDAT') data.push(body);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * 4;
  const rows: Uint8Array[] = [];
  let previous = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const row = Uint8Array.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const left = i >= 4 ? row[i - 4]! : 0;
      const up = previous[i]!;
      const corner = i >= 4 ? previous[i - 4]! : 0;
      const p = left + up - corner;
      const paeth = Math.abs(p - left) <= Math.abs(p - up) && Math.abs(p - left) <= Math.abs(p - corner) ? left : Math.abs(p - up) <= Math.abs(p - corner) ? up : corner;
      row[i] = (row[i]! + [0, left, up, (left + up) >> 1, paeth][filter]!) & 255;
    }
    rows.push(row);
    previous = row;
  }
  return { width, rows };
}

describe('the 128 px icon', () => {
  it('has its artwork in the middle 96 × 96 and transparent padding of 16 px around it', () => {
    const { width, rows } = rgbaRows(readFileSync(resolve(import.meta.dirname, '../../../public/icon/128.png')));
    expect([width, rows.length]).toEqual([128, 128]);
    const drawn: [number, number][] = [];
    rows.forEach((row, y) => {
      for (let x = 0; x < width; x++) if (row[x * 4 + 3]! > 0) drawn.push([x, y]);
    });
    const xs = drawn.map(([x]) => x);
    const ys = drawn.map(([, y]) => y);
    expect([Math.min(...xs), Math.min(...ys)]).toEqual([16, 16]);
    expect([Math.max(...xs), Math.max(...ys)]).toEqual([111, 111]);
  });
});
