/**
 * Two paths end to end, on SQLite and PostgreSQL: an item whose content
 * changes is delivered again as `article.updated` (same article, a new
 * webhook-id, the new text), and a summary-only item gets its full text from
 * the article page.
 */
import { Webhook as Verifier } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { rss, waitFor } from '../helpers/http-servers.js';
import { useServiceStack } from '../helpers/service.js';

interface Payload {
  type: string;
  data: { id: string; contentText: string };
}

describe.each(TEST_DIALECTS)('updates and full text on %s', (dialect) => {
  const stack = useServiceStack(dialect, { RATE_LIMIT_MAX: '1000000' });

  function payloads(secret: string): Array<{ id: string; payload: Payload }> {
    const verifier = new Verifier(secret);
    return stack().receiver.accepted().map((r) => ({
      id: String(r.headers['webhook-id']),
      payload: verifier.verify(r.body, {
        'webhook-id': String(r.headers['webhook-id']),
        'webhook-timestamp': String(r.headers['webhook-timestamp']),
        'webhook-signature': String(r.headers['webhook-signature']),
      }) as Payload,
    }));
  }

  it('a changed item is delivered as article.updated with the new text and a new webhook-id', async () => {
    const { api, feeds, receiver, articlesOf } = stack();
    receiver.received.length = 0;
    const hook = await api.post<{ id: string; secret: string }>('/v1/webhooks', { url: `${receiver.base}/updates` });
    const story = (text: string) => [{ guid: 'changing', title: 'A changing story', body: `<p>${text}</p>`, date: '2026-11-20T08:00:00Z' }];
    feeds.set('/changing.xml', rss(story('The first version of the story says the bridge is closed for repairs all week.')));
    const feed = await api.post<{ id: string }>('/v1/feeds', { url: `${feeds.base}/changing.xml`, fullText: 'never' });
    expect(feed.status).toBe(201);
    await waitFor(() => payloads(hook.body.secret).length === 1, 30_000, 'the created delivery');

    feeds.set('/changing.xml', rss(story('The corrected story says the bridge reopens on Thursday morning after the repairs.')));
    expect((await api.post(`/v1/feeds/${feed.body.id}/fetch`)).status).toBe(202);
    const delivered = await waitFor(() => {
      const all = payloads(hook.body.secret);
      return all.length === 2 ? all : undefined;
    }, 30_000, 'the updated delivery');

    const [created, updated] = delivered;
    expect(created?.payload.type).toBe('article.created');
    expect(updated?.payload.type).toBe('article.updated');
    expect(updated?.payload.data.id).toBe(created?.payload.data.id);
    expect(updated?.id).not.toBe(created?.id);
    expect(updated?.payload.data.contentText).toContain('reopens on Thursday');
    const stored = await articlesOf(feed.body.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.contentText).toContain('reopens on Thursday');
  });

  it('a summary-only item gets the full text of its article page', async () => {
    const { api, feeds, articlesOf } = stack();
    const paragraphs = [1, 2, 3, 4]
      .map((n) => `<p>Paragraph ${n} of the full story: the harbour master kept a ledger of every ship that came in during the storm.</p>`)
      .join('');
    feeds.set('/story.html', `<!doctype html><html><head><title>Full story</title></head><body><nav><a href="/">Home</a></nav><article><h1>Full story</h1>${paragraphs}</article><footer>© Harbour News</footer></body></html>`, 'text/html; charset=utf-8');
    feeds.set(
      '/teasers.xml',
      rss([{ guid: 'teaser', title: 'Full story', body: '<p>The harbour master kept a ledger…</p>', date: '2026-11-21T08:00:00Z', link: `${feeds.base}/story.html` }]),
    );
    const feed = await api.post<{ id: string }>('/v1/feeds', { url: `${feeds.base}/teasers.xml`, fullText: 'always' });
    expect(feed.status).toBe(201);
    const [article] = await waitFor(async () => {
      const items = await articlesOf(feed.body.id);
      return items.length === 1 ? items : undefined;
    }, 30_000, 'the full-text article');
    expect(feeds.hits('/story.html').total).toBeGreaterThanOrEqual(1);
    for (const n of [1, 2, 3, 4]) expect(article?.contentText).toContain(`Paragraph ${n} of the full story`);
    expect(article?.contentText).not.toContain('Home');
    expect(article?.contentText).not.toContain('Harbour News');
  });
});
