/** Items without a date keep the order their feed lists them in, whatever order the article stage saves them. */
import { describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { cleanArticle, feedItem, feedWithItems, fetchSuccess, useStore } from './fixtures.js';

describe.each(TEST_DIALECTS)('undated items on %s', (dialect) => {
  const store = useStore(dialect);

  it('list newest first in feed order, the next fetch above the previous one', async () => {
    const undated = (guid: string) => feedItem(guid, { publishedAt: null });
    const { feedId, itemIds } = await feedWithItems(store(), ['top', 'middle', 'bottom'], undated);
    // Saved out of order and later than the fetch, as concurrent article workers would.
    for (const index of [2, 0, 1]) {
      const guid = ['top', 'middle', 'bottom'][index]!;
      await store().articles.saveFromItem(itemIds[index]!, cleanArticle(guid, `text of ${guid}`, { publishedAt: null }), { at: new Date(Date.now() + index * 1000) });
    }
    const { pendingItemIds } = await store().feeds.recordSuccess(
      feedId,
      fetchSuccess(['newer', 'top', 'middle', 'bottom'].map(undated), { at: new Date('2024-06-02T12:00:00.000Z') }),
    );
    await store().articles.saveFromItem(pendingItemIds[0]!, cleanArticle('newer', 'text of newer', { publishedAt: null }), { at: new Date() });
    const page = await store().articles.list({ feedId, limit: 10 });
    expect(page.items.map((a) => a.guid)).toEqual(['newer', 'top', 'middle', 'bottom']);
  });
});
