import { describe, expect, it } from 'vitest';
import { emojiImages } from '../../src/normalize/rules/emoji-images.js';
import { isPlaceholderSrc, largestFromSrcset, lazyImages } from '../../src/normalize/rules/lazy-images.js';
import { wpBlocks } from '../../src/normalize/rules/wp-blocks.js';
import { wpShortcodes } from '../../src/normalize/rules/wp-shortcodes.js';
import { clean, expectUntouched, runRule, STORY } from './helpers.js';

const PHOTO = 'https://site.example/wp-content/uploads/2024/05/hall.jpg';

describe('wp-shortcodes rule', () => {
  it('turns [caption] into a figure with its figcaption', () => {
    const html = `<p>[caption id="attachment_12" align="aligncenter" width="640"]<a href="${PHOTO}"><img src="${PHOTO}" alt="The hall" width="640"></a> The town hall after the flood[/caption]</p>${STORY}`;
    const out = runRule(wpShortcodes, html);
    expect(out.removed).toBe(1);
    expect(out.html).toContain(`<figure><a href="${PHOTO}"><img src="${PHOTO}" alt="The hall" width="640"></a><figcaption>The town hall after the flood</figcaption></figure>`);
    expect(out.html).not.toContain('[');
    expect(out.html.startsWith('<figure>')).toBe(true);
  });

  it('reads captions written with typographic quotes, as feeds escape them', () => {
    const html = `[caption id=&#8221;attachment_3&#8243; align=&#8221;alignnone&#8221;]<img src="${PHOTO}"> Harbour at dawn[/caption]<p>Text.</p>`;
    const out = runRule(wpShortcodes, html);
    expect(out.html).toContain('<figcaption>Harbour at dawn</figcaption>');
    expect(out.text).not.toContain('caption');
  });

  it('removes [gallery], turns [embed] into a link, strips tags of unknown paired shortcodes', () => {
    const html =
      '<p>Before [gallery ids="1,2,3" columns="3"] after.</p>' +
      '<p>[embed]https://video.example/watch/42[/embed]</p>' +
      '<p>[su_note note_color="#fff"]Keep this note.[/su_note]</p>' +
      '<p>[contact-form-7 id="5" title="Contact"]</p>';
    const out = runRule(wpShortcodes, html);
    expect(out.html).toContain('<p>Before  after.</p>');
    expect(out.html).toContain('<a href="https://video.example/watch/42">https://video.example/watch/42</a>');
    expect(out.html).toContain('<p>Keep this note.</p>');
    expect(out.text).not.toMatch(/\[|contact-form/);
    expect(out.removed).toBe(4);
  });

  it('leaves bracketed text that is not a shortcode', () => {
    const html = '<p>The study [1] found more [citation needed] and the quote […] ends. See [Update] below.</p>';
    expect(expectUntouched(wpShortcodes, html)).toEqual({ removed: 0, sameText: true });
    expect(runRule(wpShortcodes, html).html).toBe(html);
  });
});

describe('lazy-images rule', () => {
  it('recognises placeholders and picks the widest srcset candidate', () => {
    expect(isPlaceholderSrc('data:image/svg+xml,%3Csvg%20xmlns=%22http://www.w3.org/2000/svg%22%3E%3C/svg%3E')).toBe(true);
    expect(isPlaceholderSrc('data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7')).toBe(true);
    expect(isPlaceholderSrc('https://site.example/wp-content/plugins/a3-lazy-load/assets/images/lazy_placeholder.gif')).toBe(true);
    expect(isPlaceholderSrc(PHOTO)).toBe(false);
    expect(largestFromSrcset('https://s.example/a-300.jpg 300w, https://s.example/a-1024.jpg 1024w, https://s.example/a-768.jpg 768w')).toBe(
      'https://s.example/a-1024.jpg',
    );
  });

  it('puts the real URL in src from data-lazy-src, data-src or data-srcset', () => {
    const html =
      `<p><img src="data:image/svg+xml,%3Csvg%3E%3C/svg%3E" data-lazy-src="${PHOTO}" alt="a"></p>` +
      '<p><img src="https://site.example/blank.gif" data-src="https://site.example/b.jpg" alt="b"></p>' +
      '<p><img data-srcset="https://site.example/c-300.jpg 300w, https://site.example/c-900.jpg 900w" alt="c"></p>';
    const out = runRule(lazyImages, html);
    expect(out.removed).toBe(3);
    expect(out.html).toContain(`<img src="${PHOTO}"`);
    expect(out.html).toContain('<img src="https://site.example/b.jpg"');
    expect(out.html).toContain('src="https://site.example/c-900.jpg"');
  });

  it('keeps exactly one copy when a <noscript> fallback follows', () => {
    const lazyWithUrl = `<img src="data:image/gif;base64,R0lGOD" data-src="${PHOTO}"><noscript><img src="${PHOTO}"></noscript>`;
    expect(runRule(lazyImages, lazyWithUrl).html).toBe(`<img src="${PHOTO}" data-src="${PHOTO}">`);
    const lazyWithoutUrl = `<img class="lazyload" src="data:image/gif;base64,R0lGOD"><noscript><img src="${PHOTO}" alt="x"></noscript>`;
    expect(runRule(lazyImages, lazyWithoutUrl).html).toBe(`<img src="${PHOTO}" alt="x">`);
  });

  it('survives the whole normalize pipeline with the real URL', async () => {
    const article = await clean(
      `${STORY}<p><img src="data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'%20viewBox='0%200%20800%20600'%3E%3C/svg%3E" data-lazy-src="${PHOTO}" width="800" height="600" alt="The hall"><noscript><img src="${PHOTO}" alt="The hall"></noscript></p>`,
    );
    expect(article.contentHtml.match(/<img /g)).toHaveLength(1);
    expect(article.contentHtml).toContain(`<img src="${PHOTO}"`);
    expect(article.imageUrl).toBe(PHOTO);
  });
});

describe('emoji-images rule', () => {
  it('replaces WordPress emoji images by their character', () => {
    const html =
      '<p>Great news <img draggable="false" role="img" class="emoji" alt="🎉" src="https://s.w.org/images/core/emoji/15.0.3/svg/1f389.svg"> ' +
      'and <img class="wp-smiley" style="height: 1em; max-height: 1em;" alt=":)" src="https://site.example/smile.png"></p>';
    const out = runRule(emojiImages, html);
    expect(out.removed).toBe(2);
    expect(out.html).toBe('<p>Great news 🎉 and :)</p>');
  });
});

describe('wp-blocks rule', () => {
  it('unwraps block-editor wrappers and keeps figures and embeds as links', () => {
    const html =
      '<div class="wp-block-group"><div class="wp-block-group__inner-container">' + STORY +
      '<div class="wp-block-columns"><div class="wp-block-column"><p>Left column text.</p></div></div></div></div>' +
      `<figure class="wp-block-image size-large"><img src="${PHOTO}" alt="hall"><figcaption>The hall</figcaption></figure>` +
      '<figure class="wp-block-embed is-type-video wp-block-embed-youtube"><div class="wp-block-embed__wrapper">\nhttps://www.youtube.com/watch?v=abc\n</div><figcaption>The debate</figcaption></figure>';
    const out = runRule(wpBlocks, html);
    expect(out.html).not.toContain('<div');
    expect(out.html).toContain('<p>Left column text.</p>');
    expect(out.html).toContain(`<figure class="wp-block-image size-large"><img src="${PHOTO}" alt="hall"><figcaption>The hall</figcaption></figure>`);
    expect(out.html).toContain(
      '<figure class="wp-block-embed is-type-video wp-block-embed-youtube"><a href="https://www.youtube.com/watch?v=abc">https://www.youtube.com/watch?v=abc</a><figcaption>The debate</figcaption></figure>',
    );
  });

  it('cleans a REST-rendered WordPress body end to end: captions, lazy images, emoji, blocks, footer', async () => {
    const article = await clean(
      '<div class="wp-block-group"><div class="wp-block-group__inner-container">' + STORY + '</div></div>' +
        `<p>[caption id="attachment_9" width="300"]<img data-lazy-src="${PHOTO}" src="data:image/gif;base64,R0lGOD" alt="Hall"> Flooded hall[/caption]</p>` +
        '<p>Thanks for reading <img class="wp-smiley" alt="🙂" src="https://s.w.org/images/core/emoji/15/72x72/1f642.png"></p>' +
        '<p>The post <a href="https://news.example/2024/05/story/">A story</a> appeared first on <a href="https://news.example">News Example</a>.</p>',
    );
    expect(article.contentHtml).toContain(`<figure><img src="${PHOTO}" alt="Hall"><figcaption>Flooded hall</figcaption></figure>`);
    expect(article.contentText).toContain('Thanks for reading 🙂');
    expect(article.contentText).not.toMatch(/appeared first|\[caption|\[\/caption/);
    expect(article.contentHtml).not.toContain('wp-block');
  });
});

describe('captions as WordPress renders them', () => {
  it('turns div.wp-caption (rendered [caption] without HTML5 support) into figure and figcaption', async () => {
    const article = await clean(
      `${STORY}<p>Hello <div id="attachment_1" style="width: 310px" class="wp-caption alignnone"><img aria-describedby="caption-attachment-1" src="${PHOTO}" alt="x"><p id="caption-attachment-1" class="wp-caption-text">Cap</p></div> world</p>`,
    );
    expect(article.contentHtml).toContain(`<figure><img src="${PHOTO}" alt="x"><figcaption>Cap</figcaption></figure>`);
  });
});
