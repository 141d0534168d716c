/**
 * Include/exclude filters end to end on both dialects: a feed registered with
 * filters per field keeps only what passes, counts what it dropped on the
 * feed, and the fetch history shows the drops of the fetch that brought them.
 */
import { describe, expect, it } from 'vitest';
import type { Feed } from '../../src/store/types.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { rss, waitFor } from '../helpers/http-servers.js';
import { useServiceStack } from '../helpers/service.js';

const body = (text: string) => `<p>${text} This paragraph makes the story long enough to read as an article.</p>`;
const ITEMS = [
  { guid: 'f-a', title: 'Harbour wall rebuilt', body: body('The council met at noon.'), date: '2026-11-04T08:00:00Z', creator: 'Jane Roe' },
  { guid: 'f-b', title: 'Market day', body: body('Fish sold out early.'), date: '2026-11-03T08:00:00Z', creator: 'Bob Smith' },
  { guid: 'f-c', title: 'Harbour transfer news', body: body('The transfer   window opens for the club.'), date: '2026-11-02T08:00:00Z', creator: 'Jane Roe' },
  { guid: 'f-d', title: 'Football results', body: body('A draw at home.'), date: '2026-11-01T08:00:00Z', creator: 'Jane Roe' },
];

describe.each(TEST_DIALECTS)('filters on %s', (dialect) => {
  const stack = useServiceStack(dialect);

  it('refuses a bad filter with INVALID_FILTER on create and on change', async () => {
    const { api, feeds } = stack();
    // Nothing in common with the filtered feed's items: a shared link or text would make them duplicates.
    feeds.set('/plain.xml', rss([{ guid: 'plain', title: 'Plain', body: '<p>Quite another story, about trains.</p>', date: '2026-11-05T08:00:00Z' }]));
    const created = await api.post<{ code: string }>('/v1/feeds', { url: `${feeds.base}/plain.xml`, exclude: ['/(a+)+$/'] });
    expect([created.status, created.body.code]).toEqual([400, 'INVALID_FILTER']);
    const ok = await api.post<Feed>('/v1/feeds', { url: `${feeds.base}/plain.xml` });
    expect(ok.status).toBe(201);
    const patched = await api.patch<{ code: string }>(`/v1/feeds/${ok.body.id}`, { include: ['title:/[/'] });
    expect([patched.status, patched.body.code]).toEqual([400, 'INVALID_FILTER']);
  });

  it('keeps what passes, counts what was dropped on the feed and in the fetch history', async () => {
    const { api, feeds } = stack();
    feeds.set('/filtered.xml', rss(ITEMS));
    const created = await api.post<Feed>('/v1/feeds', {
      url: `${feeds.base}/filtered.xml`,
      include: ['title:harbour', 'author:"bob smith"'],
      exclude: ['body:/transfer\\s+window/'],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    let last: unknown;
    const feed = await waitFor(async () => {
      const { body: current } = await api.get<Feed & { filteredCount: number }>(`/v1/feeds/${id}`);
      last = current;
      return current.articleCount + current.filteredCount === ITEMS.length && current;
    }, 30_000, 'every item decided').catch((err) => {
      throw new Error(`${err}: ${JSON.stringify(last)}`);
    });
    expect(feed).toMatchObject({ articleCount: 2, filteredCount: 2 });

    const articles = await api.get<{ items: { guid: string }[] }>(`/v1/articles?feedId=${id}`);
    expect(articles.body.items.map((a) => a.guid).sort()).toEqual(['f-a', 'f-b']);
    // The fetch that read the items carries the skips; a later poll may have answered 304 meanwhile.
    const history = await api.get<{ items: { skipped: number; items: number | null }[] }>(`/v1/feeds/${id}/fetches`);
    const reading = history.body.items.filter((entry) => entry.items !== null);
    expect(reading).toHaveLength(1);
    expect(reading[0]).toMatchObject({ skipped: 2, items: ITEMS.length });
    expect(history.body.items.filter((entry) => entry.items === null).every((entry) => entry.skipped === 0)).toBe(true);
  });
});
