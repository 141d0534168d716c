/**
 * Statements the save path runs for every batch whose text depends only on
 * the batch's shape (how many items ask), built from hundreds of fragments:
 * Kysely spent 220 µs compiling one item's 16 band reads, which SQLite runs in
 * 10 µs. Each shape is compiled once per dialect and its text reused with the
 * new values.
 */
import { CompiledQuery, sql, type Kysely, type RawBuilder } from 'kysely';
import type { StoreDialect } from './connection.js';
import type { Database } from './schema.js';

/** Shapes kept per dialect; a shape is a kind of statement and a batch size, so few are ever made. */
const SHAPES_KEPT = 256;

const compiled = new Map<string, string>();

/**
 * Runs `build(value)` with `values`: `build` must use `value(n)` for each
 * value, in order, and no other value, so that the same shape always compiles
 * to the same text. The first compile of a shape checks that it did.
 */
export async function executeShaped<R>(
  trx: Kysely<Database>,
  dialect: StoreDialect,
  shape: string,
  values: readonly unknown[],
  build: (value: (n: number) => RawBuilder<unknown>) => RawBuilder<R>,
): Promise<R[]> {
  const key = `${dialect}:${shape}`;
  let text = compiled.get(key);
  if (text === undefined) {
    const query = build((n) => sql.val(values[n])).compile(trx);
    const inOrder = query.parameters.length === values.length && query.parameters.every((value, n) => value === values[n]);
    if (!inOrder) throw new Error(`statement shape ${shape} does not use its values once each, in order`);
    text = query.sql;
    if (compiled.size >= SHAPES_KEPT) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, text);
  }
  const result = await trx.executeQuery<R>(CompiledQuery.raw(text, [...values]));
  return result.rows;
}
