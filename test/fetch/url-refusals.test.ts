/**
 * URLs refused before any lookup or connection: control characters (raw, in
 * every position the WHATWG parser would silently clean, and percent-encoded
 * in what gets stored), names that mean this machine or a metadata service,
 * and wildcard-DNS names that spell a private address. Each case would reach
 * a local address or be stored as something else than what was sent.
 */
import { describe, expect, it } from 'vitest';
import { httpStatusOf } from '../../src/api/error-status.js';
import { guardedConnector } from '../../src/fetch/guarded-connector.js';
import { localName, neverResolves } from '../../src/fetch/local-names.js';
import { assertFetchableUrl, parseFetchUrl } from '../../src/fetch/ssrf.js';
import { rejectionOf, startServer, testClient } from './local-server.js';

const CONTROLS = ['\u0000', '\u0001', '\t', '\n', '\u000b', '\r', '\u001b', '\u001f', '\u007f', '\u0080', '\u0085', '\u009f'];

/** Every place a control character can sit: ends (trimmed by the parser), scheme, host, port, path, query, fragment. */
function withControl(control: string): string[] {
  return [
    `${control}http://example.com/feed`,
    `http://example.com/feed${control}`,
    `ht${control}tp://example.com/feed`,
    `http://exa${control}mple.com/feed`,
    `http://example.com:8${control}0/feed`,
    `http://example.com/fe${control}ed`,
    `http://example.com/feed?a=${control}1`,
    `http://example.com/feed#x${control}`,
  ];
}

describe('control characters in URLs', () => {
  it.each(CONTROLS.map((c) => [`U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`, c]))(
    '%s is refused in every position with INVALID_URL naming the character',
    async (_name, control) => {
      for (const url of withControl(control)) {
        const err = await rejectionOf(assertFetchableUrl(url, []));
        expect(err.code, JSON.stringify(url)).toBe('INVALID_URL');
        expect(httpStatusOf(err)).toBe(400);
        expect(err.message).toContain(`U+${control.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
        // The client refuses the same text: nothing downstream sees the cleaned-up spelling.
        expect(() => parseFetchUrl(url)).toThrow(/control character/);
      }
    },
  );

  it.each([
    'http://example.com/feed%0d%0aSet-Cookie:x',
    'http://example.com/%00',
    'http://example.com/feed?x=%1B',
    'http://example.com/feed?x=%7f',
    'http://example.com/%C2%85',
    'http://example.com/feed#%0A',
  ])('percent-encoded control characters are refused in URLs to store: %s', async (url) => {
    const err = await rejectionOf(assertFetchableUrl(url, []));
    expect(err.code).toBe('INVALID_URL');
    expect(err.message).toContain('percent-encoded control character');
  });

  it('keeps ordinary percent-encoding and non-ASCII text', async () => {
    for (const url of ['http://93.184.216.34/a%20b?q=%C3%A9t%C3%A9', 'http://93.184.216.34/%2Fslash', 'http://93.184.216.34/caf%C3%A9%E2%80%8B']) {
      expect((await assertFetchableUrl(url, [])).href).toBe(url);
    }
    expect((await assertFetchableUrl('http://93.184.216.34/été', [])).pathname).toBe('/%C3%A9t%C3%A9');
  });
});

const LOCAL_NAMES = [
  'http://localhost/',
  'http://localhost./',
  'http://LOCALHOST../',
  'http://a.localhost/',
  'http://deep.sub.localhost:8080/',
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://metadata.google.internal./',
  'http://metadata/',
  'http://metadata.goog/',
  'http://instance-data.ec2.internal/latest/meta-data/',
  'http://metadata.azure.com/metadata/instance',
  'http://kubernetes.default.svc/',
  'http://printer.local/',
  'http://router.home.arpa/',
  'http://db.internal/',
  'http://intranet/',
  'http://redis:6379/',
  'http://127.0.0.1.nip.io/',
  'http://app.10.0.0.1.nip.io/',
  'http://10-0-0-1.sslip.io/',
  'http://app-192-168-1-1.sslip.io/',
  'http://7f000001.nip.io/',
  'http://169.254.169.254.nip.io/latest/meta-data/',
  'http://169-254-169-254.traefik.me/',
  'http://localtest.me/',
  'http://anything.localtest.me/',
  'http://lvh.me/',
  'http://x.vcap.me/',
  'http://10.1.2.3.somewhere.example/',
];

describe('names known to be local', () => {
  it.each(LOCAL_NAMES)('%s is refused before any lookup (BLOCKED_ADDRESS, 400)', async (url) => {
    const err = await rejectionOf(assertFetchableUrl(url, []));
    expect(err.code).toBe('BLOCKED_ADDRESS');
    expect(httpStatusOf(err)).toBe(400);
    expect(err.message).toContain('not in ALLOW_HOSTS');
  });

  it('the client refuses them on every hop too, without opening a connection', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(302, { location: 'http://metadata.google.internal/computeMetadata/v1/' });
      res.end();
    });
    const client = testClient({ allowHosts: [`127.0.0.1:${server.port}`] });
    try {
      for (const url of ['http://localhost./', 'http://10-0-0-1.sslip.io/']) {
        expect((await rejectionOf(client.get(url))).code).toBe('BLOCKED_ADDRESS');
        expect((await rejectionOf(client.post(url, { body: 'x', headers: {}, timeoutMs: 500 }))).code).toBe('BLOCKED_ADDRESS');
      }
      const redirected = await rejectionOf(client.get(server.url('/')));
      expect(redirected.code).toBe('BLOCKED_ADDRESS');
      expect(redirected.url).toBe('http://metadata.google.internal/computeMetadata/v1/');
      expect(server.connections()).toBe(1);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('ALLOW_HOSTS lets them through by name, or by the address they stand for', async () => {
    expect((await assertFetchableUrl('http://feeds.internal:8080/', ['feeds.internal'])).hostname).toBe('feeds.internal');
    expect((await assertFetchableUrl('http://localhost.:8080/', ['127.0.0.1'])).hostname).toBe('localhost.');
    expect((await rejectionOf(assertFetchableUrl('http://10-0-0-1.sslip.io/', ['10.0.0.2']))).code).toBe('BLOCKED_ADDRESS');
    expect(localName('10-0-0-1.sslip.io')?.address).toBe('10.0.0.1');
    expect(localName('app.127.0.0.1.nip.io')?.address).toBe('127.0.0.1');
  });

  it.each(['example.com', 'blog.example.org', 'nip.io', '8.8.8.8.nip.io', '93-184-216-34.sslip.io', 'localhost.example.com', 'metadata.example.com', 'internal.example.com', '1.2.3.4.example.com'])(
    '%s is left to DNS',
    (host) => {
      expect(localName(host)).toBeNull();
    },
  );

  it('the connect-time check still refuses a name that resolves to loopback (the real guard)', async () => {
    const server = await startServer((_req, res) => res.end('secret'));
    const connect = guardedConnector({ allowHosts: [], connectTimeoutMs: 1000 });
    try {
      // /etc/hosts maps localhost to 127.0.0.1 on every machine: no DNS server is involved.
      const err = await new Promise<Error | null>((resolve) => {
        connect({ hostname: 'localhost', host: 'localhost', protocol: 'http:', port: String(server.port), servername: '' }, (error, socket) => {
          socket?.destroy();
          resolve(error);
        });
      });
      expect(err?.name).toBe('BlockedAddressError');
      expect(server.connections()).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe('names that never resolve (RFC 6761 .invalid)', () => {
  it('are known without asking DNS, in any case and with a trailing dot', () => {
    for (const name of ['invalid', 'x.invalid', 'feeds.example.INVALID', 'a.b.invalid.']) expect(neverResolves(name), name).toBe(true);
    for (const name of ['invalid.example.com', 'example.com', 'notinvalid', 'x.test']) expect(neverResolves(name), name).toBe(false);
  });

  it('are accepted for storing (the failure shows on the feed) and fail to connect as DNS_FAILED', async () => {
    expect((await assertFetchableUrl('https://gone.example.invalid/feed', [])).hostname).toBe('gone.example.invalid');
    const err = await rejectionOf(testClient().get('http://gone.example.invalid/feed'));
    expect(err.code).toBe('DNS_FAILED');
  });
});
