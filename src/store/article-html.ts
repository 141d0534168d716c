/**
 * An article's HTML as the store keeps it (`articles.content_html_deflated`,
 * migration 020): deflated, because the HTML was about half of every stored
 * article and deflates to a third of its size or less, while SQLite keeps
 * text as it is (PostgreSQL's TOAST compressed it, with pglz, less tightly).
 * The text stays plain on both: SQLite's full-text index reads it from the
 * row (external content) and PostgreSQL's search index is an expression over it.
 *
 * The zlib format rather than raw deflate: its Adler-32 check makes a damaged
 * value fail loudly on read instead of reading back as other HTML, for 6 bytes.
 * Level 1: the size differs from the default level's by a few percent of the
 * HTML, the time to deflate by about half, and every save pays it.
 */
import { constants, deflateSync, inflateSync } from 'node:zlib';
import { FeedloomError } from '../core/errors.js';

const LEVEL = constants.Z_BEST_SPEED;

/** No HTML is no bytes: also what a row added by migration 020's default holds before it is filled. */
const EMPTY = Buffer.alloc(0);

export function packHtml(html: string): Buffer {
  return html === '' ? EMPTY : deflateSync(html, { level: LEVEL });
}

export function unpackHtml(packed: Uint8Array, rowId: string): string {
  if (packed.byteLength === 0) return '';
  try {
    return inflateSync(packed).toString('utf8');
  } catch (err) {
    throw new FeedloomError('STORE_CORRUPT_ROW', `column articles.content_html_deflated of row ${rowId} does not inflate`, {
      cause: err,
      details: { column: 'articles.content_html_deflated', rowId },
    });
  }
}
