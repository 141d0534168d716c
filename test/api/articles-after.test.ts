/** GET /v1/articles?after=<seq> over the API on both dialects: oldest first with seq, and its refusals. */
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/model.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { cleanArticle, feedWithItems } from '../store/fixtures.js';
import { useTestApi } from './harness.js';

describe.each(TEST_DIALECTS)('after= cursor on %s', (dialect) => {
  const api = useTestApi({ dialect });
  const page = async (query: string) => {
    const response = await api.call({ method: 'GET', url: `/v1/articles?${query}` });
    return { status: response.statusCode, body: response.json<{ items: Article[]; nextCursor: string | null; code?: string }>() };
  };

  it('returns every article once, in ingestion order, a page at a time', async () => {
    const guids = ['after-a', 'after-b', 'after-c', 'after-d', 'after-e'];
    const { itemIds } = await feedWithItems(api.store, guids);
    const ids: string[] = [];
    // Saved newest-dated first: ingestion order, not publication order, is what after= follows.
    for (const [i, guid] of guids.entries()) {
      const clean = cleanArticle(guid, `text of ${guid}`, { publishedAt: `2024-05-0${9 - i}T00:00:00.000Z` });
      ids.push((await api.store.articles.saveFromItem(itemIds[i]!, clean, { at: new Date() })).article!.id);
    }
    const seen: Article[] = [];
    let after = 0;
    for (;;) {
      const { status, body } = await page(`after=${after}&limit=2`);
      expect(status).toBe(200);
      if (body.items.length === 0) break;
      seen.push(...body.items);
      after = body.items[body.items.length - 1]!.seq!;
    }
    expect(seen.map((a) => a.id)).toEqual(ids);
    expect(seen.map((a) => a.seq)).toEqual([...seen.map((a) => a.seq)].sort((x, y) => x! - y!));
    const one = await api.call({ method: 'GET', url: `/v1/articles/${ids[0]}` });
    expect(one.json<Article>().seq).toBe(seen[0]!.seq);
  });

  it('refuses a seq that is not a whole number, and mixing with another order', async () => {
    for (const query of ['after=-1', 'after=abc', 'after=1.5', 'after=']) {
      const { status, body } = await page(query);
      expect({ query, status, code: body.code }).toEqual({ query, status: 400, code: 'VALIDATION_ERROR' });
    }
    for (const query of ['after=0&q=harbour', 'after=0&since=2024-01-01', 'after=0&cursor=abc']) {
      const { status, body } = await page(query);
      expect({ query, status, code: body.code }).toEqual({ query, status: 400, code: 'VALIDATION_ERROR' });
    }
  });
});
