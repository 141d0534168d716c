/** Provenance, per-feed rule settings and skipped items through the API and the real store, on SQLite and PostgreSQL. */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { normalizeItem } from '../../src/normalize/index.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { feedInput, feedItem, fetchSuccess } from '../store/fixtures.js';
import { useTestApi } from './harness.js';

const BODY =
  '<p>Published 9:14 AM EST, Sun November 3, 2024</p>' +
  '<p>Ferry service between the islands resumed on Sunday after a three-day pause, and crews cleared debris overnight.</p>' +
  '<p>Sign up for our newsletter to get the latest news in your inbox.</p>';

describe.each(TEST_DIALECTS)('provenance on %s', (dialect) => {
  const api = useTestApi({ dialect });

  async function stagedItem(guid: string, contentHtml: string | null, url: string | null = `https://news.example/${guid}`) {
    const { feed } = await api.store.feeds.create(feedInput());
    const item = { ...feedItem(guid), contentHtml, url };
    const { pendingItemIds } = await api.store.feeds.recordSuccess(feed.id, fetchSuccess([item]));
    return { feed, item, itemId: pendingItemIds[0] as string };
  }

  it('shows the rules that fired, what they removed and the extractor', async () => {
    const { item, itemId } = await stagedItem('ferry', BODY);
    const context = { feed: { url: null, title: null, siteUrl: null, language: null }, fullText: 'never' as const, embedHosts: [], log: silentLogger };
    const article = await normalizeItem(item, context);
    const saved = await api.store.articles.saveFromItem(itemId, article, { at: new Date() });
    const response = await api.call({ method: 'GET', url: `/v1/articles/${saved.article?.id}/provenance` });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ extractor: string; rules: { rule: string; removed: number; samples: string[] }[]; sources: unknown[] }>();
    expect(body.extractor).toBe('feed');
    expect(body.rules).toEqual(
      expect.arrayContaining([
        { rule: 'status-lines', removed: 1, samples: ['Published 9:14 AM EST, Sun November 3, 2024'] },
        { rule: 'promos', removed: 1, samples: ['Sign up for our newsletter to get the …'] },
      ]),
    );
    expect(body.sources).toEqual([]);
    const missing = await api.call({ method: 'GET', url: '/v1/articles/nope/provenance' });
    expect(missing.json()).toMatchObject({ statusCode: 404, code: 'ARTICLE_NOT_FOUND' });
  });

  it('turns rules off per feed, and refuses a rule that does not exist', async () => {
    const { feed } = await api.store.feeds.create(feedInput());
    const patched = await api.call({ method: 'PATCH', url: `/v1/feeds/${feed.id}`, payload: { rules: { disable: ['promos'] } } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ rules: { disable: ['promos'] } });
    expect((await api.store.feeds.get(feed.id))?.rules).toEqual({ disable: ['promos'], remove: [], body: null, replace: [] });
    const bad = await api.call({ method: 'PATCH', url: `/v1/feeds/${feed.id}`, payload: { rules: { disable: ['no-such-rule'] } } });
    expect(bad.json()).toMatchObject({ statusCode: 400, code: 'VALIDATION_ERROR' });
    const cleared = await api.call({ method: 'PATCH', url: `/v1/feeds/${feed.id}`, payload: { rules: null } });
    expect(cleared.json()).toMatchObject({ rules: { disable: [] } });
  });

  it('counts items that are not articles on their feed, once, with the reason', async () => {
    const { feed, itemId } = await stagedItem('empty', null, null);
    await api.store.items.markNotAnArticle(itemId, feed.id, 'no URL and no body');
    await api.store.items.markNotAnArticle(itemId, feed.id, 'no URL and no body');
    const shown = await api.call({ method: 'GET', url: `/v1/feeds/${feed.id}` });
    expect(shown.json()).toMatchObject({ skipped: { count: 1, lastReason: 'no URL and no body' } });
  });
});
