/**
 * Publishing to a real WordPress (test/wordpress/wp-up.sh on port 8091, fresh for this file): destinations are
 * checked at creation, each article becomes exactly one post whatever is lost
 * on the way, updates land on the same post, a featured image is uploaded
 * once, a 4xx fails at once with WordPress' message and a 5xx is retried.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { escapeUTF8 } from 'entities';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectingLogger } from '../helpers/logs.js';
import type { Article } from '../../src/core/model.js';
import { secretBoxFor } from '../../src/core/secret-box.js';
import type { RunningService } from '../../src/service.js';
import type { Delivery } from '../../src/store/types.js';
import { startTestApi } from '../api/harness.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../helpers/databases.js';
import { listen, startFeedServer, waitFor, type FeedServer, type Listening } from '../helpers/http-servers.js';
import { apiClient, flushPrefix, startTestService, testConfig } from '../helpers/service.js';
import { postsBySlug, startWordPressProxy, wordpressSite, type WordPressPost, type WordPressProxy, type WordPressSite } from '../helpers/wordpress.js';

const WP_PORT = 8091;
// A valid 1×1 PNG: WordPress checks uploads with getimagesize.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

interface Item {
  guid: string;
  title: string;
  body: string;
  categories?: string[];
  image?: string;
}

function feedXml(items: Item[]): string {
  const entries = items
    .map(
      (item, i) => `<item>
  <title>${escapeUTF8(item.title)}</title>
  <link>https://news.example/${item.guid}</link>
  <guid isPermaLink="false">${item.guid}</guid>
  <pubDate>${new Date(Date.UTC(2026, 10, 1 + i, 10)).toUTCString()}</pubDate>
  ${(item.categories ?? []).map((c) => `<category>${c}</category>`).join('')}
  ${item.image ? `<media:content url="${item.image}" medium="image" type="image/png"/>` : ''}
  <content:encoded><![CDATA[${item.body}]]></content:encoded>
</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Harbour News</title><link>https://news.example/</link><description>x</description>
${entries}
</channel></rss>`;
}

function story(run: string, n: number, extra: Partial<Item> = {}): Item {
  return {
    guid: `${run}-${n}`,
    title: `Harbour story ${n} ${run}`,
    body: `<p>Story ${n} of run ${run} is long enough to be an article about the boats that came into the harbour this week and what they carried.</p>`,
    ...extra,
  };
}

interface ImageServer extends Listening {
  hits: Map<string, number>;
}

async function startImageServer(): Promise<ImageServer> {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path.startsWith('/missing')) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length }).end(PNG);
  });
  return { ...(await listen(server)), hits };
}

type DestinationDelivery = Delivery & { remoteId: string | null; remoteUrl: string | null };

describe.each(TEST_DIALECTS)('publishing to WordPress on %s', (dialect) => {
  let site: WordPressSite;
  let db: TestDatabase;
  let service: RunningService;
  let feeds: FeedServer;
  let images: ImageServer;
  let api: ReturnType<typeof apiClient>;
  const proxies: WordPressProxy[] = [];
  const run = randomBytes(4).toString('hex');

  beforeAll(async () => {
    site = await wordpressSite(WP_PORT);
    db = await createTestDatabase(dialect);
    feeds = await startFeedServer();
    images = await startImageServer();
    service = await startTestService(
      testConfig(db.url, {
        ALLOW_HOSTS: '127.0.0.1',
        WEBHOOK_BACKOFF_BASE_MS: '100',
        WEBHOOK_BACKOFF_MAX_MS: '300',
        WEBHOOK_MAX_ATTEMPTS: '5',
        WORDPRESS_TIMEOUT_MS: '15000',
        JOB_LOCK_MS: '30000',
      }),
    );
    api = apiClient(service.url!);
  }, 300_000);

  afterAll(async () => {
    await service?.close();
    if (service) await flushPrefix(service.config.queuePrefix);
    for (const proxy of proxies) await proxy.close();
    await feeds?.close();
    await images?.close();
    await db?.cleanup();
  });

  async function proxy(): Promise<WordPressProxy> {
    const p = await startWordPressProxy(site);
    proxies.push(p);
    return p;
  }

  async function createDestination(body: Record<string, unknown>) {
    return api.post<Record<string, unknown> & { id: string; code?: string; message?: string }>('/v1/destinations', {
      type: 'wordpress',
      url: site.url,
      username: site.username,
      applicationPassword: site.password,
      ...body,
    });
  }

  async function register(path: string, items: Item[]): Promise<string> {
    feeds.set(path, feedXml(items));
    const res = await api.post<{ id: string }>('/v1/feeds', { url: `${feeds.base}${path}` });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function deliveries(destinationId: string): Promise<DestinationDelivery[]> {
    const res = await api.get<{ items: DestinationDelivery[] }>(`/v1/destinations/${destinationId}/deliveries?limit=200`);
    expect(res.status).toBe(200);
    return res.body.items;
  }

  async function settled(destinationId: string, count: number, what: string): Promise<DestinationDelivery[]> {
    return waitFor(
      async () => {
        const all = await deliveries(destinationId);
        return all.length === count && all.every((d) => d.status !== 'pending') ? all : undefined;
      },
      90_000,
      what,
    );
  }

  async function articlesOf(feedId: string, count: number): Promise<Article[]> {
    return waitFor(async () => {
      const res = await api.get<{ items: Article[] }>(`/v1/articles?feedId=${feedId}`);
      return res.body.items.length === count ? res.body.items : undefined;
    }, 60_000, `${count} articles`);
  }

  /** The post an article became, found by the slug key and checked to be alone. */
  async function onlyPostOf(delivery: DestinationDelivery): Promise<WordPressPost> {
    const post = await site.request<WordPressPost>('GET', `posts/${delivery.remoteId}?context=edit`);
    const sameSlug = await postsBySlug(site, post.slug);
    expect(sameSlug.map((p) => p.id)).toEqual([post.id]);
    return post;
  }

  describe('creation checks the site', () => {
    it('accepts a good site and never returns the password', async () => {
      const res = await createDestination({ status: 'draft', enabled: undefined });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ type: 'wordpress', url: `${site.url}/`, username: site.username, status: 'draft', copyCategories: true, copyTags: false, featuredImage: true, template: '{{contentHtml}}', enabled: true });
      expect(JSON.stringify(res.body)).not.toContain(site.password);
      const listed = await api.get<{ items: unknown[] }>('/v1/destinations');
      expect(JSON.stringify(listed.body)).not.toContain(site.password);
      const stored = await service.store.destinations.getWithCredentials(res.body.id);
      expect(stored!.passwordSealed).not.toContain(site.password);
      expect(secretBoxFor(service.config).open(stored!.passwordSealed)).toBe(site.password);
      expect((await api.delete(`/v1/destinations/${res.body.id}`)).status).toBe(204);
    });

    it('refuses a wrong password with WORDPRESS_AUTH', async () => {
      const res = await createDestination({ applicationPassword: 'aaaa bbbb cccc dddd eeee ffff' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('WORDPRESS_AUTH');
    });

    it('refuses a site without the REST API with NOT_WORDPRESS', async () => {
      feeds.set('/index.html', '<html><head><title>Not a blog</title></head><body>hello</body></html>', 'text/html');
      const res = await createDestination({ url: `${feeds.base}/index.html` });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('NOT_WORDPRESS');
    });

    it('refuses an unreachable site with WORDPRESS_UNREACHABLE', async () => {
      const closed = await listen(createServer());
      await closed.close();
      const res = await createDestination({ url: closed.base });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('WORDPRESS_UNREACHABLE');
    });

    it('refuses unknown fields, unknown placeholders and private addresses', async () => {
      expect((await createDestination({ colour: 'blue' })).status).toBe(400);
      const template = await createDestination({ template: '{{contentHtml}} {{sauce}}' });
      expect(template.status).toBe(400);
      expect(template.body.code).toBe('INVALID_TEMPLATE');
      const ssrf = await createDestination({ url: 'http://10.1.2.3/' });
      expect(ssrf.status).toBe(400);
      expect(ssrf.body.code).not.toMatch(/^WORDPRESS/);
      expect((await api.get('/v1/destinations/nope')).status).toBe(404);
    });
  });

  it('publishes each article once, with categories, tags, template and one upload per image; an update edits the same post', async () => {
    const destination = await createDestination({
      status: 'publish',
      categories: [`Imported ${run}`],
      copyCategories: true,
      copyTags: true,
      featuredImage: true,
      template: '{{contentHtml}}<p class="src">Source: <a href="{{url}}">{{source.feedTitle}}</a> — {{title}}</p>',
    });
    expect(destination.status).toBe(201);
    const shared = `${images.base}/shared-${run}.png`;
    const items = [
      story(run, 1, { categories: [`Boats ${run}`], image: shared, body: `<p><img src="${shared}" alt="A red boat ${run}"></p><p>Story one of run ${run} is long enough to be an article about the boats that came into the harbour this week.</p>` }),
      story(run, 2, { categories: [`Boats ${run}`, `Weather ${run}`], image: shared }),
      story(run, 3, { title: `Fish & <chips> ${run}`, image: `${images.base}/missing-${run}.png` }),
    ];
    const feedId = await register(`/pub-${run}.xml`, items);
    await articlesOf(feedId, 3);
    const done = await settled(destination.body.id, 3, 'three deliveries');
    expect(done.map((d) => d.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);

    const posts = await Promise.all(done.map((d) => onlyPostOf(d)));
    const byTitle = new Map(posts.map((p) => [p.title.raw ?? '', p]));
    const first = byTitle.get(`Harbour story 1 ${run}`)!;
    const second = byTitle.get(`Harbour story 2 ${run}`)!;
    const third = byTitle.get(`Fish &amp; &lt;chips&gt; ${run}`);
    expect(third, [...byTitle.keys()].join(' | ')).toBeDefined();
    expect(first.status).toBe('publish');
    expect(first.content.raw).toContain('class="src">Source: <a href="https://news.example/');
    expect(first.content.raw).toContain('Harbour News');

    const categories = await site.request<{ id: number; name: string }[]>('GET', `categories?search=${run}&per_page=100`);
    const categoryId = (name: string) => categories.find((c) => c.name === name)?.id;
    expect(categories.filter((c) => c.name === `Imported ${run}`)).toHaveLength(1);
    expect(second.categories.sort()).toEqual([categoryId(`Imported ${run}`), categoryId(`Boats ${run}`), categoryId(`Weather ${run}`)].sort());
    const tags = await site.request<{ id: number; name: string }[]>('GET', `tags?search=${run}&per_page=100`);
    expect(second.tags.sort()).toEqual(tags.filter((t) => [`Boats ${run}`, `Weather ${run}`].includes(t.name)).map((t) => t.id).sort());

    // One image, two articles: one download, one media item, both posts point at it, with the body's alt text.
    expect(first.featured_media).toBeGreaterThan(0);
    expect(second.featured_media).toBe(first.featured_media);
    expect(images.hits.get(`/shared-${run}.png`)).toBe(1);
    const media = await site.request<{ alt_text: string }>('GET', `media/${first.featured_media}?context=edit`);
    expect(media.alt_text).toBe(`A red boat ${run}`);
    // An image that cannot be had does not hold the post back.
    expect(third!.featured_media).toBe(0);
    expect(done.find((d) => d.remoteId === String(third!.id))!.lastError).toMatch(/missing-.*404/);

    // The source edits story 2: article.updated → the same post, new content.
    items[1] = { ...items[1]!, body: `<p>Story 2 of run ${run} was corrected: the boats came in on Tuesday, not Monday, and carried timber for the new pier.</p>` };
    feeds.set(`/pub-${run}.xml`, feedXml(items));
    expect((await api.post(`/v1/feeds/${feedId}/fetch`)).status).toBe(202);
    const afterUpdate = await settled(destination.body.id, 4, 'the update delivery');
    const update = afterUpdate.find((d) => d.event === 'article.updated')!;
    expect(update.status).toBe('succeeded');
    expect(update.remoteId).toBe(String(second.id));
    const edited = await onlyPostOf(update);
    expect(edited.content.raw).toContain('carried timber for the new pier');
    expect((await api.delete(`/v1/destinations/${destination.body.id}`)).status).toBe(204);
  });

  it('makes one post when the answer to the create is lost', async () => {
    const front = await proxy();
    let dropped = false;
    front.rule = (req) => {
      if (!dropped && req.method === 'POST' && /\/wp\/v2\/posts(\?|$)/.test(req.url ?? '')) {
        dropped = true;
        return 'forward-then-drop';
      }
      return 'forward';
    };
    const destination = await createDestination({ url: front.base, status: 'draft', featuredImage: false });
    expect(destination.status).toBe(201);
    const feedId = await register(`/lost-${run}.xml`, [story(run, 10)]);
    await articlesOf(feedId, 1);
    const [delivery] = await settled(destination.body.id, 1, 'the delivery after a lost answer');
    expect(front.lost).toHaveLength(1);
    expect(delivery!.status).toBe('succeeded');
    expect(delivery!.attempts).toBe(2);
    const post = await onlyPostOf(delivery!);
    expect(post.status).toBe('draft');
    expect((await api.delete(`/v1/destinations/${destination.body.id}`)).status).toBe(204);
  });

  it('retries a 5xx and fails a 4xx at once with WordPress’ message, then a manual retry succeeds', async () => {
    const front = await proxy();
    let refusals = 2;
    front.rule = (req) => {
      if (refusals > 0 && req.method === 'POST' && /\/wp\/v2\/posts/.test(req.url ?? '')) {
        refusals -= 1;
        return { status: 503, body: '{"code":"overloaded","message":"try later"}' };
      }
      return 'forward';
    };
    const flaky = await createDestination({ url: front.base, featuredImage: false });
    expect(flaky.status).toBe(201);
    const good = await createDestination({ featuredImage: false });
    // The password is revoked on the site's side after creation: every call now gets WordPress' 401.
    const box = secretBoxFor(service.config);
    await service.store.destinations.update(good.body.id, { passwordSealed: box.seal('xxxx xxxx xxxx xxxx xxxx xxxx') });

    const feedId = await register(`/errors-${run}.xml`, [story(run, 20)]);
    await articlesOf(feedId, 1);
    const [retried] = await settled(flaky.body.id, 1, 'the 5xx delivery');
    expect(retried!.status).toBe('succeeded');
    expect(retried!.attempts).toBe(3);
    await onlyPostOf(retried!);

    const [refused] = await settled(good.body.id, 1, 'the 4xx delivery');
    expect(refused!.status).toBe('failed');
    expect(refused!.attempts).toBe(1);
    // Signed out, WordPress refuses the first call (the create, a slug lookup with status=any, or a term lookup): 400 or 401, its own words.
    expect([400, 401]).toContain(refused!.lastStatus);
    expect(refused!.lastError).toMatch(/WordPress (GET|POST) .* answered HTTP 40[01] rest_\w+: /);

    const fixed = await api.patch(`/v1/destinations/${good.body.id}`, { applicationPassword: site.password });
    expect(fixed.status).toBe(200);
    const retry = await api.post(`/v1/destinations/${good.body.id}/deliveries/${refused!.id}/retry`);
    expect(retry.status).toBe(202);
    const [again] = await settled(good.body.id, 1, 'the manual retry');
    expect(again!.status).toBe('succeeded');
    // Two destinations on one site: one post each, never more.
    expect(again!.remoteId).not.toBe(retried!.remoteId);
    await onlyPostOf(again!);
    await api.delete(`/v1/destinations/${flaky.body.id}`);
    await api.delete(`/v1/destinations/${good.body.id}`);
  });
});

describe('publishing to WordPress with a worker killed mid-delivery', () => {
  let site: WordPressSite;
  let db: TestDatabase;
  let feeds: FeedServer;
  let front: WordPressProxy;
  const services: RunningService[] = [];
  let child: ChildProcess | null = null;
  const run = randomBytes(4).toString('hex');

  beforeAll(async () => {
    site = await wordpressSite(WP_PORT);
    db = await createTestDatabase('sqlite');
    feeds = await startFeedServer();
    front = await startWordPressProxy(site);
  }, 300_000);

  afterAll(async () => {
    child?.kill('SIGKILL');
    for (const service of services) await service.close();
    if (services[0]) await flushPrefix(services[0].config.queuePrefix);
    await front?.close();
    await feeds?.close();
    await db?.cleanup();
  });

  it('makes one post: the next worker finds the post the killed one created', async () => {
    // The lock must outlive a stall of this shared machine, and expire within the test once the worker is dead.
    const env = { ALLOW_HOSTS: '127.0.0.1', JOB_LOCK_MS: '8000', WORDPRESS_TIMEOUT_MS: '60000' };
    const config = testConfig(db.url, env);
    const main = await startTestService(config, { queues: ['fetch', 'article'] });
    services.push(main);
    const api = apiClient(main.url!);

    // WordPress creates the post; its answer never reaches the worker, which is killed while waiting for it.
    let held = false;
    front.rule = (req) => {
      if (!held && req.method === 'POST' && /\/wp\/v2\/posts(\?|$)/.test(req.url ?? '')) {
        held = true;
        return 'hold';
      }
      return 'forward';
    };
    child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'worker', '--queues', 'deliver'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: {
        ...process.env,
        ...env,
        DATABASE_URL: config.databaseUrl,
        REDIS_URL: config.redisUrl,
        QUEUE_PREFIX: config.queuePrefix,
        LOG_LEVEL: 'silent',
      },
      stdio: 'ignore',
    });

    const destination = await api.post<{ id: string }>('/v1/destinations', {
      type: 'wordpress',
      url: front.base,
      username: site.username,
      applicationPassword: site.password,
      featuredImage: false,
    });
    expect(destination.status).toBe(201);
    feeds.set(`/killed-${run}.xml`, feedXml([story(run, 30)]));
    expect((await api.post('/v1/feeds', { url: `${feeds.base}/killed-${run}.xml` })).status).toBe(201);

    await waitFor(() => front.lost.length === 1, 90_000, 'WordPress to create the post for the doomed worker');
    const doomed = child;
    const exited = new Promise((resolve) => doomed.once('exit', resolve));
    doomed.kill('SIGKILL');
    await exited;
    child = null;

    // A healthy worker takes the stalled job over once the dead one's lock expires.
    services.push(await startTestService({ ...config, port: 0 }, { api: false, queues: ['deliver'], scheduler: false }));
    const delivery = await waitFor(async () => {
      const res = await api.get<{ items: DestinationDelivery[] }>(`/v1/destinations/${destination.body.id}/deliveries`);
      const [only] = res.body.items;
      return res.body.items.length === 1 && only?.status === 'succeeded' ? only : undefined;
    }, 90_000, 'the delivery to be taken over');
    // The killed attempt never recorded itself; the one that did found the post by its slug.
    expect(delivery.attempts).toBe(1);
    const post = await site.request<WordPressPost>('GET', `posts/${delivery.remoteId}?context=edit`);
    expect((await postsBySlug(site, post.slug)).map((p) => p.id)).toEqual([post.id]);
    const creates = front.seen.filter((s) => /^POST \/wp-json\/wp\/v2\/posts(\?|$)/.test(s));
    expect(creates).toHaveLength(1);
  });
});

describe('the application password at rest and in logs', () => {
  let site: WordPressSite;
  let db: TestDatabase;
  let feeds: FeedServer;

  beforeAll(async () => {
    site = await wordpressSite(WP_PORT);
    db = await createTestDatabase('sqlite');
    feeds = await startFeedServer();
  }, 300_000);
  afterAll(async () => {
    await feeds?.close();
    await db?.cleanup();
  });

  it('is never logged (a whole run at trace level, no redaction) nor shown, and is refused in production without SECRET_KEY', async () => {
    // No redaction configured: the password must not reach a log call at all.
    const { log, lines } = collectingLogger({ level: 'trace' });
    const config = testConfig(db.url, { ALLOW_HOSTS: '127.0.0.1', SECRET_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: 'trace' });
    const service = await startTestService(config, {}, log);
    const run = randomBytes(4).toString('hex');
    try {
      const api = apiClient(service.url!);
      const body = { type: 'wordpress', url: site.url, username: site.username, applicationPassword: site.password, featuredImage: false };
      expect((await api.post('/v1/destinations', { ...body, applicationPassword: `${site.password}x` })).status).toBe(400);
      const created = await api.post<{ id: string }>('/v1/destinations', body);
      expect(created.status).toBe(201);
      feeds.set(`/secret-${run}.xml`, feedXml([story(run, 40)]));
      expect((await api.post('/v1/feeds', { url: `${feeds.base}/secret-${run}.xml` })).status).toBe(201);
      await waitFor(async () => {
        const res = await api.get<{ items: DestinationDelivery[] }>(`/v1/destinations/${created.body.id}/deliveries`);
        return res.body.items[0]?.status === 'succeeded';
      }, 90_000, 'the post');
      const shown = JSON.stringify([
        await api.get('/v1/destinations'),
        await api.get(`/v1/destinations/${created.body.id}`),
        await api.get(`/v1/destinations/${created.body.id}/deliveries`),
        await api.patch(`/v1/destinations/${created.body.id}`, { applicationPassword: site.password }),
      ]);
      const all = lines.join('');
      expect(lines.length).toBeGreaterThan(20);
      const spellings = [site.password, site.password.replace(/\s+/g, ''), Buffer.from(`${site.username}:${site.password}`).toString('base64')];
      for (const leaked of spellings) {
        expect(shown).not.toContain(leaked);
        expect(all).not.toContain(leaked);
      }
    } finally {
      await service.close();
      await flushPrefix(config.queuePrefix);
    }

    const production = await startTestApi({ env: { NODE_ENV: 'production', ALLOW_HOSTS: '127.0.0.1' } });
    try {
      const res = await production.call({
        method: 'POST',
        url: '/v1/destinations',
        payload: { type: 'wordpress', url: site.url, username: site.username, applicationPassword: site.password },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'SECRET_KEY_REQUIRED' });
      expect(await production.store.destinations.list()).toEqual([]);
    } finally {
      await production.close();
    }
  });
});
