import { httpStatusOf } from '../../src/api/error-status.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError } from '../../src/core/errors.js';
import { assertFetchableUrl, isAllowedHost } from '../../src/fetch/ssrf.js';
import { rejectionOf, startServer, testClient, type LocalServer } from './local-server.js';

const BLOCKED_URLS = [
  'http://127.0.0.1/',
  'http://localhost/',
  'http://2130706433/',
  'http://0x7f.1/',
  'http://0177.0.0.1/',
  'http://127.1/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::1]/',
  'http://169.254.169.254/latest/meta-data/',
  'http://10.0.0.1/',
  'http://192.168.1.1/',
  'http://172.16.0.1/',
  'http://100.64.0.1/',
  'http://0.0.0.0/',
  'http://224.0.0.1/',
  'http://[fe80::1]/',
  'http://[fc00::1]/',
  'http://[64:ff9b::a9fe:a9fe]/',
  'http://[::127.0.0.1]/',
];

describe('assertFetchableUrl', () => {
  it.each(BLOCKED_URLS)('refuses %s with BLOCKED_ADDRESS (400)', async (url) => {
    const err = await rejectionOf(assertFetchableUrl(url, []));
    expect(err).toBeInstanceOf(FetchError);
    expect(err.code).toBe('BLOCKED_ADDRESS');
    expect(httpStatusOf(err)).toBe(400);
  });

  it.each([
    'ftp://example.com/feed',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'not a url',
    '/relative/feed',
    'http://user:secret@example.com/feed',
    `http://example.com/${'a'.repeat(2048)}`,
  ])('refuses %s with INVALID_URL (400)', async (url) => {
    const err = await rejectionOf(assertFetchableUrl(url, []));
    expect(err.code).toBe('INVALID_URL');
    expect(httpStatusOf(err)).toBe(400);
  });

  it('accepts public addresses and names that do not resolve right now', async () => {
    expect((await assertFetchableUrl('http://93.184.216.34/feed', [])).href).toBe('http://93.184.216.34/feed');
    expect((await assertFetchableUrl('https://[2606:4700::1111]/', [])).hostname).toBe('[2606:4700::1111]');
    expect((await assertFetchableUrl('https://unreachable-host.invalid/feed', [])).hostname).toBe('unreachable-host.invalid');
  });

  it('lets ALLOW_HOSTS entries through, by name, address and port', async () => {
    expect((await assertFetchableUrl('http://127.0.0.1:8080/feed', ['127.0.0.1'])).port).toBe('8080');
    expect((await assertFetchableUrl('http://localhost:8080/feed', ['localhost:8080'])).hostname).toBe('localhost');
    expect((await assertFetchableUrl('http://localhost:8080/feed', ['127.0.0.1'])).hostname).toBe('localhost');
    expect((await rejectionOf(assertFetchableUrl('http://localhost:9090/feed', ['localhost:8080']))).code).toBe('BLOCKED_ADDRESS');
    expect((await assertFetchableUrl('http://[::1]:81/', ['[::1]:81'])).port).toBe('81');
  });
});

describe('isAllowedHost', () => {
  it('matches host entries on any port and host:port entries on that port only', () => {
    expect(isAllowedHost('127.0.0.1', 8080, ['127.0.0.1'])).toBe(true);
    expect(isAllowedHost('127.0.0.1', '8080', ['127.0.0.1:8080'])).toBe(true);
    expect(isAllowedHost('127.0.0.1', '8081', ['127.0.0.1:8080'])).toBe(false);
    expect(isAllowedHost('127.0.0.2', 8080, ['127.0.0.1'])).toBe(false);
    expect(isAllowedHost('anything', 80, [])).toBe(false);
  });

  it('compares names case-insensitively and IPv6 in any spelling', () => {
    expect(isAllowedHost('Feeds.Internal', 80, ['feeds.internal'])).toBe(true);
    expect(isAllowedHost('feeds.internal.', 80, [' FEEDS.INTERNAL:80 '])).toBe(true);
    expect(isAllowedHost('[::1]', 80, ['[::1]'])).toBe(true);
    expect(isAllowedHost('::1', 8080, ['[0:0::1]:8080'])).toBe(true);
    expect(isAllowedHost('::1', 8081, ['[::1]:8080'])).toBe(false);
    expect(isAllowedHost('fd00::5', 443, ['fd00::5'])).toBe(true);
  });
});

describe('HttpClient SSRF guard', () => {
  let server: LocalServer;

  beforeAll(async () => {
    server = await startServer((req, res) => {
      const path = req.url ?? '/';
      if (path === '/to-other-loopback') {
        res.writeHead(302, { location: `http://127.0.0.2:${server.port}/feed` });
        res.end();
      } else if (path === '/to-metadata') {
        res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' });
        res.end();
      } else if (path === '/to-localhost') {
        res.writeHead(302, { location: `http://localhost:${server.port}/feed` });
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('secret');
      }
    });
  });

  afterAll(async () => {
    await server.close();
  });

  it.each(BLOCKED_URLS.filter((url) => !url.includes('localhost')))('get(%s) is refused before any connection', async (url) => {
    const client = testClient({ allowHosts: [] });
    try {
      const err = await rejectionOf(client.get(url));
      expect(err.code).toBe('BLOCKED_ADDRESS');
      expect(err.permanent).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('refuses 127.0.0.1 and localhost when nothing is allowed, at connection time', async () => {
    const client = testClient({ allowHosts: [] });
    try {
      const before = server.received.length;
      expect((await rejectionOf(client.get(server.url('/feed')))).code).toBe('BLOCKED_ADDRESS');
      const viaName = await rejectionOf(client.get(`http://localhost:${server.port}/feed`));
      expect(viaName.code).toBe('BLOCKED_ADDRESS');
      expect(httpStatusOf(viaName)).toBe(400);
      expect(server.received.length).toBe(before);
    } finally {
      await client.close();
    }
  });

  it('refuses a redirect from an allowed server to another loopback address', async () => {
    const client = testClient({ allowHosts: [`127.0.0.1:${server.port}`] });
    try {
      const before = server.received.length;
      const err = await rejectionOf(client.get(server.url('/to-other-loopback')));
      expect(err.code).toBe('BLOCKED_ADDRESS');
      expect(err.url).toBe(`http://127.0.0.2:${server.port}/feed`);
      expect(server.received.length).toBe(before + 1);
      expect((await rejectionOf(client.get(server.url('/to-metadata')))).code).toBe('BLOCKED_ADDRESS');
    } finally {
      await client.close();
    }
  });

  it('checks names at connection time against the allowed port', async () => {
    const allowedName = testClient({ allowHosts: [`localhost:${server.port}`, `127.0.0.1:${server.port}`] });
    const otherPort = testClient({ allowHosts: [`localhost:${server.port + 1}`] });
    try {
      const doc = await allowedName.get(server.url('/to-localhost'));
      expect(new TextDecoder().decode(doc.body)).toBe('secret');
      expect((await rejectionOf(otherPort.get(`http://localhost:${server.port}/feed`))).code).toBe('BLOCKED_ADDRESS');
    } finally {
      await allowedName.close();
      await otherPort.close();
    }
  });

  it('lets host:port entries through only on that port', async () => {
    const client = testClient({ allowHosts: [`127.0.0.1:${server.port + 1}`] });
    try {
      expect((await rejectionOf(client.get(server.url('/feed')))).code).toBe('BLOCKED_ADDRESS');
    } finally {
      await client.close();
    }
  });

  it('refuses non-http schemes', async () => {
    const client = testClient();
    try {
      expect((await rejectionOf(client.get('ftp://127.0.0.1/feed'))).code).toBe('INVALID_URL');
      expect((await rejectionOf(client.get('file:///etc/passwd'))).code).toBe('INVALID_URL');
      expect((await rejectionOf(client.post('file:///etc/passwd', { body: '', headers: {}, timeoutMs: 500 }))).code).toBe('INVALID_URL');
    } finally {
      await client.close();
    }
  });
});
