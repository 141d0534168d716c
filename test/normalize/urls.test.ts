import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanUrl, stripTrackingParams } from '../../src/normalize/urls.js';
import { clean } from './helpers.js';

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

describe('URLs in the body', () => {
  it('are made absolute against the item base and lose tracking parameters, other parameters stay', async () => {
    const article = await clean(
      '<p>See <a href="/fares/capping?utm_source=x&amp;amp=1&amp;lang=en">the fare page</a> and <img src="img/map.png"> ' +
        '<a href="https://tapandride.example/?gclid=EAIa">the campaign site</a>.</p>',
      { baseUrl: 'https://site.example/2021/09/story/' },
    );
    expect(article.contentHtml).toContain('href="https://site.example/fares/capping?amp=1&amp;lang=en"');
    expect(article.contentHtml).toContain('src="https://site.example/2021/09/story/img/map.png"');
    expect(article.contentHtml).toContain('href="https://tapandride.example/"');
  });

  it('leaves mailto:, fragments and relative URLs without a base alone', () => {
    expect(cleanUrl('mailto:desk@site.example', 'https://site.example/')).toBe('mailto:desk@site.example');
    expect(cleanUrl('#fn1', 'https://site.example/')).toBe('#fn1');
    expect(cleanUrl('/a?utm_source=x', null)).toBe('/a?utm_source=x');
  });
});
