import { describe, expect, it } from 'vitest';
import { clean } from './helpers.js';

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
});
