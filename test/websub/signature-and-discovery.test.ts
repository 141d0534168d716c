import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/parse/index.js';
import { parseLinkHeader } from '../../src/fetch/response-headers.js';
import { discoverHub } from '../../src/websub/discovery.js';
import { checkSignature } from '../../src/websub/signature.js';

const BODY = Buffer.from('<rss>pushed</rss>');
const SECRET = 'a-subscription-secret';
const sign = (method: string, secret = SECRET) => `${method}=${createHmac(method, secret).update(BODY).digest('hex')}`;

describe('X-Hub-Signature', () => {
  it('accepts sha256, sha384 and sha512 HMACs of the exact body', () => {
    for (const method of ['sha256', 'sha384', 'sha512']) expect(checkSignature(sign(method), BODY, SECRET)).toBe('valid');
    expect(checkSignature(sign('sha256').toUpperCase().replace('SHA256', 'sha256'), BODY, SECRET)).toBe('valid');
  });

  it('refuses another secret, another body, a missing header, sha1 and garbage', () => {
    expect(checkSignature(sign('sha256', 'other'), BODY, SECRET)).toBe('mismatch');
    expect(checkSignature(sign('sha256'), Buffer.from('<rss>changed</rss>'), SECRET)).toBe('mismatch');
    expect(checkSignature(undefined, BODY, SECRET)).toBe('missing');
    expect(checkSignature('  ', BODY, SECRET)).toBe('missing');
    expect(checkSignature(sign('sha1'), BODY, SECRET)).toBe('unsupported');
    expect(checkSignature('sha256=abc', BODY, SECRET)).toBe('mismatch');
    expect(checkSignature('sha256', BODY, SECRET)).toBe('mismatch');
    expect(checkSignature('md5=zz', BODY, SECRET)).toBe('mismatch');
  });
});

describe('hub discovery', () => {
  it('reads rel="hub" and rel="self" from a Link header, relative URLs resolved', () => {
    const links = parseLinkHeader('<https://hub.example/>; rel="hub", </feed.xml>; rel=self, <https://x.example/a,b>; rel="alternate"', 'https://site.example/x/');
    expect(links).toEqual([
      { url: 'https://hub.example/', rels: ['hub'] },
      { url: 'https://site.example/feed.xml', rels: ['self'] },
      { url: 'https://x.example/a,b', rels: ['alternate'] },
    ]);
  });

  it('prefers the Link header, then the feed, and takes the document URL as the topic when nothing names one', () => {
    const headers = { link: '<https://hub.example/>; rel="hub"; title="x", <https://site.example/topic>; rel="self"' };
    expect(discoverHub(headers, 'https://site.example/feed', 'https://feedhub.example/')).toEqual({
      hub: 'https://hub.example/',
      topic: 'https://site.example/topic',
    });
    expect(discoverHub({}, 'https://site.example/feed', 'https://feedhub.example/')).toEqual({
      hub: 'https://feedhub.example/',
      topic: 'https://site.example/feed',
    });
    expect(discoverHub({}, 'https://site.example/feed', null)).toBeNull();
    expect(discoverHub({}, 'https://site.example/feed', 'javascript:alert(1)')).toBeNull();
  });
});

describe('what a feed says of its hub and itself', () => {
  it('reads rel="hub" and rel="self" from RSS, Atom and JSON Feed', () => {
    const rss = `<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>t</title>
<atom:link rel="hub" href="https://hub.example/"/><atom:link rel="self" href="https://site.example/feed/"/></channel></rss>`;
    const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<link rel="hub" href="https://hub.example/"/><link rel="self" href="/atom.xml"/></feed>`;
    const json = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 't', feed_url: 'https://site.example/feed.json', hubs: [{ type: 'WebSub', url: 'https://hub.example/' }], items: [] });
    const options = { url: 'https://site.example/x', contentLocation: null, maxItems: 10 };
    for (const [text, self] of [
      [rss, 'https://site.example/feed/'],
      [atom, 'https://site.example/atom.xml'],
      [json, 'https://site.example/feed.json'],
    ] as const) {
      const parsed = parseFeed(text, options);
      expect(parsed.hubUrl).toBe('https://hub.example/');
      expect(parsed.selfUrl).toBe(self);
      expect(discoverHub({}, 'https://site.example/x', parsed.hubUrl, parsed.selfUrl ?? null)).toEqual({ hub: 'https://hub.example/', topic: self });
    }
  });
});
