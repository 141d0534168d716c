import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { absoluteOrAsIs, canonicalFeedUrl, cleanUrl, isFeedProxyUrl, resolveRelativeUrl, resolveUrl, stripTrackingParams, webUrl } from '../../src/core/urls.js';

describe('stripTrackingParams', () => {
  it('removes utm_*, fbclid, gclid, mc_cid/mc_eid, _ga, yclid, igshid and nothing else', () => {
    expect(
      stripTrackingParams('https://a.example/p/?utm_source=rss&utm_medium=rss&utm_campaign=x&fbclid=IwAR2'),
    ).toBe('https://a.example/p/');
    expect(stripTrackingParams('https://a.example/story.php?id=20240412&UTM_Source=x&gclid=E')).toBe('https://a.example/story.php?id=20240412');
    expect(stripTrackingParams('https://a.example/?mc_cid=1&page=2&mc_eid=3&_ga=4&yclid=5&igshid=6#top')).toBe('https://a.example/?page=2#top');
    expect(stripTrackingParams('https://a.example/p?b=2&a=1&ref=home')).toBe('https://a.example/p?b=2&a=1&ref=home');
  });

  it('returns any URL without tracking parameters exactly as given', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        fc.pre(!/[?&](utm_|fbclid|gclid|_ga|_gl|mc_|yclid|igshid|dclid|msclkid)/i.test(url));
        expect(stripTrackingParams(url)).toBe(url);
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true }), fc.constantFrom('utm_source=x', 'fbclid=1', 'gclid=2'), (url, extra) => {
        const once = stripTrackingParams(`${url}${url.includes('?') ? '&' : '?'}${extra}`);
        expect(stripTrackingParams(once)).toBe(once);
        expect(once).not.toContain(extra);
      }),
    );
  });
});

describe('cleanUrl', () => {
  it('makes a relative URL absolute and drops its tracking parameters', () => {
    expect(cleanUrl(' ../map.png?utm_medium=rss&z=1 ', 'https://site.example/a/b/')).toBe('https://site.example/a/map.png?z=1');
  });

  it('leaves mailto:, fragments and relative URLs without a base alone', () => {
    expect(cleanUrl('mailto:desk@site.example', 'https://site.example/')).toBe('mailto:desk@site.example');
    expect(cleanUrl('#fn1', 'https://site.example/')).toBe('#fn1');
    expect(cleanUrl('/a?utm_source=x', null)).toBe('/a?utm_source=x');
  });
});

describe('the two ways to resolve', () => {
  const base = 'https://site.example/news/';

  it('agree on a relative reference', () => {
    expect(resolveUrl('story?id=1', base)).toBe('https://site.example/news/story?id=1');
    expect(resolveRelativeUrl('story?id=1', base)).toBe('https://site.example/news/story?id=1');
  });

  it('resolveUrl rewrites every URL it reads, and gives null for what is no URL', () => {
    expect(resolveUrl('HTTPS://Site.Example:443/a b', null)).toBe('https://site.example/a%20b');
    expect(resolveUrl('#top', base)).toBe('https://site.example/news/#top');
    expect(resolveUrl('', base)).toBe(base);
    expect(resolveUrl('story', null)).toBeNull();
    expect(resolveUrl('http://[bad', base)).toBeNull();
    expect(resolveUrl(undefined, base)).toBeNull();
    expect(absoluteOrAsIs(' tag:site.example,2024:1 ', null)).toBe('tag:site.example,2024:1');
    expect(absoluteOrAsIs('story', null)).toBe('story');
  });

  it('resolveRelativeUrl keeps a URL with a scheme, a fragment and an unresolvable link as published', () => {
    expect(resolveRelativeUrl('HTTPS://Site.Example:443/a b', base)).toBe('HTTPS://Site.Example:443/a b');
    expect(resolveRelativeUrl(' #top ', base)).toBe('#top');
    expect(resolveRelativeUrl('story', null)).toBe('story');
    expect(resolveRelativeUrl('', base)).toBe('');
  });
});

describe('webUrl', () => {
  it('keeps only absolute http(s) URLs', () => {
    expect(webUrl('https://site.example/')).toBe('https://site.example/');
    expect(webUrl('HTTP://site.example/')).toBe('HTTP://site.example/');
    expect(webUrl('javascript:alert(1)')).toBeNull();
    expect(webUrl('//site.example/')).toBeNull();
    expect(webUrl('')).toBeNull();
    expect(webUrl(null)).toBeNull();
  });
});

describe('canonicalFeedUrl', () => {
  it('lower-cases scheme and host, drops the default port and the fragment, keeps the query', () => {
    expect(canonicalFeedUrl(' HTTPS://Blog.Example:443/feed?format=atom#x ')).toBe('https://blog.example/feed?format=atom');
    expect(canonicalFeedUrl('http://blog.example')).toBe('http://blog.example/');
  });
});

describe('isFeedProxyUrl', () => {
  it('knows the click-counting proxies and FeedBurner paths on any host', () => {
    expect(isFeedProxyUrl('http://feedproxy.google.com/~r/Site/~3/abc/story')).toBe(true);
    expect(isFeedProxyUrl('https://feeds.feedblitz.com/~/123/0/site~story')).toBe(true);
    expect(isFeedProxyUrl('https://news.example/~r/site/~3/abc')).toBe(true);
    expect(isFeedProxyUrl('https://news.example/story')).toBe(false);
    expect(isFeedProxyUrl('not a url')).toBe(false);
  });
});
