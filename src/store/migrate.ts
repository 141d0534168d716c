/** Applying the migrations. Kysely's Migrator takes a lock (an advisory lock on PostgreSQL), so processes starting together apply each migration once. */
import { Migrator, type Kysely } from 'kysely';
import { FeedloomError, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { StoreDialect } from './connection.js';
import { StoreMigrations } from './migrations/index.js';
import type { Database } from './schema.js';

export async function migrateToLatest(db: Kysely<Database>, dialect: StoreDialect, log: Logger): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: new StoreMigrations(dialect),
    // Each helper's migrations are numbered apart and independent of one another: a database that already
    // has a later number applies an earlier one that arrives afterwards instead of refusing to start.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  for (const result of results ?? []) {
    if (result.status === 'Success') log.info({ migration: result.migrationName, dialect }, 'applied migration');
    if (result.status === 'Error') log.error({ migration: result.migrationName, dialect }, 'migration failed');
  }
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new FeedloomError('MIGRATION_FAILED', `migrating the ${dialect} store failed${failed ? ` at ${failed}` : ''}: ${errorMessage(error)}`, {
      statusCode: 500,
      cause: error,
      details: { migration: failed ?? null },
    });
  }
}
