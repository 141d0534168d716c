import { describe, expect, it } from 'vitest';
import { FeedloomError } from '../../src/core/errors.js';
import type { FeedPatch } from '../../src/store/index.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { cleanArticle, DEFAULT_POLL_SECONDS, feedInput, feedWithItems, unique, useStore } from './fixtures.js';

describe.each(TEST_DIALECTS)('feeds on %s', (dialect) => {
  const store = useStore(dialect);

  it('creates a feed with the API defaults', async () => {
    const input = feedInput({ title: 'Mine', tags: ['news'], include: ['rust'] });
    const { feed, created } = await store().feeds.create(input);
    expect(created).toBe(true);
    expect(feed).toMatchObject({
      url: input.url,
      title: 'Mine',
      status: 'active',
      pollIntervalSeconds: DEFAULT_POLL_SECONDS,
      fullText: 'auto',
      include: ['rust'],
      exclude: [],
      tags: ['news'],
      consecutiveFailures: 0,
      articleCount: 0,
      lastError: null,
      nextFetchAt: '2030-01-01T00:00:00.000Z',
    });
    expect(new Date(feed.createdAt).toISOString()).toBe(feed.createdAt);
    expect(await store().feeds.get(feed.id)).toEqual(feed);
    expect(await store().feeds.findByUrl(input.url)).toEqual(feed);
    expect(await store().feeds.getFetchState(feed.id)).toEqual({
      feed,
      requestedPollSeconds: null,
      etag: null,
      lastModified: null,
      declaredTtlSeconds: null,
      publishingSeconds: null,
      request: null,
    });
  });

  it('returns the registered feed for a duplicate URL, also when registrations race', async () => {
    const input = feedInput();
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => store().feeds.create(input)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.feed.id)).size).toBe(1);
    const again = await store().feeds.create({ ...input, title: 'other' });
    expect(again.created).toBe(false);
    expect(again.feed.id).toBe(results[0]!.feed.id);
  });

  it('pages feeds oldest first with a cursor and filters by tag and status', async () => {
    const tag = unique('tag');
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await store().feeds.create(feedInput({ tags: ['other', tag] }))).feed.id);
    await store().feeds.create(feedInput({ tags: ['other'] }));

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await store().feeds.list({ limit: 2, cursor, tag });
      seen.push(...page.items.map((f) => f.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(seen).toEqual(ids);
    expect(pages).toBe(3);

    await store().feeds.update(ids[1]!, { status: 'paused' });
    const paused = await store().feeds.list({ limit: 10, tag, status: 'paused' });
    expect(paused.items.map((f) => f.id)).toEqual([ids[1]]);
    expect(paused.nextCursor).toBeNull();

    const all = await store().feeds.all();
    expect(all.map((f) => f.id)).toEqual(expect.arrayContaining(ids));
  });

  it('finds a tag only as a whole tag, whatever characters it holds', async () => {
    const tag = `${unique('t')} "quoted" %_`;
    const { feed } = await store().feeds.create(feedInput({ tags: [tag] }));
    expect((await store().feeds.list({ limit: 10, tag })).items.map((f) => f.id)).toEqual([feed.id]);
    expect((await store().feeds.list({ limit: 10, tag: tag.slice(0, -1) })).items).toEqual([]);
  });

  it('rejects a malformed cursor with INVALID_CURSOR', async () => {
    for (const cursor of ['not base64 at all!', Buffer.from('{"a":1}').toString('base64url'), 'W10']) {
      const error = await store().feeds.list({ limit: 5, cursor }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FeedloomError);
      expect(error).toMatchObject({ code: 'INVALID_CURSOR' });
    }
  });

  it('updates the fields a user can change', async () => {
    const { feed } = await store().feeds.create(feedInput());
    const patch: FeedPatch = {
      title: 'Renamed',
      pollIntervalSeconds: 3600,
      fullText: 'never',
      include: ['a'],
      exclude: ['b'],
      tags: ['c'],
      status: 'paused',
    };
    const updated = await store().feeds.update(feed.id, { ...patch, nextFetchAt: new Date('2031-01-01T00:00:00.000Z') });
    expect(updated).toMatchObject({ ...patch, nextFetchAt: '2031-01-01T00:00:00.000Z' });
    expect((await store().feeds.getFetchState(feed.id))?.requestedPollSeconds).toBe(3600);
    const cleared = await store().feeds.update(feed.id, { title: null, pollIntervalSeconds: null });
    expect(cleared).toMatchObject({ title: null, pollIntervalSeconds: DEFAULT_POLL_SECONDS, tags: ['c'] });
    expect(await store().feeds.update('no-such-feed', { title: 'x' })).toBeNull();
  });

  it('counts feeds by status', async () => {
    const before = await store().feeds.countByStatus();
    const { feed } = await store().feeds.create(feedInput());
    await store().feeds.update(feed.id, { status: 'paused' });
    const after = await store().feeds.countByStatus();
    expect(Object.keys(after).sort()).toEqual(['active', 'failing', 'gone', 'paused']);
    expect(after.paused).toBe(before.paused + 1);
    expect(after.active).toBe(before.active);
  });

  it('deletes a feed and keeps its articles, with their source', async () => {
    const { feedId, itemIds } = await feedWithItems(store(), ['keep-1']);
    const saved = await store().articles.saveFromItem(itemIds[0]!, cleanArticle('keep-1', `kept story ${unique('w')}`), { at: new Date() });
    const articleId = saved.article!.id;
    const source = saved.article!.source;
    expect(source).toMatchObject({ feedTitle: 'The Feed', siteUrl: 'https://news.example/' });
    expect((await store().feeds.get(feedId))?.articleCount).toBe(1);

    expect(await store().feeds.delete(feedId, { purge: false })).toBe(true);
    expect(await store().feeds.get(feedId)).toBeNull();
    expect(await store().items.get(itemIds[0]!)).toBeNull();
    const kept = await store().articles.get(articleId);
    expect(kept?.feedId).toBe(feedId);
    expect(kept?.source).toEqual(source);
    expect(await store().feeds.delete(feedId, { purge: false })).toBe(false);
  });

  it('deletes a feed with its articles when purged', async () => {
    const { feedId, itemIds } = await feedWithItems(store(), ['gone-1']);
    const saved = await store().articles.saveFromItem(itemIds[0]!, cleanArticle('gone-1', `purged story ${unique('w')}`), { at: new Date() });
    expect(await store().feeds.delete(feedId, { purge: true })).toBe(true);
    expect(await store().articles.get(saved.article!.id)).toBeNull();
    expect((await store().articles.list({ feedId, limit: 10 })).items).toEqual([]);
  });
});
