import { describe, expect, it } from 'vitest';
import {
  defaultWordpressApi,
  wordpressApiFromHtml,
  wordpressApiFromLinkHeader,
  wordpressRestUrl,
} from '../../src/fetch/wordpress.js';
import { readWordPressPosts } from '../../src/parse/wordpress-posts.js';

/** A post as /wp/v2/posts?_embed returns it, trimmed to the fields the mapper reads plus a few it ignores. */
function post(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 42,
    date: '2024-05-01T12:00:00',
    date_gmt: '2024-05-01T10:00:00',
    guid: { rendered: 'https://blog.example/?p=42' },
    modified: '2024-05-02T12:30:00',
    modified_gmt: '2024-05-02T10:30:00',
    slug: 'budget-vote',
    link: 'https://blog.example/2024/05/budget-vote/',
    title: { rendered: 'Budget &#8220;vote&#8221; <em>passes</em>' },
    content: { rendered: '<p>Full text with <a href="/about/">a relative link</a>.</p>', protected: false },
    excerpt: { rendered: '<p>Short excerpt</p>', protected: false },
    author: 3,
    featured_media: 7,
    _embedded: {
      author: [{ id: 3, name: 'Ana Pérez', slug: 'ana' }],
      'wp:featuredmedia': [
        { id: 7, media_type: 'image', source_url: 'https://blog.example/wp-content/uploads/hall.jpg', alt_text: 'The town hall', title: { rendered: 'hall' } },
      ],
      'wp:term': [
        [
          { id: 2, name: 'Politics', slug: 'politics', taxonomy: 'category' },
          { id: 5, name: 'Arts &amp; Culture', slug: 'arts', taxonomy: 'category' },
        ],
        [{ id: 9, name: 'budget', slug: 'budget', taxonomy: 'post_tag' }],
        [{ id: 11, name: 'Format', slug: 'aside', taxonomy: 'post_format' }],
      ],
    },
    ...overrides,
  };
}

describe('WordPress REST posts → FeedItems', () => {
  it('maps content, authors, terms, featured image and GMT dates', () => {
    const [item] = readWordPressPosts([post()], 'https://blog.example/');
    expect(item).toMatchObject({
      guid: 'https://blog.example/?p=42',
      url: 'https://blog.example/2024/05/budget-vote/',
      title: 'Budget “vote” passes',
      authors: ['Ana Pérez'],
      publishedAt: '2024-05-01T10:00:00.000Z',
      updatedAt: '2024-05-02T10:30:00.000Z',
      categories: ['Politics', 'Arts & Culture', 'budget'],
      imageUrl: 'https://blog.example/wp-content/uploads/hall.jpg',
      imageAlt: 'The town hall',
      summaryHtml: '<p>Short excerpt</p>',
    });
    // Relative to baseUrl until normalize resolves it (test/parse/base.test.ts).
    expect(item?.baseUrl).toBe('https://blog.example/2024/05/budget-vote/');
    expect(item?.contentHtml).toContain('href="/about/"');
  });

  it('survives what sites really send: forbidden embeds, protected posts, unset GMT dates, no guid', () => {
    const items = readWordPressPosts(
      [
        post({
          guid: undefined,
          date_gmt: '0000-00-00T00:00:00',
          content: { rendered: '', protected: true },
          _embedded: { author: [{ code: 'rest_user_invalid_id', message: 'Invalid user ID.' }], 'wp:featuredmedia': [{ code: 'rest_forbidden' }] },
        }),
        'not a post',
      ],
      'https://blog.example/',
    );
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ guid: 'https://blog.example/?p=42', authors: [], imageUrl: null, contentHtml: null, publishedAt: '2024-05-01T12:00:00.000Z' });
  });

  it('refuses what is not a posts listing', () => {
    expect(() => readWordPressPosts({ code: 'rest_no_route', message: 'No route' }, null)).toThrow(/not a JSON array \(code rest_no_route\)/);
  });
});

describe('WordPress detection and REST URLs', () => {
  it('finds the API root in a Link header among other links', () => {
    const header = '<https://blog.example/?p=1>; rel=shortlink, <https://blog.example/wp-json/>; rel="https://api.w.org/", <https://blog.example/wp-json/wp/v2/posts/1>; rel="alternate"; type="application/json"';
    expect(wordpressApiFromLinkHeader(header, 'https://blog.example/')).toBe('https://blog.example/wp-json/');
    expect(wordpressApiFromLinkHeader('<https://x.example/>; rel="next"', 'https://x.example/')).toBeNull();
    expect(wordpressApiFromLinkHeader(undefined, 'https://x.example/')).toBeNull();
  });

  it('finds the API root in a page head', () => {
    const html = '<html><head><link rel="https://api.w.org/" href="https://blog.example/wp-json/"><link rel="alternate" href="/feed/"></head></html>';
    expect(wordpressApiFromHtml(html, 'https://blog.example/')).toBe('https://blog.example/wp-json/');
    expect(wordpressApiFromHtml('<link rel="stylesheet" href="/a.css">', 'https://blog.example/')).toBeNull();
  });

  it('builds routes under pretty and plain permalinks', () => {
    expect(wordpressRestUrl('https://blog.example/wp-json/', 'wp/v2/posts', { _embed: 1, page: 2 })).toBe(
      'https://blog.example/wp-json/wp/v2/posts?_embed=1&page=2',
    );
    expect(wordpressRestUrl('https://blog.example/?rest_route=/', 'wp/v2/posts', { per_page: 100 })).toBe(
      'https://blog.example/?rest_route=%2Fwp%2Fv2%2Fposts&per_page=100',
    );
    expect(defaultWordpressApi('https://blog.example/news')).toBe('https://blog.example/news/wp-json/');
  });
});
