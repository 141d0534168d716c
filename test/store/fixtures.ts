/** Builders and setup shared by the store tests. */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import type { CleanArticle, FeedItem } from '../../src/core/model.js';
import { connect } from '../../src/store/connection.js';
import { locateDatabase, openStore, type FeedCreate, type FetchSuccess, type StagedItem, type Store } from '../../src/store/index.js';
import { DEFAULT_NEAR_DUPLICATES } from '../../src/store/near-duplicates.js';
import type { Database } from '../../src/store/schema.js';
import type { StoreThreadData } from '../../src/store/store-thread-protocol.js';
import { openStoreInThread } from '../../src/store/threaded-store.js';
import { createTestDatabase, type TestDatabase, type TestDialect } from '../helpers/databases.js';

export const DEFAULT_POLL_SECONDS = 900;

/**
 * A migrated store on a fresh database of `dialect` for the enclosing describe block, and `tables`: a
 * second connection (opened when first asked for) that reads the tables as they are, not through the store's API.
 */
export function useStoreAndTables(dialect: TestDialect): { store: () => Store; tables: () => Kysely<Database> } {
  let database: TestDatabase | undefined;
  let store: Store | undefined;
  let tables: Kysely<Database> | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    // TEST_STORE_THREAD=1 runs the SQLite store suite through the store thread (threaded-store.ts), as the service runs it.
    store =
      dialect === 'sqlite' && process.env.TEST_STORE_THREAD === '1'
        ? await openStoreInThread(storeThreadData(database.url), silentLogger)
        : await openStore(database.url, { defaultPollSeconds: DEFAULT_POLL_SECONDS });
    await store.migrate();
  });
  afterAll(async () => {
    await tables?.destroy();
    await store?.close();
    await database?.cleanup();
  });
  const inTest = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('store used outside a test');
    return value;
  };
  return {
    store: () => inTest(store),
    tables: () => (tables ??= connect(locateDatabase(inTest(database).url), silentLogger)),
  };
}

/** What the store thread opens a test's SQLite store with: the store's defaults, no secret key, no logs. */
export function storeThreadData(databaseUrl: string): StoreThreadData {
  return {
    databaseUrl,
    defaultPollSeconds: DEFAULT_POLL_SECONDS,
    secretKeys: { secretKey: null, secretKeysPrevious: [], production: false },
    nearDuplicates: DEFAULT_NEAR_DUPLICATES,
    logLevel: 'silent',
  };
}

/** A migrated store on a fresh database of `dialect` for the enclosing describe block. */
export function useStore(dialect: TestDialect): () => Store {
  return useStoreAndTables(dialect).store;
}

export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function feedInput(overrides: Partial<FeedCreate> = {}): FeedCreate {
  return {
    url: `https://${unique('site')}.example/feed.xml`,
    fullText: 'auto',
    include: [],
    exclude: [],
    tags: [],
    nextFetchAt: new Date('2030-01-01T00:00:00.000Z'),
    ...overrides,
  };
}

/** The fields a feed item and its clean article share. */
function story(guid: string) {
  return {
    guid,
    url: `https://news.example/${encodeURIComponent(guid)}`,
    title: `Title of ${guid}`,
    authors: ['Jane Doe'],
    publishedAt: '2024-05-01T10:00:00.000Z',
    updatedAt: null,
  };
}

export function feedItem(guid: string, overrides: Partial<FeedItem> = {}): FeedItem {
  return {
    ...story(guid),
    summaryHtml: null,
    contentHtml: `<p>Body of ${guid}</p>`,
    baseUrl: null,
    categories: [],
    imageUrl: null,
    enclosures: [],
    language: 'en',
    ...overrides,
  };
}

export function staged(item: FeedItem): StagedItem {
  return { guid: item.guid, guidHash: sha256(item.guid), itemHash: sha256(JSON.stringify(item)), item };
}

export function fetchSuccess(items: FeedItem[], overrides: Partial<FetchSuccess> = {}): FetchSuccess {
  return {
    at: new Date('2024-06-01T12:00:00.000Z'),
    httpStatus: 200,
    newUrl: null,
    etag: '"v1"',
    lastModified: 'Sat, 01 Jun 2024 12:00:00 GMT',
    feedTitle: 'The Feed',
    siteUrl: 'https://news.example/',
    kind: 'rss',
    nextFetchAt: new Date('2024-06-01T12:15:00.000Z'),
    effectivePollSeconds: 900,
    scheduleReason: 'adaptive',
    durationMs: 42,
    items: items.map(staged),
    ...overrides,
  };
}

export function cleanArticle(guid: string, text: string, overrides: Partial<CleanArticle> = {}): CleanArticle {
  return {
    ...story(guid),
    summary: text.slice(0, 300),
    contentHtml: `<p>${text}</p>`,
    contentText: text,
    imageUrl: null,
    categories: ['news'],
    language: 'en',
    wordCount: text.split(/\s+/).filter(Boolean).length,
    contentHash: sha256(text),
    ...overrides,
  };
}

/** A feed with one staged item per guid; returns the feed id and the item ids in order. */
export async function feedWithItems(store: Store, guids: string[], items: (guid: string) => FeedItem = feedItem): Promise<{ feedId: string; itemIds: string[] }> {
  const { feed } = await store.feeds.create(feedInput());
  const { pendingItemIds } = await store.feeds.recordSuccess(feed.id, fetchSuccess(guids.map(items)));
  return { feedId: feed.id, itemIds: pendingItemIds };
}
