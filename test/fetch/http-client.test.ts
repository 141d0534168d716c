import { httpStatusOf } from '../../src/api/error-status.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError } from '../../src/core/errors.js';
import type { HttpClient } from '../../src/fetch/http-client.js';
import { rejectionOf, startServer, testClient, type LocalServer } from './local-server.js';

const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>';

describe('HttpClient.get', () => {
  let server: LocalServer;
  let client: HttpClient;

  beforeAll(async () => {
    server = await startServer((req, res) => {
      const path = req.url ?? '/';
      if (path === '/feed') {
        res.writeHead(200, {
          'content-type': 'application/rss+xml; charset=utf-8',
          etag: '"v1"',
          'last-modified': 'Wed, 01 Jan 2025 00:00:00 GMT',
          'cache-control': 'public, max-age=600',
        });
        res.end(FEED);
      } else if (path === '/conditional') {
        if (req.headers['if-none-match'] === '"v1"') {
          res.writeHead(304, { etag: '"v1"' });
          res.end();
        } else {
          res.writeHead(200, { etag: '"v1"' });
          res.end(FEED);
        }
      } else if (path === '/no-type') {
        res.writeHead(200);
        res.end(FEED);
      } else if (path === '/wrong-type') {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(FEED);
      } else if (path === '/slow') {
        res.writeHead(200, { 'content-type': 'text/xml' });
        const timer = setInterval(() => res.write('x'), 300);
        res.on('close', () => clearInterval(timer));
      } else if (path === '/silent') {
        // Accepts the request and never answers.
      } else if (path === '/loop-a') {
        res.writeHead(302, { location: '/loop-b' });
        res.end();
      } else if (path === '/loop-b') {
        res.writeHead(302, { location: '/loop-a' });
        res.end();
      } else if (path.startsWith('/chain/')) {
        const n = Number(path.slice('/chain/'.length));
        res.writeHead(302, { location: `/chain/${n + 1}` });
        res.end();
      } else if (path === '/moved-301') {
        res.writeHead(301, { location: `http://127.0.0.1:${server.port}/feed` });
        res.end();
      } else if (path === '/moved-308') {
        res.writeHead(308, { location: '/moved-301' });
        res.end();
      } else if (path === '/found-302') {
        res.writeHead(302, { location: '/moved-301' });
        res.end('redirect body');
      } else if (path === '/relative/deep/page') {
        res.writeHead(307, { location: '../../feed' });
        res.end();
      } else if (path === '/to-ftp') {
        res.writeHead(302, { location: 'ftp://127.0.0.1/feed' });
        res.end();
      } else if (path === '/no-location') {
        res.writeHead(302);
        res.end();
      } else if (path === '/429-seconds') {
        res.writeHead(429, { 'retry-after': '120' });
        res.end('slow down');
      } else if (path === '/503-date') {
        res.writeHead(503, { 'retry-after': new Date(Date.now() + 90_000).toUTCString() });
        res.end();
      } else if (path === '/503-bare') {
        res.writeHead(503);
        res.end();
      } else if (path === '/gone') {
        res.writeHead(410);
        res.end();
      } else if (path === '/500') {
        res.writeHead(500);
        res.end('oops');
      } else {
        res.writeHead(404);
        res.end('not here');
      }
    });
    client = testClient();
  });

  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('returns the body, validators and cache lifetime of a 200', async () => {
    const doc = await client.get(server.url('/feed'));
    expect(doc.status).toBe(200);
    expect(new TextDecoder().decode(doc.body)).toBe(FEED);
    expect(doc.requestedUrl).toBe(server.url('/feed'));
    expect(doc.url).toBe(server.url('/feed'));
    expect(doc.contentType).toBe('application/rss+xml; charset=utf-8');
    expect(doc.etag).toBe('"v1"');
    expect(doc.lastModified).toBe('Wed, 01 Jan 2025 00:00:00 GMT');
    expect(doc.maxAgeSeconds).toBe(600);
    expect(doc.permanentRedirect).toBe(false);
    expect(doc.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
  });

  it('reuses keep-alive connections for sequential requests', async () => {
    const fresh = testClient();
    try {
      const before = server.connections();
      for (let i = 0; i < 10; i += 1) expect((await fresh.get(server.url('/feed'))).status).toBe(200);
      // undici may open a second socket while the first is being handed back; never one per request.
      expect(server.connections() - before).toBeLessThanOrEqual(2);
    } finally {
      await fresh.close();
    }
  });

  it('sends the user agent, feed-first Accept and the encodings it can undo', async () => {
    await client.get(server.url('/feed'));
    const headers = server.received.at(-1);
    expect(headers?.['user-agent']).toBe('feedloom-test/1.0');
    expect(headers?.accept?.startsWith('application/rss+xml')).toBe(true);
    expect(headers?.accept).toContain('text/html');
    expect(headers?.['accept-encoding']).toBe('gzip, deflate, br');
    await client.get(server.url('/feed'), { accept: 'text/html' });
    expect(server.received.at(-1)?.accept).toBe('text/html');
  });

  it('sends validators and resolves a 304 with an empty body', async () => {
    const doc = await client.get(server.url('/conditional'), {
      conditional: { etag: '"v1"', lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT' },
    });
    const headers = server.received.at(-1);
    expect(headers?.['if-none-match']).toBe('"v1"');
    expect(headers?.['if-modified-since']).toBe('Wed, 01 Jan 2025 00:00:00 GMT');
    expect(doc.status).toBe(304);
    expect(doc.body.byteLength).toBe(0);
    expect(doc.etag).toBe('"v1"');
  });

  it('sends no validators when it has none', async () => {
    await client.get(server.url('/conditional'), { conditional: { etag: null, lastModified: null } });
    const headers = server.received.at(-1);
    expect(headers?.['if-none-match']).toBeUndefined();
    expect(headers?.['if-modified-since']).toBeUndefined();
  });

  it('returns the bytes whatever the content-type says', async () => {
    const missing = await client.get(server.url('/no-type'));
    expect(missing.contentType).toBeNull();
    expect(new TextDecoder().decode(missing.body)).toBe(FEED);
    const wrong = await client.get(server.url('/wrong-type'));
    expect(wrong.contentType).toBe('image/png');
    expect(wrong.body.byteLength).toBe(FEED.length);
  });

  it('cuts a server that trickles a byte every 300 ms at the total timeout', async () => {
    const err = await rejectionOf(client.get(server.url('/slow'), { timeoutMs: 1000 }));
    expect(err).toBeInstanceOf(FetchError);
    expect(err.code).toBe('TIMEOUT');
    expect(err.url).toBe(server.url('/slow'));
    expect(httpStatusOf(err)).toBe(502);
  });

  it('times out a server that accepts and never answers', async () => {
    const err = await rejectionOf(client.get(server.url('/silent'), { timeoutMs: 500 }));
    expect(err.code).toBe('TIMEOUT');
  });

  it('honours the caller abort signal', async () => {
    const controller = new AbortController();
    const pending = client.get(server.url('/silent'), { signal: controller.signal, timeoutMs: 10_000 });
    setTimeout(() => controller.abort(), 50);
    const err = await rejectionOf(pending);
    expect(err).toBeInstanceOf(FetchError);
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toContain('aborted');
  });

  it('detects a redirect loop', async () => {
    const err = await rejectionOf(client.get(server.url('/loop-a')));
    expect(err.code).toBe('REDIRECT_LOOP');
  });

  it('refuses a redirect chain longer than the maximum', async () => {
    const err = await rejectionOf(client.get(server.url('/chain/0')));
    expect(err.code).toBe('TOO_MANY_REDIRECTS');
    // The original request plus maxRedirects (5) hops were made, and no more.
    expect(server.paths.filter((p) => p.startsWith('/chain/')).slice(-6)).toEqual(['/chain/0', '/chain/1', '/chain/2', '/chain/3', '/chain/4', '/chain/5']);
    expect(server.paths.at(-1)).toBe('/chain/5');
  });

  it('marks a chain of 301/308 as a permanent redirect to the final URL', async () => {
    const doc = await client.get(server.url('/moved-308'));
    expect(doc.status).toBe(200);
    expect(doc.permanentRedirect).toBe(true);
    expect(doc.url).toBe(server.url('/feed'));
    expect(doc.requestedUrl).toBe(server.url('/moved-308'));
  });

  it('does not mark a chain containing a 302 as permanent', async () => {
    const doc = await client.get(server.url('/found-302'));
    expect(doc.url).toBe(server.url('/feed'));
    expect(doc.permanentRedirect).toBe(false);
  });

  it('resolves a relative Location against the current URL', async () => {
    const doc = await client.get(server.url('/relative/deep/page'));
    expect(doc.url).toBe(server.url('/feed'));
    expect(new TextDecoder().decode(doc.body)).toBe(FEED);
  });

  it('refuses a redirect to a non-http scheme and a redirect without Location', async () => {
    expect((await rejectionOf(client.get(server.url('/to-ftp')))).code).toBe('INVALID_URL');
    const missing = await rejectionOf(client.get(server.url('/no-location')));
    expect(missing.code).toBe('BAD_RESPONSE');
    expect(missing.httpStatus).toBe(302);
  });

  it('maps 429 with Retry-After seconds to RATE_LIMITED', async () => {
    const err = await rejectionOf(client.get(server.url('/429-seconds')));
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.httpStatus).toBe(429);
    expect(err.retryAfterSeconds).toBe(120);
  });

  it('maps 503 with a Retry-After date to RATE_LIMITED with seconds from now', async () => {
    const err = await rejectionOf(client.get(server.url('/503-date')));
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.httpStatus).toBe(503);
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(85);
    expect(err.retryAfterSeconds).toBeLessThanOrEqual(90);
    const bare = await rejectionOf(client.get(server.url('/503-bare')));
    expect(bare.code).toBe('RATE_LIMITED');
    expect(bare.retryAfterSeconds).toBeNull();
  });

  it('maps 410 to a permanent GONE, 404 to NOT_FOUND and other statuses to HTTP_ERROR', async () => {
    const gone = await rejectionOf(client.get(server.url('/gone')));
    expect(gone.code).toBe('GONE');
    expect(gone.permanent).toBe(true);
    expect(gone.httpStatus).toBe(410);
    const missing = await rejectionOf(client.get(server.url('/missing')));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.httpStatus).toBe(404);
    const failed = await rejectionOf(client.get(server.url('/500')));
    expect(failed.code).toBe('HTTP_ERROR');
    expect(failed.httpStatus).toBe(500);
    expect(failed.permanent).toBe(false);
  });

  it('reports a refused connection as CONNECT_FAILED', async () => {
    const closed = await startServer(() => undefined);
    const url = closed.url('/feed');
    await closed.close();
    const err = await rejectionOf(client.get(url));
    expect(err.code).toBe('CONNECT_FAILED');
    expect(err.url).toBe(url);
  });

  it('reports an unresolvable name as DNS_FAILED', async () => {
    const err = await rejectionOf(client.get('http://does-not-exist.invalid/feed'));
    expect(err.code).toBe('DNS_FAILED');
  });
});
