/** POST /v1/preview against a local feed server: upstream trouble is a 4xx or 502, never a 500. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreviewResult } from '../../src/core/model.js';
import { startFeedServer, rss, type FeedServer } from '../helpers/http-servers.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { useTestApi } from './harness.js';

let server: FeedServer;
// The same suite on each store (the app is built over it, as in production).
describe.each(TEST_DIALECTS)('preview API on %s', (dialect) => {
  const api = useTestApi({ dialect, env: { ALLOW_HOSTS: '127.0.0.1' } });

  beforeAll(async () => {
    server = await startFeedServer();
    server.set('/feed.xml', rss([{ guid: 'p1', title: 'Preview item', body: '<p>Preview <b>body</b> text.</p><script>alert(1)</script>', date: '2024-05-01T10:00:00Z', creator: 'Ann' }], 'Preview Feed'));
    server.set(
      '/podcast.xml',
      `<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Pod</title>
       <item><title>Episode</title><guid>ep1</guid><description>Notes without a picture.</description>
       <enclosure url="https://cdn.example/ep1.mp3" length="321" type="audio/mpeg"/>
       <media:content url="https://cdn.example/cover.jpg" medium="image"/></item></channel></rss>`,
    );
    server.set('/page.html', '<!doctype html><html><head><title>x</title></head><body>no feed</body></html>', 'text/html');
  });
  afterAll(async () => {
    await server.close();
  });

  const preview = (payload: Record<string, unknown>) => api.call({ method: 'POST', url: '/v1/preview', payload });

  describe('preview', () => {
    it('returns the feed and its clean articles without storing anything', async () => {
      const response = await preview({ url: `${server.base}/feed.xml`, fullText: 'never' });
      expect(response.statusCode).toBe(200);
      const result = response.json<PreviewResult>();
      expect(result.feed).toMatchObject({ title: 'Preview Feed', kind: 'rss' });
      expect(result.items).toHaveLength(1);
      expect(result.items[0]).toMatchObject({ guid: 'p1', title: 'Preview item', authors: ['Ann'] });
      expect(result.items[0]?.contentHtml).not.toContain('<script');
      expect(await api.store.feeds.all()).toEqual([]);
    });

    it('carries enclosures and makes the best image the imageUrl when the body has none', async () => {
      const response = await preview({ url: `${server.base}/podcast.xml`, fullText: 'never' });
      expect(response.statusCode).toBe(200);
      const [item] = response.json<PreviewResult>().items;
      expect(item?.enclosures).toEqual([
        { url: 'https://cdn.example/ep1.mp3', type: 'audio/mpeg', length: 321, medium: 'audio', title: null },
        { url: 'https://cdn.example/cover.jpg', type: null, length: null, medium: 'image', title: null },
      ]);
      expect(item?.imageUrl).toBe('https://cdn.example/cover.jpg');
    });

    it('answers 422 NOT_A_FEED for a page without a feed', async () => {
      const response = await preview({ url: `${server.base}/page.html` });
      expect(response.json()).toMatchObject({ statusCode: 422, code: 'NOT_A_FEED' });
    });

    it('answers 502 with the upstream code when the server fails or cannot be reached', async () => {
      const missing = await preview({ url: `${server.base}/missing.xml` });
      expect(missing.json()).toMatchObject({ statusCode: 502, code: 'NOT_FOUND' });
      const closed = await preview({ url: 'http://127.0.0.1:1/feed.xml' });
      expect(closed.statusCode).toBe(502);
      expect(closed.json<{ code: string }>().code).not.toBe('INTERNAL');
    });

    it('refuses private addresses and bad input with 400', async () => {
      expect((await preview({ url: 'http://10.9.9.9/feed.xml' })).json()).toMatchObject({ statusCode: 400, code: 'BLOCKED_ADDRESS' });
      expect((await preview({ url: 'javascript:alert(1)' })).json()).toMatchObject({ statusCode: 400, code: 'INVALID_URL' });
      expect((await preview({ url: `${server.base}/feed.xml`, fullText: 'yes' })).json()).toMatchObject({ statusCode: 400, code: 'VALIDATION_ERROR' });
    });
  });
});
