/** Conversions between API values and column values shared by every table. */
import { FeedloomError } from '../core/errors.js';

export function iso(date: Date): string {
  return date.toISOString();
}

/** PostgreSQL returns count(*) as a string (bigint); SQLite as a number. */
export function countValue(value: string | number | bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}

export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

/** Reads a JSON column; a row that does not parse is a bug worth naming, not a silent default. */
export function fromJson<T>(text: string, column: string, rowId: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new FeedloomError('STORE_CORRUPT_ROW', `column ${column} of row ${rowId} is not JSON`, {
      cause: err,
      details: { column, rowId },
    });
  }
}

export function chunks<T>(values: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

/** Zero for every status, then the counts a `group by status` found. */
export function countsByStatus<S extends string>(statuses: readonly S[], rows: { status: string; count: string | number | bigint }[]): Record<S, number> {
  const counts = Object.fromEntries(statuses.map((s) => [s, 0])) as Record<S, number>;
  for (const row of rows) {
    if ((statuses as readonly string[]).includes(row.status)) counts[row.status as S] = countValue(row.count);
  }
  return counts;
}
