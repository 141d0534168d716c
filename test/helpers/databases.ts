/**
 * Fresh, empty databases for tests that need a real store: a SQLite file in
 * its own temp folder, or a PostgreSQL database created for the caller and
 * dropped by `cleanup()`. Each test file makes its own, so files can run in
 * parallel against one PostgreSQL server.
 *
 *   const db = await createTestDatabase('postgres');
 *   const store = await openStore(db.url);
 *   ...
 *   await store.close();
 *   await db.cleanup();
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export type TestDialect = 'sqlite' | 'postgres';

export interface TestDatabase {
  name: TestDialect;
  /** A DATABASE_URL for openStore. */
  url: string;
  /** Deletes the database (close your connections to it first). */
  cleanup(): Promise<void>;
}

export const TEST_DIALECTS: readonly TestDialect[] = ['sqlite', 'postgres'];

/** Where new PostgreSQL databases are created from; override with TEST_POSTGRES_URL. */
const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  // Only [a-z0-9_]: safe to put in the statement, which cannot take the name as a parameter.
  const name = `feedloom_t_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`create database ${name}`));
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name: 'postgres',
    url: url.toString(),
    // FORCE ends connections a failed test left open, so the drop never hangs on them.
    cleanup: () => withAdminClient(async (client) => void (await client.query(`drop database if exists ${name} with (force)`))),
  };
}

async function createSqliteDatabase(): Promise<TestDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'feedloom-test-'));
  return {
    name: 'sqlite',
    url: join(dir, 'data', 'feedloom.db'),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export function createTestDatabase(dialect: TestDialect): Promise<TestDatabase> {
  return dialect === 'postgres' ? createPostgresDatabase() : createSqliteDatabase();
}

/** One fresh database per dialect. */
export function withTestDatabases(): Promise<TestDatabase[]> {
  return Promise.all(TEST_DIALECTS.map(createTestDatabase));
}
