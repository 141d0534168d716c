import type { Article } from '../../src/core/model.js';

export function sampleArticle(overrides: Partial<Article> = {}): Article {
  return {
    id: 'art_1',
    feedId: 'feed_1',
    guid: 'https://example.com/posts/1',
    url: 'https://example.com/posts/1',
    title: 'Ünïcode & <angle> "quotes"',
    authors: ['Jane Doe'],
    publishedAt: '2024-05-01T10:00:00.000Z',
    updatedAt: null,
    summary: 'A short summary.',
    contentHtml: '<p>Body with a line\u2028separator and emoji 🎉</p>',
    contentText: 'Body with a line\u2028separator and emoji 🎉',
    imageUrl: null,
    categories: ['news'],
    language: 'en',
    wordCount: 8,
    contentHash: 'a'.repeat(64),
    fetchedAt: '2024-05-01T10:05:00.000Z',
    source: { feedUrl: 'https://example.com/feed/', feedTitle: 'Example', siteUrl: 'https://example.com/' },
    ...overrides,
  };
}
