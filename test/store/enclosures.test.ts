/** Articles keep their item's attachments on both dialects (migration 014), and webhooks carry them. */
import { describe, expect, it } from 'vitest';
import type { ArticleEnclosure } from '../../src/core/model.js';
import { webhookBody } from '../../src/publish/payload.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { cleanArticle, feedWithItems, useStore } from './fixtures.js';

const PODCAST: ArticleEnclosure[] = [
  { url: 'https://cdn.example/ep1.mp3', type: 'audio/mpeg', length: 12_345_678, medium: 'audio', title: 'Episode 1' },
  { url: 'https://cdn.example/ep1.jpg', type: null, length: null, medium: 'image', title: null },
];

describe.each(TEST_DIALECTS)('article enclosures on %s', (dialect) => {
  const store = useStore(dialect);

  it('stores the enclosures with the article and returns them from every read', async () => {
    const { feedId, itemIds } = await feedWithItems(store(), ['ep-1', 'plain']);
    const saved = await store().articles.saveFromItem(itemIds[0]!, cleanArticle('ep-1', 'show notes', { enclosures: PODCAST }), { at: new Date() });
    expect(saved.article?.enclosures).toEqual(PODCAST);
    expect((await store().articles.get(saved.article!.id))?.enclosures).toEqual(PODCAST);
    const page = await store().articles.list({ feedId, limit: 10 });
    expect(page.items.find((a) => a.guid === 'ep-1')?.enclosures).toEqual(PODCAST);
    const body = JSON.parse(webhookBody('article.created', saved.article!, new Date())) as { data: { enclosures: unknown } };
    expect(body.data.enclosures).toEqual(PODCAST);
  });

  it('gives an article without attachments an empty list', async () => {
    const { itemIds } = await feedWithItems(store(), ['text-only']);
    const saved = await store().articles.saveFromItem(itemIds[0]!, cleanArticle('text-only', 'just words'), { at: new Date() });
    expect((await store().articles.get(saved.article!.id))?.enclosures).toEqual([]);
  });
});
