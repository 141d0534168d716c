/**
 * The store in its own thread (threaded-store.ts) against a real SQLite file:
 * calls and answers cross as data, dates stay dates, the errors callers test
 * keep their class and code, and a closed, unopenable or dead store says so. The
 * whole store suite also runs through the thread with TEST_STORE_THREAD=1.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedloomError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import { openStoreInThread } from '../../src/store/threaded-store.js';
import type { Store } from '../../src/store/types.js';
import { feedInput, storeThreadData, unique } from './fixtures.js';

describe('the store in a thread', () => {
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'feedloom-store-thread-'));
    store = await openStoreInThread(storeThreadData(join(dir, 'feedloom.db')), silentLogger);
    await store.migrate();
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("answers calls with the store's own results; dates in the arguments stay dates", async () => {
    expect(store.dialect).toBe('sqlite');
    const input = feedInput({ tags: ['thread'] });
    const { feed, created } = await store.feeds.create(input);
    expect(created).toBe(true);
    const read = await store.feeds.get(feed.id);
    expect(read).toEqual(feed);
    // A Date argument arrives as a Date (the store writes it as its ISO time).
    expect(read?.nextFetchAt).toBe(input.nextFetchAt?.toISOString());
    expect(await store.feeds.makeDue({ tag: 'thread' }, new Date())).toEqual([feed.id]);
    await store.ping();
  });

  it('runs calls made at once concurrently and answers each its own', async () => {
    const created = await Promise.all(Array.from({ length: 20 }, () => store.feeds.create(feedInput())));
    const read = await Promise.all(created.map(({ feed }) => store.feeds.get(feed.id)));
    expect(read.map((feed) => feed?.url)).toEqual(created.map(({ feed }) => feed.url));
  });

  it('rebuilds the errors callers test: their class, code and details', async () => {
    const input = { url: `https://${unique('hook')}.example/in`, secret: 'whsec_dGVzdA==', feedIds: null, events: ['article.created' as const] };
    const first = await store.webhooks.create(input);
    const again = await store.webhooks.create(input).catch((err: unknown) => err);
    expect(again).toBeInstanceOf(FeedloomError);
    expect(again).toMatchObject({ code: 'WEBHOOK_EXISTS', details: { webhookId: first.id } });

    const badCursor = await store.articles.list({ limit: 10, cursor: 'not-a-cursor' }).catch((err: unknown) => err);
    expect(badCursor).toBeInstanceOf(FeedloomError);
    expect((badCursor as FeedloomError).code).toBe('INVALID_CURSOR');
  });

  it('refuses a call whose arguments cannot cross, and goes on answering', async () => {
    const call = store.feeds.get((() => 'id') as unknown as string);
    await expect(call).rejects.toThrow(/store\.feeds\.get: its arguments cannot be sent to the store thread/);
    expect(await store.feeds.get('no-such-feed')).toBeNull();
  });

  it('refuses only that call when calls of the same turn travel together', async () => {
    const { feed } = await store.feeds.create(feedInput());
    // Made in one turn: one message would carry all three, and the function in the middle cannot be cloned.
    const [before, bad, after] = await Promise.allSettled([
      store.feeds.get(feed.id),
      store.feeds.get((() => 'id') as unknown as string),
      store.feeds.get(feed.id),
    ]);
    expect(before).toMatchObject({ status: 'fulfilled', value: { id: feed.id } });
    expect(bad).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/its arguments cannot be sent/) } });
    expect(after).toMatchObject({ status: 'fulfilled', value: { id: feed.id } });
  });
});

describe('a store thread that cannot serve', () => {
  const DYING_THREAD = new URL('./fixtures/dying-store-thread.ts', import.meta.url);

  it.each([
    ['exits', 'get'],
    ['throws outside a call', 'due'],
  ] as const)('fails the call in flight and every later one with DATABASE_UNAVAILABLE when the thread %s', async (_, method) => {
    const store = await openStoreInThread(storeThreadData(':memory:'), silentLogger, { entry: DYING_THREAD });
    await store.ping();
    const dying = method === 'get' ? store.feeds.get('any') : store.feeds.due(new Date(), 10);
    await expect(dying).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE', message: expect.stringMatching(new RegExp(`^store\\.feeds\\.${method}: the store thread`)) });
    await expect(store.ping()).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    await store.close();
  });

  it("fails to open with the store's own error when the database cannot be opened", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'feedloom-store-thread-'));
    try {
      // A folder where the database file should be: SQLite cannot open it.
      const opening = openStoreInThread(storeThreadData(dir), silentLogger);
      await expect(opening).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails every call after close with DATABASE_UNAVAILABLE, and closes once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'feedloom-store-thread-'));
    try {
      const store = await openStoreInThread(storeThreadData(join(dir, 'feedloom.db')), silentLogger);
      await store.migrate();
      await store.close();
      await store.close();
      const after = await store.feeds.get('any').catch((err: unknown) => err);
      expect(after).toBeInstanceOf(FeedloomError);
      expect((after as FeedloomError).code).toBe('DATABASE_UNAVAILABLE');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
