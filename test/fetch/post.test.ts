import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../src/fetch/http-client.js';
import { rejectionOf, startServer, testClient, type LocalServer } from './local-server.js';

describe('HttpClient.post', () => {
  let server: LocalServer;
  let client: HttpClient;
  const bodies: string[] = [];

  beforeAll(async () => {
    server = await startServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        bodies.push(body);
        if (req.url === '/hook') {
          res.writeHead(202, { 'x-hook': 'yes' });
          res.end('accepted');
        } else if (req.url === '/moved') {
          res.writeHead(308, { location: '/hook' });
          res.end();
        } else if (req.url === '/fail') {
          res.writeHead(500);
          res.end('x'.repeat(200 * 1024));
        } else if (req.url === '/silent') {
          // Never answers.
        } else {
          res.writeHead(404);
          res.end();
        }
      });
    });
    client = testClient();
  });

  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('sends the body and headers and returns status, headers and body text', async () => {
    const result = await client.post(server.url('/hook'), {
      body: '{"type":"article.created"}',
      headers: { 'Content-Type': 'application/json', 'webhook-id': 'msg_1' },
      timeoutMs: 1000,
    });
    expect(result.status).toBe(202);
    expect(result.headers['x-hook']).toBe('yes');
    expect(result.bodyText).toBe('accepted');
    expect(bodies.at(-1)).toBe('{"type":"article.created"}');
    const sent = server.received.at(-1);
    expect(sent?.['content-type']).toBe('application/json');
    expect(sent?.['webhook-id']).toBe('msg_1');
    expect(sent?.['user-agent']).toBe('feedloom-test/1.0');
  });

  it('does not follow redirects and resolves error statuses', async () => {
    const before = server.paths.length;
    const moved = await client.post(server.url('/moved'), { body: 'x', headers: {}, timeoutMs: 1000 });
    expect(moved.status).toBe(308);
    expect(moved.headers.location).toBe('/hook');
    expect(server.paths.length).toBe(before + 1);
    const failed = await client.post(server.url('/fail'), { body: 'x', headers: {}, timeoutMs: 1000 });
    expect(failed.status).toBe(500);
    expect(failed.bodyText.length).toBe(64 * 1024);
  });

  it('throws TIMEOUT, BLOCKED_ADDRESS and CONNECT_FAILED as FetchError', async () => {
    expect((await rejectionOf(client.post(server.url('/silent'), { body: 'x', headers: {}, timeoutMs: 300 }))).code).toBe('TIMEOUT');
    expect((await rejectionOf(client.post('http://169.254.169.254/hook', { body: 'x', headers: {}, timeoutMs: 300 }))).code).toBe('BLOCKED_ADDRESS');
    const guarded = testClient({ allowHosts: [] });
    try {
      expect((await rejectionOf(guarded.post(`http://localhost:${server.port}/hook`, { body: 'x', headers: {}, timeoutMs: 300 }))).code).toBe('BLOCKED_ADDRESS');
    } finally {
      await guarded.close();
    }
    const closed = await startServer(() => undefined);
    const url = closed.url('/hook');
    await closed.close();
    expect((await rejectionOf(client.post(url, { body: 'x', headers: {}, timeoutMs: 300 }))).code).toBe('CONNECT_FAILED');
  });
});
