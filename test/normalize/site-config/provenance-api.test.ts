/**
 * A site rule as the API shows it: the workers' normalize context (config
 * SITE_CONFIG_DIR, the guarded HttpClient), the real store and
 * GET /v1/articles/:id/provenance, on SQLite and PostgreSQL. The Guardian's
 * real config is installed under the name of the host the test serves from
 * (127.0.0.1), which is how the service picks a file: by the page's host.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/logger.js';
import { HttpClient } from '../../../src/fetch/http-client.js';
import { normalizeItem } from '../../../src/normalize/index.js';
import { normalizeContext } from '../../../src/pipeline/articles.js';
import { useTestApi } from '../../api/harness.js';
import { TEST_DIALECTS } from '../../helpers/databases.js';
import { listen, type Listening } from '../../helpers/http-servers.js';
import { feedInput, feedItem, fetchSuccess } from '../../store/fixtures.js';
import { PAGES } from './pages.js';

const GUARDIAN_PATH = '/www.theguardian.com/world/2024/mar/04/harbour-pilots-strike';

let server: Listening;
let dir = '';

beforeAll(async () => {
  server = await listen(
    createServer((req, res) => {
      const page = req.url === '/world/harbour-pilots-strike' ? PAGES[GUARDIAN_PATH] : undefined;
      if (page === undefined) res.writeHead(404).end('not found');
      else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    }),
  );
  dir = mkdtempSync(join(tmpdir(), 'feedloom-site-rules-api-'));
  copyFileSync(join(import.meta.dirname, 'fixtures', 'theguardian.com.txt'), join(dir, '127.0.0.1.txt'));
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(TEST_DIALECTS)('site rule provenance on %s', (dialect) => {
  const api = useTestApi({ dialect });

  it('shows extractor "site-rule", why the page was fetched and what the strip rules removed; the rule can be disabled per feed', async () => {
    const { feed } = await api.store.feeds.create(feedInput());
    const url = `${server.base}/world/harbour-pilots-strike`;
    const item = feedItem('harbour', { url, contentHtml: '<p>Harbour pilots walked out on Monday […]</p>' });
    const { pendingItemIds } = await api.store.feeds.recordSuccess(feed.id, fetchSuccess([item]));

    const http = new HttpClient({ allowHosts: ['127.0.0.1'], timeoutMs: 5_000, maxBytes: 1_000_000, maxRedirects: 3, userAgent: 'feedloom-test' });
    const ctx = normalizeContext({ url: null, title: null, siteUrl: null, language: null }, 'auto', {
      http,
      config: { embedHosts: [], siteConfigDir: dir },
      log: silentLogger,
    });
    const article = await normalizeItem(item, ctx);
    await http.close();
    const saved = await api.store.articles.saveFromItem(pendingItemIds[0] as string, article, { at: new Date() });

    const response = await api.call({ method: 'GET', url: `/v1/articles/${saved.article?.id}/provenance` });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ extractor: string; fullTextReason: string | null; rules: { rule: string; removed: number; samples: string[] }[] }>();
    expect(body.extractor).toBe('site-rule');
    expect(body.fullTextReason).toMatch(/^teaser: \d+ words$/);
    const strip = body.rules.find((r) => r.rule === 'site-config:strip');
    expect(strip?.removed).toBeGreaterThanOrEqual(4);
    expect(strip?.samples).toContain('Most viewed: ten stories you missed this week');

    const patched = await api.call({ method: 'PATCH', url: `/v1/feeds/${feed.id}`, payload: { rules: { disable: ['site-config:strip'] } } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ rules: { disable: ['site-config:strip'] } });
  });
});
