/**
 * Site configs through the real full-text path: real configs from
 * ftr-site-config (fixtures/, see its README), pages shaped like those sites
 * served by a local HTTP server, fetched through the guarded HttpClient the
 * workers use. The server stands in for DNS: `https://www.heise.de/x` is
 * fetched as `http://127.0.0.1:<port>/www.heise.de/x` and comes back under its
 * public address, so configs are chosen by the page URL's host as in production.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/logger.js';
import { HttpClient } from '../../../src/fetch/http-client.js';
import { normalizeItem, type PageFetcher } from '../../../src/normalize/index.js';
import { SiteConfigDirectory } from '../../../src/normalize/site-config/directory.js';
import { pageFetcher } from '../../../src/pipeline/articles.js';
import { listen, type Listening } from '../../helpers/http-servers.js';
import { context, feedItem } from '../helpers.js';
import { collectingLogger } from '../../helpers/logs.js';
import { PAGES } from './pages.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const REAL_CONFIGS = ['theguardian.com.txt', 'heise.de.txt', 'arstechnica.com.txt', '.wired.com.txt', '.nytimes.com.txt', 'spiegel.de.txt'];

let server: Listening;
let dir = '';
let http: HttpClient;
const requested: string[] = [];

/** The workers' page fetcher, with the test server standing in for the public hosts. */
let fetchPage: PageFetcher;

beforeAll(async () => {
  server = await listen(
    createServer((req, res) => {
      requested.push(req.url ?? '');
      const page = PAGES[req.url ?? ''];
      if (page === undefined) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    }),
  );
  dir = mkdtempSync(join(tmpdir(), 'feedloom-site-rules-'));
  for (const name of REAL_CONFIGS) copyFileSync(join(FIXTURES, name), join(dir, name));
  // A config whose XPath parses but fails when evaluated (no such function in XPath 1.0).
  writeFileSync(join(dir, 'broken.example.txt'), "body: //div[ends-with(@class, 'story')]\nstrip: //aside\n");
  http = new HttpClient({ allowHosts: ['127.0.0.1'], timeoutMs: 5_000, maxBytes: 1_000_000, maxRedirects: 3, userAgent: 'feedloom-test' });
  const real = pageFetcher(http);
  fetchPage = async (url) => {
    const target = new URL(url);
    const page = await real(`${server.base}/${target.hostname}${target.pathname}${target.search}`);
    const served = new URL(page.url);
    return { url: `${target.protocol}//${target.hostname}${served.pathname.slice(target.hostname.length + 1)}${served.search}`, html: page.html };
  };
});

afterAll(async () => {
  await http.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const TEASER = '<p>A short teaser of the story […]</p>';


async function fullText(url: string, options: { disabledRules?: string[]; log?: ReturnType<typeof collectingLogger>['log'] } = {}) {
  const log = options.log ?? silentLogger;
  const item = feedItem({ url, baseUrl: url, title: null, contentHtml: TEASER, authors: [], publishedAt: null });
  return normalizeItem(
    item,
    context({ fullText: 'auto', fetchPage, siteConfigs: new SiteConfigDirectory(dir, log), log, disabledRules: options.disabledRules ?? [] }),
  );
}

describe('site configs on the full-text path', () => {
  it('Guardian: the body union, strip and strip_id_or_class rules, title, author and date from the config', async () => {
    const article = await fullText('https://www.theguardian.com/world/2024/mar/04/harbour-pilots-strike');
    expect(article.provenance?.extractor).toBe('site-rule');
    expect(article.contentText).toContain('Harbour pilots walked out on Monday');
    expect(article.contentText).toContain('The strike is the first in forty years');
    // The lead picture is outside the article body; the union keeps it.
    expect(article.contentHtml).toContain('harbour.jpg');
    expect(article.contentText).not.toMatch(/Support the Guardian|Most viewed|Explore more on these topics|Sign in to continue|Photograph: Port/);
    expect(article.title).toBe('Harbour pilots strike over night-shift rules');
    expect(article.authors).toEqual(['Ines Castro']);
    expect(article.publishedAt).toBe('2024-03-04T06:30:00.000Z');
    const strip = article.provenance?.rules.find((r) => r.rule === 'site-config:strip');
    expect(strip?.removed).toBeGreaterThanOrEqual(4);
    expect(strip?.samples.length).toBeGreaterThan(0);
  });

  it('heise: replace_string on the raw HTML and single_page_link followed through the same fetcher', async () => {
    requested.length = 0;
    const article = await fullText('https://www.heise.de/news/Linux-Kernel-erscheint-9876543.html');
    expect(requested).toEqual(['/www.heise.de/news/Linux-Kernel-erscheint-9876543.html', '/www.heise.de/news/Linux-Kernel-erscheint-9876543.html?view=print']);
    expect(article.provenance?.extractor).toBe('site-rule');
    // Only the print version has the whole story.
    expect(article.contentText).toContain('Der dritte Absatz steht nur in der Druckversion');
    expect(article.contentHtml).toContain('<h2>Neue Treiber</h2>');
    expect(article.contentHtml).not.toContain('<h5>');
    expect(article.contentHtml).toContain('<blockquote>');
    expect(article.contentText).not.toMatch(/Anzeige|Kommentare lesen|Mehr zum Thema/);
    expect(article.authors).toEqual(['Jana Weber']);
    // The title lost its " | heise online" suffix to a replace_string rule.
    expect(article.title).toBe('Linux-Kernel 6.8 erscheint');
    // The canonical URL is the article's, not the print version's.
    expect(article.url).toBe('https://www.heise.de/news/Linux-Kernel-erscheint-9876543.html');
  });

  it('Ars Technica: next_page_link pages appended, author, the first date alternative that yields a value, strip_id_or_class', async () => {
    requested.length = 0;
    const article = await fullText('https://arstechnica.com/science/2024/03/comet-tail-measured/');
    // Page 2 links "next" back to page 1: fetched once each.
    expect(requested).toEqual(['/arstechnica.com/science/2024/03/comet-tail-measured/', '/arstechnica.com/science/2024/03/comet-tail-measured/2/']);
    expect(article.provenance?.extractor).toBe('site-rule');
    expect(article.contentText.match(/The comet’s tail stretched/g)).toHaveLength(1);
    expect(article.contentText).toContain('On the second page, the team explained');
    expect(article.contentText).not.toContain('Next');
    expect(article.contentText).not.toMatch(/Further reading|Ars Video|Mark Lee/);
    expect(article.authors).toEqual(['Mark Lee']);
    expect(article.title).toBe('Comet tail measured at record length');
    expect(article.publishedAt).toBe('2024-03-05T14:00:00.000Z');
  });

  it('Wired (a wildcard file): the second body alternative when the first matches nothing; not for the bare domain', async () => {
    const article = await fullText('https://interactive.wired.com/story/bell-labs-visit/');
    expect(article.provenance?.extractor).toBe('site-rule');
    expect(article.contentText).toContain('The labs were quiet on a Sunday');
    expect(article.contentText).not.toContain('Subscribe now');
    expect(article.contentText).not.toContain('Most popular');
    // `.wired.com.txt` does not serve www.wired.com: Readability reads that page.
    const bare = await fullText('https://www.wired.com/story/bell-labs-visit/');
    expect(bare.provenance?.extractor).toBe('fulltext');
    expect(bare.provenance?.rules.some((r) => r.rule === 'site-config:strip')).toBe(false);
  });

  it('NYT (a wildcard file without body:): strip rules run, the single page is followed, Readability finds the body', async () => {
    requested.length = 0;
    const article = await fullText('https://archive.nytimes.com/2010/07/13/science/13gravity.html');
    expect(requested).toEqual(['/archive.nytimes.com/2010/07/13/science/13gravity.html', '/archive.nytimes.com/2010/07/13/science/13gravity.html?pagewanted=all']);
    expect(article.provenance?.extractor).toBe('fulltext');
    expect(article.contentText).toContain('second page of the gravity story');
    expect(article.contentText).not.toContain('Inside NYTimes.com');
    expect(article.provenance?.rules.find((r) => r.rule === 'site-config:strip')?.removed).toBeGreaterThanOrEqual(1);
  });

  it('Spiegel: title, author and date from attributes and meta tags; the body union', async () => {
    const article = await fullText('https://www.spiegel.de/wissenschaft/hafenlotsen-streiken-a-1234.html');
    expect(article.provenance?.extractor).toBe('site-rule');
    expect(article.title).toBe('Hafenlotsen streiken');
    expect(article.authors).toEqual(['Eva Schulz']);
    expect(article.publishedAt).toBe('2024-03-06T07:00:00.000Z');
    expect(article.contentText).toContain('Die Lotsen legten am Mittwoch die Arbeit nieder');
    expect(article.contentText).not.toMatch(/Mehr zum Thema|Ein Zitat in groß/);
  });

  it('a config XPath that fails at run time is logged once with file and line, and Readability takes over', async () => {
    const { log, records } = collectingLogger();
    const first = await fullText('https://broken.example/news/story', { log });
    await fullText('https://broken.example/news/story', { log });
    expect(first.provenance?.extractor).toBe('fulltext');
    expect(first.contentText).toContain('Readability still finds this story');
    const failures = records().filter((l) => l.msg === 'site config XPath failed; skipped');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ siteConfig: 'broken.example.txt', line: 1 });
  });
});

describe('site config strip rules on feed bodies', () => {
  const BODY =
    '<p>Harbour pilots walked out on Monday, closing the port to large ships for the first time in decades.</p>' +
    '<aside><p>Most viewed: ten stories you missed this week</p></aside>' +
    '<div class="submeta"><p>Explore more on these topics: Shipping, Strikes</p></div>' +
    '<p>The strike is the first in forty years, and talks are set to resume on Thursday.</p>';

  it('removes what the host’s config strips from the feed body, recorded as a rule firing', async () => {
    const url = 'https://www.theguardian.com/world/2024/mar/04/harbour-pilots-strike';
    const item = feedItem({ url, baseUrl: url, contentHtml: BODY });
    const article = await normalizeItem(item, context({ siteConfigs: new SiteConfigDirectory(dir, silentLogger) }));
    expect(article.contentText).toContain('Harbour pilots walked out on Monday');
    expect(article.contentText).toContain('The strike is the first in forty years');
    expect(article.contentText).not.toMatch(/Most viewed|Explore more/);
    expect(article.provenance?.extractor).toBe('feed');
    expect(article.provenance?.rules).toContainEqual({
      rule: 'site-config:strip',
      removed: 2,
      samples: ['Most viewed: ten stories you missed this week', 'Explore more on these topics: Shipping, Strikes'],
    });
  });

  it('leaves the feed body alone when the feed disables site-config:strip, or the host has no config', async () => {
    const url = 'https://www.theguardian.com/world/2024/mar/04/harbour-pilots-strike';
    const configs = new SiteConfigDirectory(dir, silentLogger);
    const disabled = await normalizeItem(feedItem({ url, contentHtml: BODY }), context({ siteConfigs: configs, disabledRules: ['site-config:strip'] }));
    expect(disabled.contentText).toContain('Explore more on these topics');
    expect(disabled.provenance?.rules.some((r) => r.rule === 'site-config:strip')).toBe(false);
    const other = await normalizeItem(feedItem({ url: 'https://news.example/story', contentHtml: BODY }), context({ siteConfigs: configs }));
    expect(other.contentText).toContain('Explore more on these topics');
  });
});
