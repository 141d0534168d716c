/**
 * Page cursors: the sort key of the last row a page returned, as base64url
 * JSON. Opaque to clients; checked on the way back in because it is input.
 */
import { FeedloomError } from '../core/errors.js';

/** Sort value and id of a row; the id breaks ties so no row is skipped or repeated. */
export interface CursorKey {
  at: string;
  id: string;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.at, key.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string') {
    return { at: parsed[0], id: parsed[1] };
  }
  throw new FeedloomError('INVALID_CURSOR', 'cursor is not one this API returned; start again without it', {
    details: { cursor },
  });
}

/** Cuts the extra row a query fetched to learn whether another page exists. */
export function toPage<R, T>(rows: R[], limit: number, key: (row: R) => CursorKey, map: (row: R) => T): { items: T[]; nextCursor: string | null } {
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  const nextCursor = rows.length > limit && last !== undefined ? encodeCursor(key(last)) : null;
  return { items: pageRows.map(map), nextCursor };
}
