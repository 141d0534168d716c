/**
 * Applying the migrations, once each even when processes start together. On
 * PostgreSQL Kysely's Migrator takes an advisory lock. On SQLite it takes
 * none (it assumes one process), so two processes could both apply the same
 * migration ("duplicate column name"): there the whole run happens inside one
 * BEGIN IMMEDIATE transaction, which holds the file's write lock; the second
 * process waits for it, then finds everything applied.
 */
import { Migrator, sql, type Kysely } from 'kysely';
import { FeedloomError, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { StoreDialect } from './connection.js';
import { StoreMigrations } from './migrations/index.js';
import type { Database } from './schema.js';

/** How long a process waits for another one's SQLite migration before giving up. */
const SQLITE_MIGRATION_WAIT_MS = 120_000;

async function beginImmediate(db: Kysely<Database>): Promise<void> {
  const deadline = Date.now() + SQLITE_MIGRATION_WAIT_MS;
  for (;;) {
    try {
      await sql`begin immediate`.execute(db);
      return;
    } catch (err) {
      // busy_timeout already waited a few seconds; a long migration elsewhere deserves more.
      if (!/SQLITE_BUSY|database is locked/i.test(`${(err as { code?: string }).code ?? ''} ${errorMessage(err)}`) || Date.now() > deadline) throw err;
    }
  }
}

/**
 * SQLite migrations of this process, one after another: better-sqlite3 waits for a lock synchronously, so a
 * second store of the same file in this process would block the event loop the lock holder needs to finish.
 */
let sqliteMigrations: Promise<void> = Promise.resolve();

/** `then` runs after the migrations (on SQLite inside the same transaction): data fixes that need the latest schema. */
export async function migrateToLatest(db: Kysely<Database>, dialect: StoreDialect, log: Logger, then: () => Promise<void> = async () => undefined): Promise<void> {
  if (dialect !== 'sqlite') {
    await runMigrator(db, dialect, log);
    return then();
  }
  const run = sqliteMigrations.then(() => migrateSqlite(db, log, then));
  sqliteMigrations = run.catch(() => undefined);
  return run;
}

async function migrateSqlite(db: Kysely<Database>, log: Logger, then: () => Promise<void>): Promise<void> {
  const dialect: StoreDialect = 'sqlite';
  await beginImmediate(db);
  try {
    await runMigrator(db, dialect, log);
    await then();
  } catch (err) {
    await sql`rollback`.execute(db);
    throw err;
  }
  await sql`commit`.execute(db);
}

async function runMigrator(db: Kysely<Database>, dialect: StoreDialect, log: Logger): Promise<void> {
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
      cause: error,
      details: { migration: failed ?? null },
    });
  }
}
