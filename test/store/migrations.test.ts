import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { createTestDatabase, TEST_DIALECTS } from '../helpers/databases.js';
import { feedInput } from './fixtures.js';

describe.each(TEST_DIALECTS)('migrations on %s', (dialect) => {
  it('apply once and are a no-op when run again, keeping the data', async () => {
    const database = await createTestDatabase(dialect);
    try {
      const store = await openStore(database.url);
      expect(store.dialect).toBe(dialect);
      await store.migrate();
      await store.ping();
      const { feed } = await store.feeds.create(feedInput());
      await store.migrate();
      await store.close();

      const reopened = await openStore(database.url);
      await reopened.migrate();
      expect(await reopened.feeds.get(feed.id)).toMatchObject({ id: feed.id, url: feed.url });
      await reopened.close();
    } finally {
      await database.cleanup();
    }
  });
});

// Several processes may start at once against one PostgreSQL; Kysely's advisory
// lock must let each migration run exactly once. (SQLite serves one machine and
// one starting process; see the store's report.)
describe('migrations on postgres, started together', () => {
  it('succeed in every process and leave one schema', async () => {
    const database = await createTestDatabase('postgres');
    try {
      const stores = await Promise.all([1, 2, 3, 4].map(() => openStore(database.url)));
      await Promise.all(stores.map((store) => store.migrate()));
      const { feed, created } = await stores[0]!.feeds.create(feedInput());
      expect(created).toBe(true);
      expect(await stores[3]!.feeds.get(feed.id)).not.toBeNull();
      await Promise.all(stores.map((store) => store.close()));
    } finally {
      await database.cleanup();
    }
  });
});
