import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { executeShaped } from '../../src/store/shaped-statement.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { useStoreAndTables } from './fixtures.js';

describe.each(TEST_DIALECTS)('statements reused by shape on %s', (dialect) => {
  const { tables } = useStoreAndTables(dialect);
  const sums = (values: number[]) =>
    executeShaped<{ position: number; total: number }>(tables(), dialect, `test-sums:${values.length / 2}`, values, (value) =>
      sql`${sql.join(
        Array.from({ length: values.length / 2 }, (_, position) => sql`select ${sql.lit(position)} as position, cast(${value(position * 2)} as integer) + cast(${value(position * 2 + 1)} as integer) as total`),
        sql` union all `,
      )}`,
    );

  it('compiles a shape once and runs its text with each call’s values', async () => {
    expect((await sums([1, 2, 10, 20])).map((r) => [Number(r.position), Number(r.total)])).toEqual([[0, 3], [1, 30]]);
    expect((await sums([5, 6, 7, 8])).map((r) => [Number(r.position), Number(r.total)])).toEqual([[0, 11], [1, 15]]);
    expect((await sums([4, 4])).map((r) => Number(r.total))).toEqual([8]);
  });

  it('refuses a shape that does not use its values once each, in order', async () => {
    const swapped = executeShaped(tables(), dialect, 'test-swapped', [1, 2], (value) => sql`select ${value(1)} + ${value(0)} as total`);
    await expect(swapped).rejects.toThrow(/test-swapped does not use its values once each, in order/);
    const twice = executeShaped(tables(), dialect, 'test-twice', [1], (value) => sql`select ${value(0)} + ${value(0)} as total`);
    await expect(twice).rejects.toThrow(/test-twice/);
  });
});
