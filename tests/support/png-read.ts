/**
 * The pixels of a PNG as a screenshot writes it: 8 bits per channel, RGB or RGBA, not interlaced. Enough for a
 * test to ask what colour a screenshot shows where; anything else is refused by name.
 */
import { inflateSync } from "node:zlib";

export interface Png {
  width: number;
  height: number;
  /** [r, g, b] of the pixel at (x, y). */
  rgb(x: number, y: number): [number, number, number];
}

export function readPng(bytes: Uint8Array): Png {
  const b = Buffer.from(bytes);
  if (b.toString("latin1", 1, 4) !== "PNG") throw new Error("readPng: not a PNG");
  const width = b.readUInt32BE(16), height = b.readUInt32BE(20);
  const depth = b[24], colour = b[25], interlace = b[28];
  if (depth !== 8 || (colour !== 2 && colour !== 6) || interlace !== 0) throw new Error(`readPng: only 8-bit RGB or RGBA, not interlaced (depth ${depth}, colour type ${colour}, interlace ${interlace})`);
  const channels = colour === 6 ? 4 : 3;
  const idat: Buffer[] = [];
  for (let at = 8; at < b.length; ) {
    const length = b.readUInt32BE(at);
    if (b.toString("latin1", at + 4, at + 8) === "IDAT") idat.push(b.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const px = new Uint8Array(height * stride);
  // Undo each row's filter (PNG spec, section 9): none, sub, up, average, Paeth.
  for (let y = 0; y < height; y++) {
    const type = raw[y * (stride + 1)];
    const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? px[y * stride + i - channels] : 0;
      const up = y > 0 ? px[(y - 1) * stride + i] : 0;
      const c = y > 0 && i >= channels ? px[(y - 1) * stride + i - channels] : 0;
      const p = a + up - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - up) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - up) <= Math.abs(p - c) ? up : c;
      const add = [0, a, up, (a + up) >> 1, paeth][type];
      if (add === undefined) throw new Error(`readPng: row ${y} has filter type ${type}`);
      px[y * stride + i] = (row[i] + add) & 255;
    }
  }
  return { width, height, rgb: (x, y) => [px[y * stride + x * channels], px[y * stride + x * channels + 1], px[y * stride + x * channels + 2]] };
}
