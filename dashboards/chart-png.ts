/**
 * A chart as a PNG image that describes itself: the described SVG (chart-export.ts: title,
 * subtitle, field periods, notes, source and citation drawn around the chart) rasterised by resvg
 * at twice its size, with the same texts as PNG text chunks (iTXt, UTF-8: Title, Description,
 * Source, Copyright, Software), which image viewers and reference managers read.
 *
 * resvg draws text with the machine's fonts; "sans-serif" is DejaVu Sans when present (Latin and
 * Arabic glyphs), else the first sans-serif font it finds.
 */
import { crc32 } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';

export interface PngText {
  readonly title: string;
  readonly description: string;
  readonly source: string;
  readonly citation: string;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One PNG chunk: length, type, data, CRC-32 of type and data (PNG specification, section 5.3). */
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An iTXt chunk (PNG 11.3.4.5): keyword, not compressed, no language tag, UTF-8 text. */
function itxt(keyword: string, text: string): Buffer {
  return chunk(
    'iTXt',
    Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')]),
  );
}

/** `svg` (a whole SVG document) as a PNG twice its size, with `text` in its text chunks. */
export function chartPng(svg: string, text: PngText): Uint8Array {
  const rendered = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    background: '#ffffff',
    font: { loadSystemFonts: true, sansSerifFamily: 'DejaVu Sans', defaultFontFamily: 'DejaVu Sans' },
  })
    .render()
    .asPng();
  const png = Buffer.from(rendered);
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('resvg did not return a PNG');
  // After IHDR (always the first chunk: 8 + 4 + 4 + 13 + 4 bytes in).
  const ihdrEnd = 8 + 25;
  return Buffer.concat([
    png.subarray(0, ihdrEnd),
    itxt('Title', text.title),
    itxt('Description', text.description),
    itxt('Source', text.source),
    itxt('Copyright', text.citation),
    itxt('Software', 'Barometer'),
    png.subarray(ihdrEnd),
  ]);
}
