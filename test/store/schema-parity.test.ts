/**
 * One set of migrations serves both dialects, so after migrating, SQLite and
 * PostgreSQL must hold the same tables with the same columns and the same
 * nullability. The only differences allowed are the full-text index, which
 * each engine spells its own way (FTS5 shadow tables; a tsvector column), and
 * SQLite's report of primary-key columns as nullable (a legacy behaviour SQLite
 * keeps for compatibility; the store always supplies ids, and an `integer
 * primary key` is the rowid, which is never null).
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { connect } from '../../src/store/connection.js';
import { locateDatabase, openStore } from '../../src/store/index.js';
import { createTestDatabase, type TestDialect } from '../helpers/databases.js';

/** Each dialect's own full-text machinery, the one place the schemas may differ. */
const FULL_TEXT_ONLY: Record<TestDialect, (table: string, column?: string) => boolean> = {
  sqlite: (table) => table === 'articles_fts' || table.startsWith('articles_fts_'),
  postgres: (table, column) => table === 'articles' && column === 'search',
};

interface Schema {
  /** `table.column` → nullable, for every table the migrations made (Kysely's own bookkeeping left out). */
  columns: Map<string, boolean>;
  /** `table.column` of the primary keys (only read on SQLite, where they matter below). */
  primaryKeys: Set<string>;
}

async function schemaOf(dialect: TestDialect): Promise<Schema> {
  const database = await createTestDatabase(dialect);
  try {
    const store = await openStore(database.url);
    await store.migrate();
    await store.close();
    const db = connect(locateDatabase(database.url), silentLogger);
    try {
      const columns = new Map<string, boolean>();
      const primaryKeys = new Set<string>();
      for (const table of await db.introspection.getTables()) {
        if (FULL_TEXT_ONLY[dialect](table.name)) continue;
        if (dialect === 'sqlite') {
          const keys = await sql<{ name: string }>`select name from pragma_table_info(${table.name}) where pk > 0`.execute(db);
          for (const key of keys.rows) primaryKeys.add(`${table.name}.${key.name}`);
        }
        for (const column of table.columns) {
          if (FULL_TEXT_ONLY[dialect](table.name, column.name)) continue;
          columns.set(`${table.name}.${column.name}`, column.isNullable);
        }
      }
      return { columns, primaryKeys };
    } finally {
      await db.destroy();
    }
  } finally {
    await database.cleanup();
  }
}

it('SQLite and PostgreSQL get the same tables, columns and nullability from the migrations', async () => {
  const [sqlite, postgres] = await Promise.all([schemaOf('sqlite'), schemaOf('postgres')]);
  // Not vacuous: the core tables are there on both.
  for (const name of ['feeds.id', 'articles.content_html_deflated', 'deliveries.webhook_id', 'destinations.url', 'items.guid']) {
    expect(sqlite.columns.has(name), name).toBe(true);
  }
  expect([...sqlite.columns.keys()].sort()).toEqual([...postgres.columns.keys()].sort());
  const differs = [...sqlite.columns].filter(([name, nullable]) => postgres.columns.get(name) !== nullable).map(([name]) => name);
  // Only SQLite's primary keys may differ, and only as "nullable there, NOT NULL on PostgreSQL".
  expect(differs.filter((name) => !sqlite.primaryKeys.has(name))).toEqual([]);
  for (const name of differs) expect(postgres.columns.get(name), name).toBe(false);
});
