/**
 * OPML as people send it, over a real socket on both dialects: `curl
 * --data-binary` (a form content type), a multipart upload, nested folders
 * that come back nested, and documents refused whole (nothing created).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOpml } from '../../src/opml/parse.js';
import type { Feed } from '../../src/store/types.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { TOKEN, useTestApi } from './harness.js';

const NESTED = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Nested</title></head><body>
  <outline text="tech">
    <outline text="ai">
      <outline type="rss" text="AI One" xmlUrl="https://ai-one.example/feed" category="research"/>
      <outline type="rss" text="AI Two" xmlUrl="https://ai-two.example/feed"/>
    </outline>
    <outline type="rss" text="Tech One" xmlUrl="https://tech-one.example/feed"/>
  </outline>
  <outline type="rss" text="Loose" xmlUrl="https://loose.example/feed" category="/misc"/>
  <outline type="rss" text="Top" xmlUrl="https://top.example/feed"/>
</body></opml>`;

describe.each(TEST_DIALECTS)('OPML uploads on %s', (dialect) => {
  const api = useTestApi({ dialect });
  let base = '';
  beforeAll(async () => {
    base = await api.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await api.app.close();
  });

  const post = async (body: BodyInit, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}/v1/opml`, { method: 'POST', body, headers: { authorization: `Bearer ${TOKEN}`, ...headers } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const feeds = async () => (await api.call({ method: 'GET', url: '/v1/feeds?limit=200' })).json<{ items: Feed[] }>().items;

  it('imports a raw body sent as curl --data-binary does (a form content type), folders as path tags', async () => {
    const result = await post(NESTED, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(result).toEqual({ status: 200, body: { created: 5, existing: 0, invalid: [] } });
    const tags = Object.fromEntries((await feeds()).map((feed) => [feed.url, feed.tags]));
    expect(tags).toMatchObject({
      'https://ai-one.example/feed': ['tech/ai', 'research'],
      'https://ai-two.example/feed': ['tech/ai'],
      'https://tech-one.example/feed': ['tech'],
      'https://loose.example/feed': ['misc'],
      'https://top.example/feed': [],
    });
  });

  it('exports folders nested again, and the export imports to the same tags', async () => {
    const exported = await api.call({ method: 'GET', url: '/v1/opml' });
    expect(exported.statusCode).toBe(200);
    const xml = exported.body;
    // tech > ai > AI One: the folder outlines wrap the feed outlines.
    // (Feeds of one folder come in the order they were created, which concurrent imports do not fix.)
    expect(xml).toMatch(/<outline text="tech" title="tech">\s*<outline[^>]*Tech One[^>]*\/>\s*<outline text="ai" title="ai">(?:\s*<outline[^>]*\/>)*?\s*<outline[^>]*AI One[^>]*category="research"\/>/);
    const reread = Object.fromEntries(parseOpml(xml).outlines.map((o) => [o.url, o.tags]));
    const stored = Object.fromEntries((await feeds()).map((feed) => [feed.url, feed.tags]));
    expect(reread).toEqual(stored);
    expect(await post(xml, { 'content-type': 'text/x-opml' })).toEqual({ status: 200, body: { created: 0, existing: 5, invalid: [] } });

    const onlyTech = parseOpml((await api.call({ method: 'GET', url: '/v1/opml?tag=tech' })).body);
    expect(onlyTech.outlines.map((o) => o.url).sort()).toEqual(['https://ai-one.example/feed', 'https://ai-two.example/feed', 'https://tech-one.example/feed']);
  });

  it('imports the file of a multipart/form-data upload', async () => {
    const form = new FormData();
    form.append('note', 'from the browser');
    const doc = NESTED.replaceAll('.example/feed', '.example/multipart');
    form.append('file', new Blob([doc], { type: 'text/x-opml' }), 'subs.opml');
    expect(await post(form)).toEqual({ status: 200, body: { created: 5, existing: 0, invalid: [] } });

    const empty = new FormData();
    empty.append('note', 'no file here');
    const refused = await post(empty);
    expect([refused.status, refused.body.code]).toEqual([400, 'INVALID_OPML']);
  });

  it('refuses a DOCTYPE, entity declarations, a truncated or malformed document whole: nothing created', async () => {
    const before = (await feeds()).length;
    const fresh = NESTED.replaceAll('.example/feed', '.example/refused');
    const documents = [
      fresh.replace('<opml', '<!DOCTYPE opml [<!ENTITY x "y">]><opml'),
      fresh.replace('<head>', '<!ENTITY lol "lol"><head>'),
      fresh.slice(0, fresh.indexOf('Loose')),
      fresh.replace('</outline>\n    <outline type="rss" text="Tech One"', '</outlin>\n    <outline type="rss" text="Tech One"'),
      fresh.replace('text="Top"', 'text="Top & Co"'),
    ];
    for (const document of documents) {
      const result = await post(document, { 'content-type': 'application/xml' });
      expect({ status: result.status, code: result.body.code }).toEqual({ status: 400, code: 'INVALID_OPML' });
    }
    expect((await feeds()).length).toBe(before);
  });

  it('answers 413 to an upload over the body limit', async () => {
    const form = new FormData();
    form.append('file', new Blob(['x'.repeat(api.config.bodyLimitBytes + 10)]), 'big.opml');
    const result = await post(form);
    expect(result.status).toBe(413);
  });
});
