import { describe, expect, it } from 'vitest';
import type { Store, WebhookEventName } from '../../src/store/index.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { cleanArticle, feedItem, feedWithItems, fetchSuccess, unique, useStore } from './fixtures.js';

const AT = new Date('2024-06-01T12:00:00.000Z');

async function webhookIdsOf(store: Store, deliveryIds: string[]): Promise<string[]> {
  const deliveries = await Promise.all(deliveryIds.map((id) => store.deliveries.get(id)));
  return deliveries.map((d) => d!.webhookId ?? `destination ${d!.destinationId}`).sort();
}

function subscribe(store: Store, feedIds: string[] | null, events: WebhookEventName[] = ['article.created', 'article.updated']) {
  return store.webhooks.create({ url: `https://${unique('hook')}.example/in`, secret: 'whsec_dGVzdA==', feedIds, events });
}

describe.each(TEST_DIALECTS)('articles on %s', (dialect) => {
  const store = useStore(dialect);

  it('saves a new article, announces it to matching webhooks once, and does nothing the second time', async () => {
    const { feedId, itemIds } = await feedWithItems(store(), ['story-1']);
    const { feedId: otherFeedId } = await feedWithItems(store(), []);
    const everyFeed = await subscribe(store(), null);
    const thisFeed = await subscribe(store(), [feedId]);
    const otherFeed = await subscribe(store(), [otherFeedId]);
    const updatesOnly = await subscribe(store(), [feedId], ['article.updated']);
    const disabled = await disabledWebhook(store(), [feedId]);

    const clean = cleanArticle('story-1', `a story about ${unique('w')}`);
    const result = await store().articles.saveFromItem(itemIds[0]!, clean, { at: AT });
    expect(result.event).toBe('article.created');
    expect(result.skipped).toBeNull();
    expect(result.article).toMatchObject({
      ...clean,
      feedId,
      fetchedAt: AT.toISOString(),
      source: { feedUrl: expect.stringContaining('https://'), feedTitle: 'The Feed', siteUrl: 'https://news.example/' },
    });
    expect(await store().articles.get(result.article!.id)).toEqual({ ...result.article, sources: [] });
    expect(await webhookIdsOf(store(), result.deliveryIds)).toEqual([everyFeed.id, thisFeed.id].sort());
    expect(await webhookIdsOf(store(), result.deliveryIds)).not.toContain(otherFeed.id);
    expect(await webhookIdsOf(store(), result.deliveryIds)).not.toContain(updatesOnly.id);
    expect(await webhookIdsOf(store(), result.deliveryIds)).not.toContain(disabled.id);
    const delivery = await store().deliveries.get(result.deliveryIds[0]!);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 0, event: 'article.created', nextAttemptAt: AT.toISOString() });
    expect((await store().feeds.get(feedId))?.articleCount).toBe(1);

    const again = await store().articles.saveFromItem(itemIds[0]!, clean, { at: AT });
    expect(again).toEqual({ article: result.article, event: null, deliveryIds: [], skipped: 'unchanged' });
    expect((await store().feeds.get(feedId))?.articleCount).toBe(1);
    const pages = await Promise.all([everyFeed.id, thisFeed.id].map((id) => store().deliveries.list(id, { limit: 10 })));
    expect(pages.map((p) => p.items.filter((d) => d.articleId === result.article!.id).length)).toEqual([1, 1]);

    // The updates-only subscription hears of the next real change, once.
    const { pendingItemIds } = await store().feeds.recordSuccess(feedId, fetchSuccess([feedItem('story-1', { title: 'edited' })]));
    expect(pendingItemIds).toEqual(itemIds);
    const edited = { ...clean, title: 'edited', contentText: `${clean.contentText} more`, contentHash: `${clean.contentHash}2` };
    const updated = await store().articles.saveFromItem(itemIds[0]!, edited, { at: new Date('2024-06-02T00:00:00.000Z') });
    expect(updated.event).toBe('article.updated');
    expect(updated.article).toMatchObject({ id: result.article!.id, title: 'edited', fetchedAt: AT.toISOString() });
    expect(await webhookIdsOf(store(), updated.deliveryIds)).toEqual([everyFeed.id, thisFeed.id, updatesOnly.id].sort());
    expect((await store().articles.get(result.article!.id))?.contentText).toBe(edited.contentText);
    expect((await store().feeds.get(feedId))?.articleCount).toBe(1);
    expect((await store().articles.saveFromItem(itemIds[0]!, edited, { at: AT })).deliveryIds).toEqual([]);
  });

  it('marks an item whose content did not change as unchanged', async () => {
    const { feedId, itemIds } = await feedWithItems(store(), ['same']);
    const clean = cleanArticle('same', `unchanged ${unique('w')}`);
    await store().articles.saveFromItem(itemIds[0]!, clean, { at: AT });
    await store().feeds.recordSuccess(feedId, fetchSuccess([feedItem('same', { title: 'new title, same text' })]));
    const result = await store().articles.saveFromItem(itemIds[0]!, { ...clean, title: 'new title, same text' }, { at: AT });
    expect(result).toMatchObject({ event: null, deliveryIds: [], skipped: 'unchanged' });
    expect(result.article).toMatchObject({ guid: 'same', title: clean.title });
    expect((await store().items.pending(100_000)).map((i) => i.id)).not.toContain(itemIds[0]);
  });

  it('links a story another feed already has (same canonical URL or same text) instead of announcing it', async () => {
    await subscribe(store(), null);
    const text = `shared story ${unique('w')}`;
    const a = await feedWithItems(store(), ['a-1', 'a-2']);
    const original = await store().articles.saveFromItem(a.itemIds[0]!, cleanArticle('a-1', text, { url: 'https://news.example/shared' }), { at: AT });
    const otherText = `other story ${unique('w')}`;
    const second = await store().articles.saveFromItem(a.itemIds[1]!, cleanArticle('a-2', otherText, { url: null }), { at: AT });

    const b = await feedWithItems(store(), ['b-1', 'b-2']);
    const byUrl = await store().articles.saveFromItem(b.itemIds[0]!, cleanArticle('b-1', 'different words', { url: 'https://news.example/shared' }), { at: AT });
    expect(byUrl).toEqual({ article: null, event: null, deliveryIds: [], skipped: 'duplicate' });
    const byText = await store().articles.saveFromItem(b.itemIds[1]!, cleanArticle('b-2', otherText, { url: 'https://elsewhere.example/x' }), { at: AT });
    expect(byText.skipped).toBe('duplicate');
    expect((await store().articles.list({ feedId: b.feedId, limit: 10 })).items).toEqual([]);
    expect((await store().feeds.get(b.feedId))?.articleCount).toBe(0);
    expect(original.article && second.article).toBeTruthy();
    expect((await store().articles.saveFromItem(b.itemIds[0]!, cleanArticle('b-1', 'different words'), { at: AT })).skipped).toBe('unchanged');
  });

  it('does not treat two empty texts as one story', async () => {
    const a = await feedWithItems(store(), ['empty-a']);
    const b = await feedWithItems(store(), ['empty-b']);
    const first = await store().articles.saveFromItem(a.itemIds[0]!, cleanArticle('empty-a', '', { url: null }), { at: AT });
    const second = await store().articles.saveFromItem(b.itemIds[0]!, cleanArticle('empty-b', '', { url: null }), { at: AT });
    expect([first.event, second.event]).toEqual(['article.created', 'article.created']);
  });

  it('pages newest first by published date, falling back to the fetch time', async () => {
    const guids = ['p1', 'p2', 'p3', 'p4', 'p5'];
    const { feedId, itemIds } = await feedWithItems(store(), guids);
    const published = ['2024-01-05T00:00:00.000Z', '2024-01-03T00:00:00.000Z', null, '2024-01-04T00:00:00Z', '2099-01-01T00:00:00.000Z'];
    const fetchedAt = new Date('2024-01-10T00:00:00.000Z');
    for (const [i, guid] of guids.entries()) {
      await store().articles.saveFromItem(itemIds[i]!, cleanArticle(guid, `paging ${guid} ${unique('w')}`, { publishedAt: published[i] ?? null }), { at: fetchedAt });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await store().articles.list({ feedId, limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((a) => a.guid));
      cursor = page.nextCursor;
    } while (cursor !== null);
    // p3 (no date) and p5 (dated in the future) sort at their fetch time; ties go to the later id.
    expect(seen).toEqual(['p5', 'p3', 'p1', 'p4', 'p2']);

    const since = await store().articles.list({ feedId, since: new Date('2024-01-04T00:00:00.000Z'), limit: 10 });
    expect(since.items.map((a) => a.guid)).toEqual(['p5', 'p3', 'p1', 'p4']);
  });

  it('searches title and text, and survives hostile queries', async () => {
    const word = unique('zebra').replace('-', '');
    const { itemIds } = await feedWithItems(store(), ['s1', 's2']);
    await store().articles.saveFromItem(itemIds[0]!, cleanArticle('s1', `The ${word} crossed the road. Café au lait.`), { at: AT });
    await store().articles.saveFromItem(itemIds[1]!, cleanArticle('s2', `Nothing to see`, { title: `Title ${word} giraffe` }), { at: AT });

    const hits = async (q: string) => (await store().articles.list({ q, limit: 10 })).items.map((a) => a.guid).sort();
    expect(await hits(word)).toEqual(['s1', 's2']);
    expect(await hits(`${word.toUpperCase()} giraffe`)).toEqual(['s2']);
    expect(await hits(`"${word}" road`)).toEqual(['s1']);
    expect(await hits(`café ${word}`)).toEqual(['s1']);

    for (const hostile of [
      "'); DROP TABLE articles;--",
      '"unbalanced',
      'a & | ! :*',
      'NEAR(a b) OR NOT c* ^d',
      '\\ % _ ( ) [ ] { } ; \'',
      '!!!',
      'x'.repeat(5000),
      `${word} AND -- /*`,
    ]) {
      const page = await store().articles.list({ q: hostile, limit: 10 });
      expect(Array.isArray(page.items)).toBe(true);
    }
    expect(await store().articles.count()).toBeGreaterThanOrEqual(2);
    expect(await hits(`${word} AND -- /*`)).toEqual([]);
  });

  it('rejects a malformed cursor with INVALID_CURSOR', async () => {
    await expect(store().articles.list({ limit: 5, cursor: '%%%' })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });

  it('saves one article when the same job runs twice at once', async () => {
    await subscribe(store(), null);
    const { feedId, itemIds } = await feedWithItems(store(), ['race']);
    const clean = cleanArticle('race', `raced ${unique('w')}`);
    const results = await Promise.all([1, 2, 3].map(() => store().articles.saveFromItem(itemIds[0]!, clean, { at: AT })));
    expect(results.filter((r) => r.event === 'article.created')).toHaveLength(1);
    expect(results.flatMap((r) => r.deliveryIds).length).toBe(results.find((r) => r.event)!.deliveryIds.length);
    expect((await store().articles.list({ feedId, limit: 10 })).items).toHaveLength(1);
  });
});

/** A subscription to `feedIds` that a 410 on one of its deliveries (for an article of a feed of its own) disabled. */
async function disabledWebhook(store: Store, feedIds: string[]) {
  const own = await feedWithItems(store, ['for-disabling']);
  const webhook = await subscribe(store, [own.feedId, ...feedIds]);
  const saved = await store.articles.saveFromItem(own.itemIds[0]!, cleanArticle('for-disabling', `disable ${unique('w')}`), { at: AT });
  const deliveries = await Promise.all(saved.deliveryIds.map((id) => store.deliveries.get(id)));
  const delivery = deliveries.find((d) => d?.webhookId === webhook.id);
  await store.deliveries.recordAttempt(delivery!.id, { at: AT, ok: false, httpStatus: 410, error: 'Gone', nextAttemptAt: null, disableWebhook: true });
  expect((await store.webhooks.get(webhook.id))?.active).toBe(false);
  return webhook;
}
