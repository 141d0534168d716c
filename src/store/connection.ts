/**
 * Opening the database: which dialect a DATABASE_URL means, the SQLite
 * settings every connection needs, and the write transaction both dialects
 * share.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, sql, type SqliteDatabase as KyselySqliteDatabase } from 'kysely';
import { FeedloomError, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { Checkpointer } from './checkpointer.js';
import type { Database } from './schema.js';

export type StoreDialect = 'sqlite' | 'postgres';

export type DatabaseLocation = { dialect: 'postgres'; connectionString: string } | { dialect: 'sqlite'; file: string };

/** Waits this long for another process's write lock before SQLite gives up with SQLITE_BUSY. */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;
const POSTGRES_POOL_SIZE = 10;
/** Distinct SQL texts whose prepared statements are kept: the store's queries, with room for IN lists of varying length. */
const SQLITE_STATEMENT_CACHE = 500;

/** `postgres://…`/`postgresql://…`, a `sqlite:` or `file:` URL, or a plain file path (`:memory:` too). */
export function locateDatabase(databaseUrl: string): DatabaseLocation {
  const value = databaseUrl.trim();
  if (/^postgres(ql)?:\/\//i.test(value)) return { dialect: 'postgres', connectionString: value };
  if (/^file:\/\//i.test(value)) return { dialect: 'sqlite', file: fileURLToPath(value) };
  const path = value.replace(/^(sqlite|file):(\/\/)?/i, '');
  if (path === '') {
    throw new FeedloomError('INVALID_DATABASE_URL', `DATABASE_URL "${databaseUrl}" names no SQLite file`);
  }
  return { dialect: 'sqlite', file: path };
}

function openSqlite(file: string): SqliteDatabase.Database {
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  let database: SqliteDatabase.Database;
  try {
    database = new SqliteDatabase(file);
  } catch (err) {
    throw new FeedloomError('DATABASE_UNAVAILABLE', `cannot open SQLite database ${file}: ${errorMessage(err)}`, {
      cause: err,
    });
  }
  // WAL lets API readers run while a worker writes; NORMAL sync is safe with WAL
  // (a power cut can lose the last commits, never corrupt the file).
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  database.pragma('foreign_keys = ON');
  return database;
}

/**
 * Kysely's SQLite driver prepares every query anew, and compiling SQL was a
 * sixth of the service's CPU under load (the black-box profile). The store
 * issues a few hundred distinct texts, so the prepared statements are kept,
 * least recently used dropped first. Reusing one is safe: the driver runs one
 * query at a time on its only connection, a stream included.
 */
function withStatementCache(database: SqliteDatabase.Database, checkpointer: Checkpointer | null): KyselySqliteDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => {
      checkpointer?.stop();
      database.close();
    },
    prepare(text) {
      // Every query passes here: the first commit is when the log starts to need checkpoints.
      if (text === 'commit') checkpointer?.start();
      let statement = statements.get(text);
      if (statement) {
        // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
        statements.delete(text);
      } else {
        statement = database.prepare(text);
        if (statements.size >= SQLITE_STATEMENT_CACHE) statements.delete(statements.keys().next().value!);
      }
      statements.set(text, statement);
      return statement;
    },
  };
}

export function connect(location: DatabaseLocation, log: Logger): Kysely<Database> {
  if (location.dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: location.connectionString, max: POSTGRES_POOL_SIZE });
    // An idle connection the server closes (restart, failover, admin) emits 'error' on the
    // pool; unhandled, that event would end the process. The pool replaces the connection.
    pool.on('error', (err) => log.warn({ err }, 'idle PostgreSQL connection closed; the pool will reconnect'));
    // A connection closed while checked out (between the queries of a transaction) emits 'error' on the
    // client, where the pool no longer listens: without this the process would crash. The query in
    // flight, if any, fails on its own and the broken client is dropped when it is released.
    pool.on('connect', (client) => {
      client.on('error', (err) => log.warn({ err: err.message }, 'PostgreSQL connection lost while in use'));
    });
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const database = openSqlite(location.file);
  const checkpointer = location.file === ':memory:' ? null : new Checkpointer(database, location.file, log);
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database, checkpointer) }) });
}

export type WriteTransaction = <T>(work: (trx: Kysely<Database>) => Promise<T>) => Promise<T>;

/**
 * A transaction that will write. On SQLite it starts with BEGIN IMMEDIATE: a
 * plain BEGIN takes the write lock only at the first write, and if another
 * process committed after this one read, SQLite fails at once with
 * SQLITE_BUSY instead of waiting (busy_timeout cannot help a stale snapshot).
 * Kysely's SQLite driver keeps one connection behind a mutex, so holding it
 * for the callback serializes writers of this process too.
 */
export function writeTransaction(db: Kysely<Database>, dialect: StoreDialect): WriteTransaction {
  if (dialect === 'postgres') {
    return (work) => db.transaction().execute(work);
  }
  return (work) =>
    db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await work(conn);
        await sql`commit`.execute(conn);
        return result;
      } catch (err) {
        // SQLite has already rolled back after some errors (disk full, I/O);
        // the error worth reporting is the first one, not "no transaction is active".
        await sql`rollback`.execute(conn).catch(() => undefined);
        throw err;
      }
    });
}
