/**
 * Per-feed request options (headers, user agent, basic auth with the password
 * write-only and sealed at rest) and the bulk trigger POST /v1/feeds/fetch,
 * through the API and a real fetch worker against a local server.
 */
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { httpClientFor } from '../../src/fetch/from-config.js';
import type { FetchJobData } from '../../src/queue/queues.js';
import { fetchProcessor } from '../../workers/fetch.js';
import { startServer, type LocalServer } from '../fetch/local-server.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { useTestApi } from './harness.js';

const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>Private</title><link>https://news.example/</link>
<item><guid>p1</guid><title>Members only</title></item></channel></rss>`;
const AUTH = `Basic ${Buffer.from('reader:s3cret pass').toString('base64')}`;

describe.each(TEST_DIALECTS)('per-feed request options on %s', (dialect) => {
  const api = useTestApi({ dialect, env: { ALLOW_HOSTS: '127.0.0.1' } });
  let server: LocalServer;
  let elsewhere: LocalServer;
  let run: ReturnType<typeof fetchProcessor>;

  beforeAll(async () => {
    elsewhere = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED);
    });
    server = await startServer((req, res) => {
      if (req.url === '/moved.xml') {
        res.writeHead(302, { location: elsewhere.url('/feed.xml') }).end();
        return;
      }
      if (req.headers.authorization !== AUTH) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="feed"' }).end('who are you?');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED);
    });
    run = fetchProcessor({ config: api.config, store: api.store, queues: api.queues, http: httpClientFor(api.config), log: silentLogger });
  });
  afterAll(async () => {
    await server.close();
    await elsewhere.close();
  });

  const options = {
    headers: { 'X-Api-Key': 'k-123', Accept: 'application/rss+xml' },
    userAgent: 'MyReader/2.0 (+https://reader.example)',
    basicAuth: { username: 'reader', password: 's3cret pass' },
  };

  it('registers a protected feed with its options, shows them without the password, and sends them', async () => {
    const created = await api.call({ method: 'POST', url: '/v1/feeds', payload: { url: server.url('/private.xml'), fetch: options } });
    expect(created.statusCode).toBe(201);
    expect(created.body).not.toContain('s3cret');
    const feed = created.json<{ id: string; title: string; fetch: unknown }>();
    expect(feed.title).toBe('Private');
    expect(feed.fetch).toEqual({
      headers: { 'x-api-key': 'k-123', accept: 'application/rss+xml' },
      userAgent: 'MyReader/2.0 (+https://reader.example)',
      basicAuth: { username: 'reader' },
    });

    const state = await api.store.feeds.getFetchState(feed.id);
    const sealed = state?.request?.basicAuth?.sealedPassword ?? '';
    expect(sealed).toMatch(/^fl1:/);
    expect(sealed).not.toContain('s3cret');

    const seen = server.received.length;
    expect(await run({ id: 'j1', data: { feedId: feed.id, manual: true } } as Job<FetchJobData>)).toBe('ok');
    const sent = server.received[seen];
    expect(sent).toMatchObject({ authorization: AUTH, 'x-api-key': 'k-123', 'user-agent': 'MyReader/2.0 (+https://reader.example)' });
    expect((await api.call({ method: 'GET', url: `/v1/feeds/${feed.id}` })).body).not.toContain('s3cret');
  });

  it('keeps the stored password on a PATCH that leaves it out, and removes the options with null', async () => {
    const created = await api.call({ method: 'POST', url: '/v1/feeds', payload: { url: server.url('/private2.xml'), fetch: options } });
    const { id } = created.json<{ id: string }>();
    const patched = await api.call({ method: 'PATCH', url: `/v1/feeds/${id}`, payload: { fetch: { userAgent: null, basicAuth: { username: 'reader' } } } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ fetch: { userAgent: null, basicAuth: { username: 'reader' } } });
    expect(await run({ id: 'j2', data: { feedId: id, manual: true } } as Job<FetchJobData>)).toBe('ok');

    const otherUser = await api.call({ method: 'PATCH', url: `/v1/feeds/${id}`, payload: { fetch: { basicAuth: { username: 'someone' } } } });
    expect(otherUser.json()).toMatchObject({ statusCode: 400, code: 'INVALID_FETCH_OPTIONS' });

    const cleared = await api.call({ method: 'PATCH', url: `/v1/feeds/${id}`, payload: { fetch: null } });
    expect(cleared.json()).toMatchObject({ fetch: { headers: {}, userAgent: null, basicAuth: null } });
    expect(await run({ id: 'j3', data: { feedId: id, manual: true } } as Job<FetchJobData>)).toBe('failed');
    expect(await api.call({ method: 'GET', url: `/v1/feeds/${id}` }).then((r) => r.json())).toMatchObject({ lastStatus: 401 });
  });

  it('never sends the credentials or headers across a redirect to another origin', async () => {
    const created = await api.call({ method: 'POST', url: '/v1/feeds', payload: { url: server.url('/moved.xml'), fetch: options } });
    expect(created.statusCode).toBe(201);
    const arrived = elsewhere.received.at(-1);
    expect(arrived?.authorization).toBeUndefined();
    expect(arrived?.['x-api-key']).toBeUndefined();
    expect(arrived?.['user-agent']).not.toContain('MyReader');
  });

  it.each([
    ['a hop-by-hop header', { headers: { Connection: 'close' } }, 'INVALID_FETCH_OPTIONS'],
    ['Host', { headers: { Host: 'other.example' } }, 'INVALID_FETCH_OPTIONS'],
    ['Authorization in headers', { headers: { Authorization: 'Bearer x' } }, 'INVALID_FETCH_OPTIONS'],
    ['a header name with a space', { headers: { 'X Bad': '1' } }, 'INVALID_FETCH_OPTIONS'],
    ['a line break in a value', { headers: { 'X-Ok': 'a\r\nInjected: 1' } }, 'INVALID_FETCH_OPTIONS'],
    ['too many headers', { headers: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`x-h${i}`, '1'])) }, 'VALIDATION_ERROR'],
    ['a value too long', { headers: { 'X-Long': 'x'.repeat(2_001) } }, 'VALIDATION_ERROR'],
    ['a colon in the user name', { basicAuth: { username: 'a:b', password: 'p' } }, 'INVALID_FETCH_OPTIONS'],
    ['basic auth without a password', { basicAuth: { username: 'reader' } }, 'INVALID_FETCH_OPTIONS'],
    ['an unknown field', { proxy: 'http://p.example' }, 'VALIDATION_ERROR'],
  ])('refuses %s with a 400', async (_what, fetch, code) => {
    const res = await api.call({ method: 'POST', url: '/v1/feeds', payload: { url: server.url('/refused.xml'), fetch } });
    expect(res.json()).toMatchObject({ statusCode: 400, code });
    expect(await api.store.feeds.findByUrl(server.url('/refused.xml'))).toBeNull();
  });
});

describe('bulk fetch trigger', () => {
  const api = useTestApi({ env: { ALLOW_HOSTS: '127.0.0.1' } });
  let server: LocalServer;

  beforeAll(async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED);
    });
  });
  afterAll(async () => {
    await server.close();
  });

  async function register(path: string, tags: string[]): Promise<string> {
    const res = await api.call({ method: 'POST', url: '/v1/feeds', payload: { url: server.url(path), tags } });
    return res.json<{ id: string }>().id;
  }

  it('queues every named feed in one request and names the unknown ids', async () => {
    const a = await register('/a.xml', ['news']);
    const b = await register('/b.xml', []);
    await api.queues.fetch.obliterate({ force: true });
    const res = await api.call({ method: 'POST', url: '/v1/feeds/fetch', payload: { ids: [a, b, 'nope'] } });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ count: 2, jobIds: [`fetch-${a}`, `fetch-${b}`], notFound: ['nope'] });
    const queued = await api.queues.fetch.getJobs(['waiting', 'prioritized', 'delayed']);
    expect(queued.map((job) => job.data)).toEqual(expect.arrayContaining([{ feedId: a, manual: true }, { feedId: b, manual: true }]));
    const feed = await api.store.feeds.get(a);
    expect(Date.parse(feed?.nextFetchAt ?? '')).toBeLessThanOrEqual(Date.now());
  });

  it('queues every feed with a tag', async () => {
    const c = await register('/c.xml', ['sports', 'daily']);
    const d = await register('/d.xml', ['sports']);
    await register('/e.xml', ['other']);
    const res = await api.call({ method: 'POST', url: '/v1/feeds/fetch', payload: { tag: 'sports' } });
    expect(res.statusCode).toBe(202);
    const body = res.json<{ count: number; jobIds: string[] }>();
    expect(body.count).toBe(2);
    expect(body.jobIds.sort()).toEqual([`fetch-${c}`, `fetch-${d}`].sort());
  });

  it('refuses neither or both of ids and tag, and an empty list', async () => {
    for (const payload of [{}, { ids: ['x'], tag: 'news' }, { ids: [] }, { tags: 'x' }]) {
      const res = await api.call({ method: 'POST', url: '/v1/feeds/fetch', payload });
      expect(res.statusCode).toBe(400);
    }
  });
});
