/**
 * Bytes to text, in the order a feed reader must trust the signals: a byte
 * order mark, then the HTTP charset, then the XML declaration, then UTF-8
 * (with windows-1252 when the bytes are not valid UTF-8, the usual mistake).
 * No XML parser we use honours `encoding=`, so this happens before parsing.
 */

type Utf32 = 'utf-32le' | 'utf-32be';

interface Sniffed {
  encoding: string;
  /** Bytes to skip (the BOM). */
  skip: number;
}

function sniffBom(b: Uint8Array): Sniffed | null {
  const [b0, b1, b2, b3] = [b[0], b[1], b[2], b[3]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && b3 === 0xff) return { encoding: 'utf-32be', skip: 4 };
  if (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && b3 === 0x00) return { encoding: 'utf-32le', skip: 4 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', skip: 2 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  return null;
}

/** Without a BOM, a document starting with `<` still shows its code unit width (XML 1.0 appendix F). */
function sniffWidth(b: Uint8Array): string | null {
  const [b0, b1, b2, b3] = [b[0], b[1], b[2], b[3]];
  if (b0 === 0 && b1 === 0 && b2 === 0 && b3 === 0x3c) return 'utf-32be';
  if (b0 === 0x3c && b1 === 0 && b2 === 0 && b3 === 0) return 'utf-32le';
  if (b0 === 0 && b1 === 0x3c && b2 === 0 && b3 === 0x3f) return 'utf-16be';
  if (b0 === 0x3c && b1 === 0 && b2 === 0x3f && b3 === 0) return 'utf-16le';
  return null;
}

export function charsetFromContentType(contentType: string | null): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return match?.[2]?.toLowerCase() ?? null;
}

/** The `encoding` pseudo-attribute of an ASCII-compatible XML declaration. */
function declaredEncoding(b: Uint8Array): string | null {
  const head = String.fromCharCode(...b.subarray(0, 512));
  const match = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return match?.[1]?.toLowerCase() ?? null;
}

function decodeUtf32(bytes: Uint8Array, encoding: Utf32): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const littleEndian = encoding === 'utf-32le';
  const parts: string[] = [];
  let chunk: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i += 4) {
    const cp = view.getUint32(i, littleEndian);
    chunk.push(cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? cp : 0xfffd);
    // String.fromCodePoint takes its arguments on the stack: keep batches small.
    if (chunk.length === 8192) {
      parts.push(String.fromCodePoint(...chunk));
      chunk = [];
    }
  }
  parts.push(String.fromCodePoint(...chunk));
  return parts.join('');
}

/** windows-1252's 0x80-0x9F; the five undefined bytes keep their C1 code points, as browsers do. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += 8192) {
    const codes = Array.from(bytes.subarray(start, start + 8192), (b) => (b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] ?? b) : b));
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

/** Decodes with `label`, or returns null when the label is unknown or (if `fatal`) the bytes do not fit it. */
function tryDecode(bytes: Uint8Array, label: string, fatal: boolean): string | null {
  const normalized = label.replace(/_/g, '-');
  if (normalized === 'utf-32' || normalized === 'ucs-4') return decodeUtf32(bytes, bytes[0] === 0 ? 'utf-32be' : 'utf-32le');
  if (normalized === 'utf-32le' || normalized === 'utf-32be') return decodeUtf32(bytes, normalized);
  try {
    const decoder = new TextDecoder(normalized, { fatal, ignoreBOM: true });
    // Node's windows-1252 decoder is really ISO-8859-1: it leaves 0x80-0x9F as C1 controls instead of “smart quotes”.
    return decoder.encoding === 'windows-1252' ? decodeWindows1252(bytes) : decoder.decode(bytes);
  } catch {
    return null;
  }
}

/** A declaration naming a 16/32-bit encoding inside a document read as 8-bit text is a lie; ignore it. */
function isWide(label: string): boolean {
  return /^(utf-?(16|32)|ucs-?(2|4))/i.test(label);
}

export function decodeFeedBytes(body: Uint8Array, contentType: string | null): string {
  const bom = sniffBom(body);
  if (bom) {
    const text = tryDecode(body.subarray(bom.skip), bom.encoding, false);
    if (text !== null) return text;
  }
  const width = sniffWidth(body);
  const httpCharset = charsetFromContentType(contentType);
  if (httpCharset && !(width && !isWide(httpCharset))) {
    const text = tryDecode(body, httpCharset, true);
    if (text !== null) return text;
  }
  if (width) {
    const text = tryDecode(body, width, false);
    if (text !== null) return text;
  }
  const declared = declaredEncoding(body);
  if (declared && !isWide(declared)) {
    const text = tryDecode(body, declared, true);
    if (text !== null) return text;
  }
  return tryDecode(body, 'utf-8', true) ?? tryDecode(body, 'windows-1252', false) ?? '';
}
