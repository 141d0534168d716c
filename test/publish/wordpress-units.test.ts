import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/model.js';
import { endpointUrl } from '../../src/publish/wordpress/client.js';
import { imageAlt, mediaSlug, postSlug } from '../../src/publish/wordpress/publish.js';
import { apiLinkOf } from '../../src/publish/wordpress/site.js';
import { renderTemplate, unknownPlaceholders } from '../../src/publish/wordpress/template.js';

const ARTICLE: Article = {
  id: 'a1',
  feedId: 'f1',
  guid: 'g1',
  url: 'https://news.example/story?x=1&y=2',
  title: 'Fish & <chips> "today"',
  authors: ['Jane Doe', 'Sam Roe'],
  publishedAt: '2026-11-01T10:00:00.000Z',
  updatedAt: null,
  summary: 'A summary <with> markup-looking text',
  contentHtml: '<p>Body <b>bold</b></p><img src="https://img.example/a.png?w=1&amp;h=2" alt="A &quot;red&quot; boat">',
  contentText: 'Body bold',
  imageUrl: 'https://img.example/a.png?w=1&h=2',
  categories: ['Boats', 'Weather'],
  language: 'en',
  wordCount: 2,
  contentHash: 'h',
  fetchedAt: '2026-11-01T10:00:00.000Z',
  source: { feedUrl: 'https://news.example/feed', feedTitle: 'Harbour <News>', siteUrl: 'javascript:alert(1)' },
};

describe('post template', () => {
  it('puts the body in as HTML and escapes every text value', () => {
    const html = renderTemplate('{{contentHtml}}<p><a href="{{url}}">{{ title }}</a> by {{authors}} in {{categories}} from {{source.feedTitle}}</p>', ARTICLE);
    expect(html).toBe(
      '<p>Body <b>bold</b></p><img src="https://img.example/a.png?w=1&amp;h=2" alt="A &quot;red&quot; boat"><p><a href="https://news.example/story?x=1&amp;y=2">Fish &amp; &lt;chips&gt; &quot;today&quot;</a> by Jane Doe, Sam Roe in Boats, Weather from Harbour &lt;News&gt;</p>',
    );
  });

  it('leaves out URLs that are not http(s) and fills missing values with nothing', () => {
    expect(renderTemplate('<a href="{{source.siteUrl}}">x</a>{{imageUrl}}', { ...ARTICLE, imageUrl: null })).toBe('<a href="">x</a>');
  });

  it('names unknown placeholders', () => {
    expect(unknownPlaceholders('{{contentHtml}} {{sauce}} {{ title }} {{source.feedTitle}} {{source.nope}}')).toEqual(['sauce', 'source.nope']);
    expect(unknownPlaceholders('{{contentHtml}}')).toEqual([]);
  });
});

describe('slugs', () => {
  it('are readable, only [a-z0-9-], stable, and differ per destination and per article', () => {
    const slug = postSlug({ id: 'a1', title: 'Ça roule à Zürich: 10 things — über alles!' }, 'd1');
    expect(slug).toMatch(/^ca-roule-a-zurich-10-things-uber-alles-fl[0-9a-f]{12}$/);
    expect(postSlug({ id: 'a1', title: 'Another title' }, 'd1').slice(-14)).toBe(slug.slice(-14));
    expect(postSlug({ id: 'a1', title: 'x' }, 'd2')).not.toBe(postSlug({ id: 'a1', title: 'x' }, 'd1'));
    expect(postSlug({ id: 'a2', title: 'x' }, 'd1')).not.toBe(postSlug({ id: 'a1', title: 'x' }, 'd1'));
    expect(postSlug({ id: 'a1', title: '日本語のタイトル' }, 'd1')).toMatch(/^fl[0-9a-f]{12}$/);
    const long = postSlug({ id: 'a1', title: 'word '.repeat(40) }, 'd1');
    expect(long.length).toBeLessThanOrEqual(60 + 15);
    expect(long).not.toMatch(/--/);
    expect(mediaSlug('https://img.example/a.png')).toBe(mediaSlug('https://img.example/a.png'));
    expect(mediaSlug('https://img.example/a.png')).not.toBe(mediaSlug('https://img.example/b.png'));
  });
});

describe('featured image alt text', () => {
  it("is the alt of the body's <img> of that image, else the title", () => {
    expect(imageAlt(ARTICLE)).toBe('A "red" boat');
    expect(imageAlt({ ...ARTICLE, imageUrl: 'https://img.example/other.png' })).toBe('Fish & <chips> "today"');
  });
});

describe('REST API location', () => {
  it('reads the api.w.org Link among others, resolved against the page', () => {
    expect(apiLinkOf('<https://b.example/wp-json/>; rel="https://api.w.org/"', 'https://b.example/')).toBe('https://b.example/wp-json/');
    expect(apiLinkOf('<https://b.example/?p=1>; rel=shortlink, </wp-json/>; rel="https://api.w.org/"', 'https://b.example/blog/')).toBe('https://b.example/wp-json/');
    expect(apiLinkOf('<https://b.example/?p=1>; rel=shortlink', 'https://b.example/')).toBeNull();
    expect(apiLinkOf(undefined, 'https://b.example/')).toBeNull();
  });

  it('builds routes for pretty and plain permalinks', () => {
    expect(endpointUrl('https://b.example/wp-json/', 'wp/v2/posts', { slug: 'a b', status: 'any' })).toBe('https://b.example/wp-json/wp/v2/posts?slug=a+b&status=any');
    expect(endpointUrl('https://b.example/blog/wp-json', 'wp/v2/posts/7')).toBe('https://b.example/blog/wp-json/wp/v2/posts/7');
    expect(endpointUrl('https://b.example/?rest_route=/', 'wp/v2/media', { slug: 'x' })).toBe('https://b.example/?rest_route=%2Fwp%2Fv2%2Fmedia&slug=x');
  });
});
