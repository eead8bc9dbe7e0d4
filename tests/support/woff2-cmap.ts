/**
 * The characters a woff2 font maps to a glyph (its cmap), read without a font
 * library: WOFF2 is a table directory over one Brotli stream (node:zlib), and
 * the cmap table is never transformed. Reads cmap subtables of format 4 and 12
 * (every KaTeX font has format 4); a character mapped to glyph 0 (.notdef) is absent.
 */
import { brotliDecompressSync } from "node:zlib";

/** The 63 tags a WOFF2 table directory names by index (WOFF2 spec, 5.1); only these matter here. */
const CMAP = 0;
const GLYF = 10;
const LOCA = 11;

function base128(bytes: Buffer, at: number): [number, number] {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const b = bytes[at + i];
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) return [value, at + i + 1];
  }
  throw new Error("woff2: UIntBase128 longer than 5 bytes");
}

/** The decompressed cmap table of a woff2 file. */
export function woff2Cmap(woff2: Buffer): Buffer {
  if (woff2.toString("latin1", 0, 4) !== "wOF2") throw new Error("not a woff2 file (no wOF2 signature)");
  const numTables = woff2.readUInt16BE(12);
  const compressedLength = woff2.readUInt32BE(20);
  let at = 48;
  const tables: { index: number; length: number }[] = [];
  for (let t = 0; t < numTables; t++) {
    const flags = woff2[at++];
    const index = flags & 0x3f;
    const version = flags >> 6;
    if (index === 63) at += 4; // an arbitrary tag follows
    const [origLength, next] = base128(woff2, at);
    at = next;
    // glyf and loca are transformed unless version 3; every other table only with version ≠ 0.
    const transformed = index === GLYF || index === LOCA ? version !== 3 : version !== 0;
    let length = origLength;
    if (transformed) [length, at] = base128(woff2, at);
    tables.push({ index, length });
  }
  if (woff2.toString("latin1", 4, 8) === "ttcf") throw new Error("woff2: font collections are not read here");
  const stream = brotliDecompressSync(woff2.subarray(at, at + compressedLength));
  let offset = 0;
  for (const t of tables) {
    if (t.index === CMAP) return stream.subarray(offset, offset + t.length);
    offset += t.length;
  }
  throw new Error("woff2: no cmap table");
}

/** Every code point the font maps to a real glyph. */
export function woff2CodePoints(woff2: Buffer): Set<number> {
  const cmap = woff2Cmap(woff2);
  const out = new Set<number>();
  const n = cmap.readUInt16BE(2);
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    const platform = cmap.readUInt16BE(4 + 8 * i);
    const encoding = cmap.readUInt16BE(6 + 8 * i);
    const sub = cmap.readUInt32BE(8 + 8 * i);
    // Unicode subtables only: platform 0, or Windows (3) with encoding 1 (BMP) or 10 (full).
    if (!(platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10))) || seen.has(sub)) continue;
    seen.add(sub);
    const format = cmap.readUInt16BE(sub);
    if (format === 4) {
      const segs = cmap.readUInt16BE(sub + 6) / 2;
      const ends = sub + 14;
      const starts = ends + 2 * segs + 2;
      const deltas = starts + 2 * segs;
      const rangeOffsets = deltas + 2 * segs;
      for (let s = 0; s < segs; s++) {
        const end = cmap.readUInt16BE(ends + 2 * s);
        const start = cmap.readUInt16BE(starts + 2 * s);
        const delta = cmap.readUInt16BE(deltas + 2 * s);
        const ro = cmap.readUInt16BE(rangeOffsets + 2 * s);
        for (let c = start; c <= end && c !== 0xffff; c++) {
          let gid: number;
          if (ro === 0) gid = (c + delta) & 0xffff;
          else {
            gid = cmap.readUInt16BE(rangeOffsets + 2 * s + ro + 2 * (c - start));
            if (gid !== 0) gid = (gid + delta) & 0xffff;
          }
          if (gid !== 0) out.add(c);
        }
      }
    } else if (format === 12) {
      const groups = cmap.readUInt32BE(sub + 12);
      for (let g = 0; g < groups; g++) {
        const start = cmap.readUInt32BE(sub + 16 + 12 * g);
        const end = cmap.readUInt32BE(sub + 20 + 12 * g);
        const gid = cmap.readUInt32BE(sub + 24 + 12 * g);
        for (let c = start; c <= end; c++) if (gid + (c - start) !== 0) out.add(c);
      }
    } else {
      throw new Error(`woff2: cmap subtable format ${format} is not read here (only 4 and 12)`);
    }
  }
  return out;
}
