/**
 * SQLite checkpoints run in a thread of their own: the write-ahead log reaches
 * the database file without the writing connection checkpointing (its own
 * threshold is raised far past what these writes add), and a store that
 * closes leaves nothing behind in the log.
 */
import { existsSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { silentLogger } from '../../src/core/logger.js';
import { connect, locateDatabase, writeTransaction } from '../../src/store/connection.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { waitFor } from '../helpers/http-servers.js';

describe('SQLite checkpoint thread', () => {
  let database: TestDatabase | null = null;
  afterEach(async () => {
    await database?.cleanup();
    database = null;
  });

  it('copies committed pages into the file beside the writer, and the log is gone after close', { timeout: 90_000 }, async () => {
    database = await createTestDatabase('sqlite');
    const db = connect(locateDatabase(database.url), silentLogger);
    const write = writeTransaction(db, 'sqlite');
    await sql`create table filler (id integer primary key, body text not null)`.execute(db);
    const emptyFile = statSync(database.url).size;
    // About 300 pages: under SQLite's own threshold of 1,000, so only the thread can have copied them.
    for (let batch = 0; batch < 10; batch += 1) {
      await write(async (trx) => {
        for (let row = 0; row < 30; row += 1) await sql`insert into filler (body) values (${'x'.repeat(4_000) + String(batch * 30 + row)})`.execute(trx);
      });
    }
    const autocheckpoint = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
    expect(autocheckpoint.rows[0]!.wal_autocheckpoint).toBeGreaterThan(1_000);
    // Generous: under a loaded machine the thread itself can take seconds to start (it loads its module).
    await waitFor(() => statSync(database!.url).size > emptyFile + 250 * 4096, 30_000, 'the pages copied into the database file');
    await db.destroy();
    // The thread closed its connection before the store's, so the store's was the last one out: it
    // checkpointed and removed the log before destroy returned, and nothing recreates it later.
    expect(existsSync(`${database.url}-wal`)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(existsSync(`${database.url}-wal`)).toBe(false);
  });

  it('starts no thread for a store that only reads', async () => {
    database = await createTestDatabase('sqlite');
    const db = connect(locateDatabase(database.url), silentLogger);
    await sql`select 1`.execute(db);
    const autocheckpoint = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
    // SQLite's default: the thread, which raises it, was never started.
    expect(autocheckpoint.rows[0]!.wal_autocheckpoint).toBe(1_000);
    await db.destroy();
  });
});
