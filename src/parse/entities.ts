import { decodeHTMLStrict } from 'entities';

/**
 * Character references in feed text. Feeds use HTML's named entities without
 * declaring them, so text is decoded with the HTML table (semicolon required,
 * so `?a=1&copy=2` in a URL survives), with two feed-specific repairs.
 */

/** HTML 4 code points, which feeds (and feedparser) mean; HTML 5 moved these two to U+27E8/U+27E9. */
const HTML4_OVERRIDES: Record<string, string> = { lang: '\u2329', rang: '\u232a' };

const NUMERIC_REF = /&#(?:(\d{1,3})|[xX]([0-9a-fA-F]{2}));/g;
const BYTE_REF_RUN = /(?:&#(?:\d{3}|[xX][0-9a-fA-F]{2});){2,}/g;

/**
 * "&#226;&#128;&#166;" is UTF-8 written out byte by byte as references (text
 * decoded as Latin-1 and re-escaped). When such a run is valid UTF-8, it is read as UTF-8.
 */
function repairByteReferences(raw: string): string {
  return raw.replace(BYTE_REF_RUN, (run) => {
    const bytes: number[] = [];
    for (const m of run.matchAll(NUMERIC_REF)) bytes.push(m[1] !== undefined ? Number(m[1]) : parseInt(m[2] ?? '', 16));
    if (bytes.some((b) => b < 0x80 || b > 0xff)) return run;
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
    } catch {
      return run;
    }
  });
}

export function decodeEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
  const repaired = repairByteReferences(raw).replace(/&(lang|rang);/g, (whole, name: string) => HTML4_OVERRIDES[name] ?? whole);
  return decodeHTMLStrict(repaired);
}
