/**
 * WordPress sites read natively, against a real WordPress (test/wordpress/wp-up.sh):
 * detection from the home page, posts through /wp-json/wp/v2/posts?_embed with
 * authors, terms and featured images, WordPress markup cleaned, an edit that
 * becomes article.updated, the site's category filter, and the fallback to the
 * feed when the REST API is switched off.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/model.js';
import type { RunningService } from '../../src/service.js';
import type { Feed } from '../../src/store/types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { startWebhookReceiver, waitFor, type WebhookReceiver } from '../helpers/http-servers.js';
import { apiClient, flushPrefix, startTestService, testConfig } from '../helpers/service.js';
import { startWordPress, TINY_GIF, type WordPressSite } from '../helpers/wordpress.js';

const PORT = 8097;
const WAIT_MS = 30_000;

const body = (n: number) =>
  `<p>Story ${n} begins with the harbour council meeting, where members argued about dredging for a long evening.</p>` +
  `<p>The second paragraph of story ${n} explains what the vote means for the fishing fleet next season.</p>`;

describe('WordPress source', () => {
  let site: WordPressSite;
  let db: TestDatabase;
  let service: RunningService;
  let receiver: WebhookReceiver;
  let api: ReturnType<typeof apiClient>;
  let politics: number;
  let harbour: number;

  beforeAll(async () => {
    site = await startWordPress(PORT);
    await site.deleteAllPosts();
    // "admin" is a login, not a byline: the display name is what readers see.
    await site.request('POST', 'users/me', { name: 'Ana Pérez' });
    politics = await site.createTerm('categories', 'Politics');
    const culture = await site.createTerm('categories', 'Arts & Culture', 'arts');
    harbour = await site.createTerm('tags', 'harbour');
    const image = await site.uploadImage('town-hall.gif', TINY_GIF, 'The town hall at dusk');
    await site.createPost({ title: 'Story 1', content: body(1), date: '2026-11-01T08:00:00', categories: [politics], tags: [harbour], featured_media: image.id });
    await site.createPost({
      title: 'Story 2',
      content:
        body(2) +
        `[caption id="attachment_9" align="aligncenter" width="300"]<img src="${image.url}" alt="Hall"> The hall after the flood[/caption]` +
        `<p><img src="data:image/svg+xml,%3Csvg%3E%3C/svg%3E" data-lazy-src="${image.url}" alt="Lazy"></p>`,
      date: '2026-11-02T08:00:00',
      categories: [culture],
    });
    receiver = await startWebhookReceiver();
  }, 15 * 60_000);

  afterAll(async () => {
    await receiver?.close();
    await site?.rest('on');
  });

  // A store per test: feeds of one site share their posts, and the store keeps one copy of a story.
  beforeEach(async () => {
    receiver.received.length = 0;
    db = await createTestDatabase('sqlite');
    service = await startTestService(testConfig(db.url, { RATE_LIMIT_MAX: '100000' }));
    api = apiClient(service.url!);
    const hook = await api.post('/v1/webhooks', { url: `${receiver.base}/hook` });
    expect(hook.status).toBe(201);
  });

  afterEach(async () => {
    await service.close();
    await flushPrefix(service.config.queuePrefix);
    await db.cleanup();
  });

  async function articlesOf(feedId: string): Promise<Article[]> {
    const res = await api.get<{ items: Article[] }>(`/v1/articles?feedId=${feedId}&limit=200`);
    expect(res.status).toBe(200);
    return res.body.items;
  }

  function events(type: string, url: string): number {
    return receiver.accepted().filter((r) => {
      const parsed = JSON.parse(r.body) as { type: string; data: Article };
      return parsed.type === type && parsed.data.url === url;
    }).length;
  }

  it('detects the site from its home page and reads posts through the REST API with authors, terms and images', async () => {
    const created = await api.post<Feed>('/v1/feeds', { url: `${site.url}/` });
    expect(created.status).toBe(201);
    expect(created.body.source).toBe('auto');
    const feedId = created.body.id;
    const articles = await waitFor(async () => {
      const list = await articlesOf(feedId);
      return list.length === 2 ? list : undefined;
    }, WAIT_MS, 'two articles from the REST API');
    const feed = (await api.get<Feed>(`/v1/feeds/${feedId}`)).body;
    expect(feed).toMatchObject({ kind: 'wordpress', sourceInUse: 'wordpress', lastError: null });

    const one = articles.find((a) => a.title === 'Story 1');
    expect(one).toMatchObject({ authors: ['Ana Pérez'], categories: ['Politics', 'harbour'] });
    expect(one?.imageUrl).toMatch(/\/wp-content\/uploads\/.*town-hall.*\.gif$/);
    expect(one?.imageAlt).toBe('The town hall at dusk');
    const two = articles.find((a) => a.title === 'Story 2');
    expect(two?.categories).toEqual(['Arts & Culture']);
    expect(two?.contentHtml).toMatch(/<figure><img src="[^"]+town-hall[^"]*" alt="Hall"><figcaption>The hall after the flood<\/figcaption><\/figure>/);
    expect(two?.contentHtml).toMatch(/<img src="http:\/\/127\.0\.0\.1:8097\/wp-content\/uploads\/[^"]+" alt="Lazy">/);
    expect(two?.contentText).not.toContain('[caption');
  });

  it('turns an edit on the site into article.updated, never a second article.created', async () => {
    const post = await site.createPost({ title: 'Story 3', content: body(3), date: '2026-11-03T08:00:00', categories: [politics] });
    const created = await api.post<Feed>('/v1/feeds', { url: `${site.url}/?feed=rss2`, title: 'edits' });
    expect(created.status).toBe(201);
    const feedId = created.body.id;
    await waitFor(async () => (await articlesOf(feedId)).some((a) => a.title === 'Story 3'), WAIT_MS, 'story 3');
    await waitFor(() => events('article.created', post.link) >= 1, WAIT_MS, 'article.created for story 3');

    await site.updatePost(post.id, { title: 'Story 3 (corrected)', content: `${body(3)}<p>Correction: the vote was eleven to four.</p>` });
    expect((await api.post(`/v1/feeds/${feedId}/fetch`)).status).toBe(202);
    const edited = await waitFor(async () => {
      const found = (await articlesOf(feedId)).find((a) => a.url === post.link);
      return found?.contentText.includes('eleven to four') ? found : undefined;
    }, WAIT_MS, 'the edit stored');
    expect(edited.title).toBe('Story 3 (corrected)');
    await waitFor(() => events('article.updated', post.link) >= 1, WAIT_MS, 'article.updated');
    expect(events('article.created', post.link)).toBe(1);
    expect((await articlesOf(feedId)).filter((a) => a.url === post.link)).toHaveLength(1);

    // Twenty newer posts push story 3 out of the newest by date; a poll still sees its next edit.
    for (let n = 0; n < 20; n += 1) {
      await site.createPost({ title: `Later ${n}`, content: body(200 + n), date: `2026-11-${String(5 + n).padStart(2, '0')}T08:00:00` });
    }
    await site.updatePost(post.id, { title: 'Story 3 (corrected twice)', content: `${body(3)}<p>Correction: the vote was twelve to three.</p>` });
    expect((await api.post(`/v1/feeds/${feedId}/fetch`)).status).toBe(202);
    await waitFor(async () => (await articlesOf(feedId)).some((a) => a.title === 'Story 3 (corrected twice)'), WAIT_MS, 'the edit of an older post');
    expect(events('article.created', post.link)).toBe(1);
  });

  it("narrows a feed to the site's categories and tags by name or slug, and refuses unknown ones", async () => {
    const unknown = await api.post<{ code: string }>('/v1/feeds', { url: `${site.url}/feed/?filtered`, wordpress: { categories: ['no-such-thing'] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('WORDPRESS_TERM_NOT_FOUND');

    const created = await api.post<Feed>('/v1/feeds', { url: `${site.url}/feed/?filtered`, wordpress: { categories: ['arts'], tags: [] } });
    expect(created.status).toBe(201);
    expect(created.body.wordpress).toEqual({ categories: ['arts'], tags: [], postType: null });
    const feedId = created.body.id;
    await waitFor(async () => (await articlesOf(feedId)).length > 0, WAIT_MS, 'the filtered articles');
    const titles = (await articlesOf(feedId)).map((a) => a.title);
    expect(titles).toEqual(['Story 2']);

    const byName = await api.patch<Feed>(`/v1/feeds/${feedId}`, { wordpress: { categories: ['Politics'], tags: ['harbour'] } });
    expect(byName.status).toBe(200);
    expect(byName.body.wordpress).toEqual({ categories: ['Politics'], tags: ['harbour'], postType: null });
  });

  it('reads a custom post type the site exposes, and refuses one it does not', async () => {
    await site.muPlugin(
      'feedloom-books',
      `<?php
add_action('init', function () {
    register_post_type('book', ['public' => true, 'label' => 'Books', 'show_in_rest' => true, 'rest_base' => 'books', 'supports' => ['title', 'editor', 'author']]);
});`,
    );
    await site.request('POST', 'books', { title: 'A book review', content: body(7), status: 'publish' });
    const unknown = await api.post<{ code: string }>('/v1/feeds', { url: `${site.url}/feed/?cpt`, wordpress: { postType: 'movie' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('WORDPRESS_POST_TYPE_NOT_FOUND');
    const created = await api.post<Feed>('/v1/feeds', { url: `${site.url}/feed/?cpt`, wordpress: { postType: 'book' } });
    expect(created.status).toBe(201);
    const articles = await waitFor(async () => {
      const list = await articlesOf(created.body.id);
      return list.length > 0 ? list : undefined;
    }, WAIT_MS, 'the book');
    expect(articles.map((a) => a.title)).toEqual(['A book review']);
    expect(articles[0]?.authors).toEqual(['Ana Pérez']);
  });

  it('falls back to the feed when the REST API is switched off, and says so on the feed', async () => {
    await site.rest('off');
    try {
      const created = await api.post<Feed>('/v1/feeds', { url: `${site.url}/?feed=rss2&fallback=1` });
      expect(created.status).toBe(201);
      const feedId = created.body.id;
      await waitFor(async () => (await articlesOf(feedId)).length >= 2, WAIT_MS, 'articles read from the feed').catch(async (err: unknown) => {
        throw new Error(`${String(err)}; feed: ${JSON.stringify((await api.get(`/v1/feeds/${feedId}`)).body)}`);
      });
      const feed = (await api.get<Feed>(`/v1/feeds/${feedId}`)).body;
      // WordPress' own RSS: kind stays "wordpress" (its generator), the source in use says which door was used.
      expect(feed).toMatchObject({ sourceInUse: 'feed', kind: 'wordpress', lastError: null });

      const forced = await api.post<Feed>('/v1/feeds', { url: `${site.url}/?feed=atom`, source: 'wordpress' });
      expect(forced.status).toBe(201);
      const failing = await waitFor(async () => {
        const f = (await api.get<Feed>(`/v1/feeds/${forced.body.id}`)).body;
        return f.lastError ? f : undefined;
      }, WAIT_MS, 'the forced source failing');
      expect(failing.lastStatus).toBe(403);
      expect(failing.sourceInUse).toBeNull();
    } finally {
      await site.rest('on');
    }
  });

  async function backfillOf(feedId: string): Promise<Feed['backfill']> {
    return (await api.get<Feed>(`/v1/feeds/${feedId}`)).body.backfill;
  }

  it('backfills history through REST pages: bounded by the limit, resumable state on the feed, no duplicates', async () => {
    await site.deleteAllPosts();
    for (let n = 1; n <= 30; n++) {
      await site.createPost({ title: `Archive ${n}`, content: body(100 + n), date: `2026-10-${String(n).padStart(2, '0')}T08:00:00`, categories: [politics] });
    }
    const created = await api.post<Feed>('/v1/feeds', { url: `${site.url}/`, backfill: 25 });
    expect(created.status).toBe(201);
    expect(created.body.backfill).toMatchObject({ status: 'running', fetched: 0, limit: 25 });
    const feedId = created.body.id;
    const done = await waitFor(async () => {
      const progress = await backfillOf(feedId);
      return progress?.status === 'done' ? progress : undefined;
    }, WAIT_MS, 'the backfill done');
    expect(done).toMatchObject({ fetched: 25, limit: 25, error: null });
    // The 25 newest posts: the poll's 20 newest are among them, each stored once.
    const titles = await waitFor(async () => {
      const list = (await articlesOf(feedId)).map((a) => a.title ?? '');
      return list.length === 25 ? list : undefined;
    }, WAIT_MS, '25 articles');
    expect(new Set(titles).size).toBe(25);
    expect(titles).not.toContain('Archive 5');
    expect(titles).toContain('Archive 6');

    // Again, with more room: only the older ones are new; nothing is announced twice.
    const again = await api.post<{ jobId: string }>(`/v1/feeds/${feedId}/backfill`, { limit: 200 });
    expect(again.status).toBe(202);
    expect(again.body.jobId).toMatch(/^backfill-/);
    await waitFor(async () => (await backfillOf(feedId))?.status === 'done', WAIT_MS, 'the second backfill done');
    expect(await backfillOf(feedId)).toMatchObject({ fetched: 30, limit: 200 });
    await waitFor(async () => (await articlesOf(feedId)).length === 30, WAIT_MS, '30 articles');
    await waitFor(() => receiver.accepted().length >= 30, WAIT_MS, '30 webhooks');
    const created30 = receiver.accepted().filter((r) => (JSON.parse(r.body) as { type: string }).type === 'article.created');
    expect(created30).toHaveLength(30);
  });

  it('backfills a WordPress feed by ?paged=N when the REST API is off', async () => {
    await site.rest('off');
    try {
      const created = await api.post<Feed>('/v1/feeds', { url: `${site.url}/feed/`, backfill: 100 });
      expect(created.status).toBe(201);
      const feedId = created.body.id;
      await waitFor(async () => (await backfillOf(feedId))?.status === 'done', WAIT_MS, 'the paged backfill done');
      // The feed itself carries the 10 newest; pages 2 and 3 the other 20.
      expect(await backfillOf(feedId)).toMatchObject({ fetched: 20, limit: 100 });
      await waitFor(async () => (await articlesOf(feedId)).length === 30, WAIT_MS, '30 articles from the feed pages');
      expect((await api.get<Feed>(`/v1/feeds/${feedId}`)).body.sourceInUse).toBe('feed');
    } finally {
      await site.rest('on');
    }
  });
});
