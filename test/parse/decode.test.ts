import { describe, expect, it } from 'vitest';
import { decodeFeedBytes } from '../../src/parse/decode.js';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

function utf16(text: string, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < text.length; i++) view.setUint16(i * 2, text.charCodeAt(i), littleEndian);
  return out;
}

function utf32(text: string, littleEndian: boolean): Uint8Array {
  const points = [...text].map((c) => c.codePointAt(0) ?? 0);
  const out = new Uint8Array(points.length * 4);
  const view = new DataView(out.buffer);
  points.forEach((cp, i) => view.setUint32(i * 4, cp, littleEndian));
  return out;
}

const doc = '<rss><channel><title>caf\u00e9 \u{1F600}</title></channel></rss>';

describe('decodeFeedBytes', () => {
  it('honours a UTF-8 BOM over a conflicting HTTP charset, and drops the BOM', () => {
    const body = concat(Uint8Array.of(0xef, 0xbb, 0xbf), new TextEncoder().encode(doc));
    expect(decodeFeedBytes(body, 'text/xml; charset=iso-8859-1')).toBe(doc);
  });

  it('reads UTF-16 in both byte orders, with and without a BOM', () => {
    expect(decodeFeedBytes(concat(Uint8Array.of(0xff, 0xfe), utf16(doc, true)), null)).toBe(doc);
    expect(decodeFeedBytes(concat(Uint8Array.of(0xfe, 0xff), utf16(doc, false)), null)).toBe(doc);
    expect(decodeFeedBytes(utf16('<?xml version="1.0"?>' + doc, true), null)).toBe('<?xml version="1.0"?>' + doc);
  });

  it('reads UTF-32 (which TextDecoder lacks) in both byte orders, with and without a BOM', () => {
    expect(decodeFeedBytes(concat(Uint8Array.of(0xff, 0xfe, 0, 0), utf32(doc, true)), null)).toBe(doc);
    expect(decodeFeedBytes(concat(Uint8Array.of(0, 0, 0xfe, 0xff), utf32(doc, false)), null)).toBe(doc);
    expect(decodeFeedBytes(utf32(doc, true), null)).toBe(doc);
    expect(decodeFeedBytes(utf32(doc, false), null)).toBe(doc);
  });

  it('lets the HTTP charset override the XML declaration', () => {
    const body = concat(ascii('<?xml version="1.0" encoding="utf-8"?><t>'), Uint8Array.of(0x93, 0x41, 0x94), ascii('</t>'));
    expect(decodeFeedBytes(body, 'text/xml; charset="windows-1252"')).toContain('<t>\u201cA\u201d</t>');
  });

  it('uses the XML declaration when HTTP says nothing', () => {
    const body = concat(ascii("<?xml version='1.0' encoding='iso-8859-1'?><t>"), Uint8Array.of(0xe9), ascii('</t>'));
    expect(decodeFeedBytes(body, 'application/xml')).toContain('<t>\u00e9</t>');
  });

  it('decodes legacy multi-byte encodings named in the declaration', () => {
    const body = concat(ascii('<?xml version="1.0" encoding="euc-kr"?><t>'), Uint8Array.of(0xb3, 0xe2), ascii('</t>'));
    expect(decodeFeedBytes(body, null)).toContain('<t>\ub144</t>');
  });

  it('falls back to windows-1252 when bytes claimed or assumed to be UTF-8 are not', () => {
    const body = concat(ascii('<t>'), Uint8Array.of(0x93, 0xe9, 0x94), ascii('</t>'));
    expect(decodeFeedBytes(body, null)).toBe('<t>\u201c\u00e9\u201d</t>');
    expect(decodeFeedBytes(body, 'text/xml; charset=utf-8')).toBe('<t>\u201c\u00e9\u201d</t>');
  });

  it('ignores an unknown charset label instead of failing', () => {
    expect(decodeFeedBytes(new TextEncoder().encode(doc), 'text/xml; charset=x-bogus')).toBe(doc);
  });
});
