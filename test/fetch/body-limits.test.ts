import { brotliCompressSync, constants, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../src/fetch/http-client.js';
import { rejectionOf, startServer, testClient, type LocalServer } from './local-server.js';

const MiB = 1024 * 1024;
const TEXT = '<rss><channel><title>Compressed feed</title></channel></rss>'.repeat(50);
const zeros = Buffer.alloc(64 * MiB);
const gzipBomb = gzipSync(zeros, { level: 9 });
const brotliBomb = brotliCompressSync(zeros, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });

describe('HttpClient body limits and content-encoding', () => {
  let server: LocalServer;
  let client: HttpClient;
  let streamedBytes = 0;

  beforeAll(async () => {
    server = await startServer((req, res) => {
      const path = req.url ?? '/';
      const send = (encoding: string, body: Buffer): void => {
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': encoding });
        res.end(body);
      };
      if (path === '/declared-huge') {
        res.writeHead(200, { 'content-length': String(50 * MiB) });
        res.write(Buffer.alloc(1024));
      } else if (path === '/endless') {
        // 50 MB sent as fast as the client reads, no length declared.
        res.writeHead(200, { 'content-type': 'text/xml' });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        let sent = 0;
        const pump = (): void => {
          while (sent < 50 * MiB && !res.destroyed) {
            sent += chunk.length;
            streamedBytes = sent;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          res.end();
        };
        pump();
      } else if (path === '/gzip-bomb') send('gzip', gzipBomb);
      else if (path === '/br-bomb') send('br', brotliBomb);
      else if (path === '/gzip') send('gzip', gzipSync(TEXT));
      else if (path === '/br') send('br', brotliCompressSync(TEXT));
      else if (path === '/deflate') send('deflate', deflateSync(TEXT));
      else if (path === '/raw-deflate') send('deflate', deflateRawSync(TEXT));
      else if (path === '/gzip-then-br') send('gzip, br', brotliCompressSync(gzipSync(TEXT)));
      else if (path === '/corrupt-gzip') send('gzip', Buffer.from('this is not gzip at all'));
      else if (path === '/compress') send('compress', Buffer.from(TEXT));
      else if (path === '/exact') {
        res.writeHead(200);
        res.end(Buffer.alloc(1024, 0x62));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    client = testClient({ maxBytes: MiB });
  });

  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('refuses a declared Content-Length above the cap without reading it', async () => {
    const err = await rejectionOf(client.get(server.url('/declared-huge')));
    expect(err.code).toBe('TOO_LARGE');
    expect(err.url).toBe(server.url('/declared-huge'));
  });

  it('cuts an undeclared 50 MB stream soon after the cap', async () => {
    const err = await rejectionOf(client.get(server.url('/endless')));
    expect(err.code).toBe('TOO_LARGE');
    // Socket buffers hold a few MiB at most; the server never got to send the 50 MB.
    expect(streamedBytes).toBeLessThan(16 * MiB);
  });

  it('refuses a gzip bomb by counting decoded bytes', async () => {
    expect(gzipBomb.length).toBeLessThan(MiB);
    const err = await rejectionOf(client.get(server.url('/gzip-bomb')));
    expect(err.code).toBe('TOO_LARGE');
  });

  it('refuses a brotli bomb by counting decoded bytes', async () => {
    expect(brotliBomb.length).toBeLessThan(MiB);
    const err = await rejectionOf(client.get(server.url('/br-bomb')));
    expect(err.code).toBe('TOO_LARGE');
  });

  it('applies a per-request maxBytes', async () => {
    expect((await client.get(server.url('/exact'), { maxBytes: 1024 })).body.byteLength).toBe(1024);
    expect((await rejectionOf(client.get(server.url('/exact'), { maxBytes: 1023 }))).code).toBe('TOO_LARGE');
  });

  it.each(['/gzip', '/br', '/deflate', '/raw-deflate', '/gzip-then-br'])('decodes %s', async (path) => {
    const doc = await client.get(server.url(path));
    expect(Buffer.from(doc.body).toString('utf8')).toBe(TEXT);
  });

  it('reports a corrupt or unknown encoding as BAD_RESPONSE', async () => {
    expect((await rejectionOf(client.get(server.url('/corrupt-gzip')))).code).toBe('BAD_RESPONSE');
    const unknown = await rejectionOf(client.get(server.url('/compress')));
    expect(unknown.code).toBe('BAD_RESPONSE');
    expect(unknown.message).toContain('compress');
  });

  it('keeps working after all of these (no stuck pool)', async () => {
    const doc = await client.get(server.url('/gzip'));
    expect(doc.status).toBe(200);
  });
});
