import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError } from '../../src/core/errors.js';
import type { HttpClient } from '../../src/fetch/http-client.js';
import { rejectionOf, startServer, testClient, type LocalServer } from './local-server.js';

const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>';

// A server that drops the connection before answering: what a reused keep-alive socket meets when the
// server closed it at the same moment.
describe('a connection closed before any answer', () => {
  let server: LocalServer;
  let client: HttpClient;
  const seen = new Map<string, number>();

  beforeAll(async () => {
    server = await startServer((req, res) => {
      const path = req.url ?? '/';
      const count = (seen.get(path) ?? 0) + 1;
      seen.set(path, count);
      if (path === '/always-drops' || (path === '/drops-once' && count === 1)) {
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(FEED);
    });
    client = testClient();
  });

  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('sends a GET again once, on a new connection, and returns the answer', async () => {
    const doc = await client.get(server.url('/drops-once'));
    expect(doc.status).toBe(200);
    expect(new TextDecoder().decode(doc.body)).toBe(FEED);
    expect(seen.get('/drops-once')).toBe(2);
  });

  it('gives up after the second try with CONNECT_FAILED', async () => {
    const err = await rejectionOf(client.get(server.url('/always-drops')));
    expect(err).toBeInstanceOf(FetchError);
    expect(err.code).toBe('CONNECT_FAILED');
    expect(seen.get('/always-drops')).toBe(2);
  });

  it('never sends a POST twice', async () => {
    const before = seen.get('/always-drops') ?? 0;
    const err = await rejectionOf(client.post(server.url('/always-drops'), { body: '{}', headers: { 'content-type': 'application/json' }, timeoutMs: 1500 }));
    expect(err.code).toBe('CONNECT_FAILED');
    expect(seen.get('/always-drops')).toBe(before + 1);
  });
});
