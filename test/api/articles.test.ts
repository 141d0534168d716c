/** /v1/articles over articles saved through the real store, on SQLite and PostgreSQL. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/model.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { cleanArticle, feedInput, feedItem, fetchSuccess } from '../store/fixtures.js';
import { useTestApi } from './harness.js';

type ArticlePage = { items: Article[]; nextCursor: string | null };

describe.each(TEST_DIALECTS)('articles on %s', (dialect) => {
  const api = useTestApi({ dialect });
  let feedId: string;
  let otherFeedId: string;

  /** Stores one article per guid on a new feed; later entries are newer. */
  async function feedWithArticles(entries: { guid: string; text: string; publishedAt: string }[]): Promise<string> {
    const { feed } = await api.store.feeds.create(feedInput());
    const items = entries.map((e) => feedItem(e.guid, { publishedAt: e.publishedAt }));
    const { pendingItemIds } = await api.store.feeds.recordSuccess(feed.id, fetchSuccess(items));
    for (const [index, entry] of entries.entries()) {
      const itemId = pendingItemIds[index];
      if (itemId === undefined) throw new Error(`item ${entry.guid} was not staged`);
      await api.store.articles.saveFromItem(itemId, cleanArticle(entry.guid, entry.text, { publishedAt: entry.publishedAt }), { at: new Date() });
    }
    return feed.id;
  }

  beforeAll(async () => {
    feedId = await feedWithArticles([
      { guid: 'cats', text: 'A story about cats and their habits', publishedAt: '2024-05-01T10:00:00.000Z' },
      { guid: 'dogs', text: 'A story about dogs and long walks', publishedAt: '2024-05-02T10:00:00.000Z' },
      { guid: 'birds', text: 'A story about birds that sing at dawn', publishedAt: '2024-05-03T10:00:00.000Z' },
    ]);
    otherFeedId = await feedWithArticles([{ guid: 'fish', text: 'Fish swim in the quiet river', publishedAt: '2024-05-04T10:00:00.000Z' }]);
  });

  const list = async (query: string) => {
    const response = await api.call({ method: 'GET', url: `/v1/articles${query}` });
    expect(response.statusCode).toBe(200);
    return response.json<ArticlePage>();
  };

  it('lists articles newest first, with the Article fields', async () => {
    const page = await list('');
    expect(page.items.map((a) => a.guid)).toEqual(['fish', 'birds', 'dogs', 'cats']);
    expect(page.items[0]).toMatchObject({ feedId: otherFeedId, title: 'Title of fish', authors: ['Jane Doe'], categories: ['news'] });
    expect(page.items[0]?.source.feedUrl).toMatch(/^https:\/\//);
  });

  it('filters by feed, by date and by words', async () => {
    expect((await list(`?feedId=${feedId}`)).items.map((a) => a.guid)).toEqual(['birds', 'dogs', 'cats']);
    expect((await list('?since=2024-05-02T12:00:00Z')).items.map((a) => a.guid)).toEqual(['fish', 'birds']);
    expect((await list('?since=2024-05-04')).items.map((a) => a.guid)).toEqual(['fish']);
    expect((await list('?q=dogs')).items.map((a) => a.guid)).toEqual(['dogs']);
  });

  it('pages with a cursor', async () => {
    const first = await list('?limit=3');
    expect(first.items).toHaveLength(3);
    const rest = await list(`?limit=3&cursor=${encodeURIComponent(first.nextCursor ?? '')}`);
    expect(rest.items.map((a) => a.guid)).toEqual(['cats']);
    expect(rest.nextCursor).toBeNull();
  });

  it('gets one article, and 404s an unknown one', async () => {
    const [newest] = (await list('?limit=1')).items;
    const response = await api.call({ method: 'GET', url: `/v1/articles/${newest?.id}` });
    expect(response.json<Article>()).toEqual(newest);
    const missing = await api.call({ method: 'GET', url: '/v1/articles/unknown-id' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'ARTICLE_NOT_FOUND' });
  });

  it('refuses a since that is not a date, and a q over 500 characters', async () => {
    const since = await api.call({ method: 'GET', url: '/v1/articles?since=yesterday' });
    expect(since.json()).toMatchObject({ statusCode: 400, code: 'VALIDATION_ERROR' });
    expect(since.json<{ message: string }>().message).toContain('since');
    const q = await api.call({ method: 'GET', url: `/v1/articles?q=${'a'.repeat(501)}` });
    expect(q.json()).toMatchObject({ statusCode: 400, code: 'VALIDATION_ERROR' });
  });
});
