/** OPML import and export through the API: a round trip keeps every feed, and bad outlines are reported, not fatal. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOpml } from '../../src/opml/parse.js';
import type { Feed } from '../../src/store/types.js';
import { startFeedServer, rss, type FeedServer } from '../helpers/http-servers.js';
import { unique } from '../store/fixtures.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { useTestApi } from './harness.js';

let server: FeedServer;
// The same suite on each store: the routes write through it.
describe.each(TEST_DIALECTS)('OPML API on %s', (dialect) => {
  const api = useTestApi({ dialect, env: { ALLOW_HOSTS: '127.0.0.1' } });

  beforeAll(async () => {
    server = await startFeedServer();
  });
  afterAll(async () => {
    await server.close();
  });

  function opml(outlines: string): string {
    return `<?xml version="1.0" encoding="UTF-8"?>
  <opml version="2.0"><head><title>Mine</title></head><body>
  <outline text="Tech">${outlines}</outline>
  </body></opml>`;
  }

  const importOpml = (body: string, contentType = 'text/x-opml') =>
    api.call({ method: 'POST', url: '/v1/opml', headers: { 'content-type': contentType }, payload: body });

  describe('OPML', () => {
    it('imports feeds, reports the invalid ones, and exports them back', async () => {
      const path = `/${unique('feed')}.xml`;
      server.set(path, rss([{ guid: 'a', title: 'A', body: '<p>a</p>', date: '2024-05-01T10:00:00Z' }]));
      const local = `${server.base}${path}`;
      const document = opml(`
        <outline type="rss" text="Local" title="Local &amp; Co" xmlUrl="${local}" htmlUrl="${server.base}/"/>
        <outline type="rss" text="Remote" xmlUrl="https://feeds.example.org/rss.xml" category="/news"/>
        <outline type="rss" text="Private" xmlUrl="http://10.0.0.7/feed.xml"/>
        <outline type="rss" text="Broken" xmlUrl="ftp://example.org/feed"/>`);

      const response = await importOpml(document);
      expect(response.statusCode).toBe(200);
      const result = response.json<{ created: number; existing: number; invalid: { url: string; message: string }[] }>();
      expect({ created: result.created, existing: result.existing }).toEqual({ created: 2, existing: 0 });
      expect(result.invalid.map((i) => i.url).sort()).toEqual(['ftp://example.org/feed', 'http://10.0.0.7/feed.xml']);
      expect(result.invalid.every((i) => i.message.length > 0)).toBe(true);

      const feeds = (await api.call({ method: 'GET', url: '/v1/feeds' })).json<{ items: Feed[] }>().items;
      const byUrl = new Map(feeds.map((f) => [f.url, f]));
      expect(byUrl.get(local)?.title).toBe('Local & Co');
      expect(byUrl.get('https://feeds.example.org/rss.xml')?.tags).toContain('Tech');
      for (const feed of feeds) expect((await api.queues.fetch.getJob(`fetch-${feed.id}`))?.data).toEqual({ feedId: feed.id });

      const again = await importOpml(document, 'application/xml');
      expect(again.json()).toMatchObject({ created: 0, existing: 2 });

      const exported = await api.call({ method: 'GET', url: '/v1/opml' });
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-type']).toMatch(/^text\/x-opml/);
      const roundTrip = parseOpml(exported.body);
      expect(roundTrip.outlines.map((o) => o.url).sort()).toEqual([local, 'https://feeds.example.org/rss.xml'].sort());
      expect(roundTrip.outlines.find((o) => o.url === local)?.title).toBe('Local & Co');
    });

    it('refuses a document that is not OPML with INVALID_OPML', async () => {
      const response = await importOpml('<html><body>hello</body></html>', 'text/xml');
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'INVALID_OPML' });
    });

    it('reads OPML whatever its content type says, and refuses a text/plain body that is not OPML', async () => {
      const response = await importOpml(opml(''), 'text/plain');
      expect(response.statusCode).toBe(200);
      const notOpml = await importOpml('just some words', 'text/plain');
      expect(notOpml.statusCode).toBe(400);
      expect(notOpml.json()).toMatchObject({ code: 'INVALID_OPML' });
    });

    it('refuses XML on a JSON route with 415', async () => {
      const response = await api.call({ method: 'POST', url: '/v1/feeds', headers: { 'content-type': 'application/xml' }, payload: opml('') });
      expect(response.statusCode).toBe(415);
    });
  });
});
