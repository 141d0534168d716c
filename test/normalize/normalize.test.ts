import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../src/normalize/dom.js';
import { normalizeItem } from '../../src/normalize/index.js';
import { plainText } from '../../src/normalize/text.js';
import { clean, context, feedItem, STORY } from './helpers.js';

const CONTROL =
  '<h2>Results</h2><p>The survey covered <em>1,204</em> households &amp; 38 schools.</p>' +
  '<table><tr><th>Year</th><th>Share</th></tr><tr><td>2022</td><td>41%</td></tr></table>' +
  '<ol><li>Collect the data</li><li>Check it twice</li></ol><pre>  total = a + b\n  print(total)</pre>' +
  '<blockquote><p>“We counted every house,” she said.</p></blockquote>' +
  '<figure><img src="https://site.example/chart.png" alt="Chart"><figcaption>Households by year.</figcaption></figure>';

describe('normalizeItem', () => {
  it('keeps junk-free content word for word, with its images', async () => {
    const article = await clean(CONTROL);
    expect(article.contentText).toBe(plainText(parseHtml(CONTROL)));
    expect(article.contentHtml).toContain('src="https://site.example/chart.png"');
    expect(article.contentHtml).toContain('<table>');
    expect(article.wordCount).toBeGreaterThan(20);
  });

  it('keeps any junk-free prose unchanged (property)', async () => {
    const word = fc.stringMatching(/^[a-z]{2,9}$/);
    const sentence = fc.array(word, { minLength: 6, maxLength: 18 }).map((w) => `${w.join(' ')}.`);
    const paragraph = fc.array(sentence, { minLength: 1, maxLength: 3 }).map((s) => s.join(' '));
    await fc.assert(
      fc.asyncProperty(fc.array(paragraph, { minLength: 1, maxLength: 6 }), async (paragraphs) => {
        const capitalised = paragraphs.map((p) => p.charAt(0).toUpperCase() + p.slice(1));
        const article = await clean(capitalised.map((p) => `<p>${p}</p>`).join('\n'));
        expect(article.contentText).toBe(capitalised.join('\n\n'));
      }),
      { numRuns: 60 },
    );
  });

  it('fills the metadata fields: canonical URL, summary, image, hash, language, categories', async () => {
    const item = feedItem({
      url: 'https://site.example/story/?utm_source=rss&id=7',
      summaryHtml: '<p>A short teaser written by the editors. The post <a href="/s">Story</a> appeared first on <a href="/">Site</a>.</p>',
      contentHtml: `${STORY}<p><img src="/uploads/photo.jpg" width="600" height="400"></p>`,
      categories: ['Local', ' Local ', 'Politics'],
      language: null,
    });
    const article = await normalizeItem(item, context());
    expect(article.url).toBe('https://site.example/story/?id=7');
    expect(article.summary).toBe('A short teaser written by the editors.');
    expect(article.imageUrl).toBe('https://news.example/uploads/photo.jpg');
    expect(article.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(article.language).toBe('en');
    expect(article.categories).toEqual(['Local', 'Politics']);
    expect(article.publishedAt).toBe(item.publishedAt);
  });

  it('summarizes the cleaned text when the item has no separate summary', async () => {
    const article = await clean(STORY + '<p>Advertisement</p>');
    expect(article.summary.startsWith('The council approved the new budget')).toBe(true);
    expect(article.summary.length).toBeLessThanOrEqual(300);
    expect(article.summary).not.toContain('Advertisement');
  });

  it('gives the same hash to one story carried by two feeds with different junk', async () => {
    const a = await clean(`<p>By Jane Doe</p>${STORY}<p>Share this:</p>`);
    const b = await clean(`${STORY}<p><a href="/x">Read more</a></p><img src="https://pixel.wp.com/b.gif" width="1" height="1">`);
    expect(a.contentHash).toBe(b.contentHash);
  });
});
