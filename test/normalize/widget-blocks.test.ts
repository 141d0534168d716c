import { describe, expect, it } from 'vitest';
import { widgetBlocks } from '../../src/normalize/rules/widget-blocks.js';
import { expectUntouched, runRule, STORY } from './helpers.js';

describe('widget-blocks rule', () => {
  it('removes Jetpack share, like and related-posts blocks by their classes', () => {
    const jetpack =
      '<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul><li><a href="?share=twitter">Twitter</a></li></ul></div>' +
      '<div class="sharedaddy sd-block sd-like jetpack-likes-widget-wrapper"><h3>Like this:</h3><span>Like</span> <span>Loading...</span></div>' +
      '<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Related</em></h3></div>';
    const out = runRule(widgetBlocks, STORY + jetpack);
    expect(out.removed).toBe(3);
    expect(out.html).not.toMatch(/Share this|Like this|Loading|Related|share=twitter/);
    expect(out.text).toContain('ground floor.');
  });

  it('removes FeedBurner feedflare, ad slots and newsletter boxes', () => {
    const html =
      STORY +
      '<div class="feedflare"><a href="http://feeds.feedburner.com/~ff/X?a=1"><img src="http://feeds.feedburner.com/~ff/X?d=1"></a></div>' +
      '<div class="ad-container" data-ad-slot="inline-1"><p class="ad-label">Advertisement</p></div>' +
      '<aside class="newsletter-signup"><p>Get our newsletter every morning.</p></aside>';
    const out = runRule(widgetBlocks, html);
    expect(out.removed).toBe(3);
    expect(out.html).not.toMatch(/feedburner|Advertisement|newsletter/);
  });

  it('does not over-delete: a marked element that holds prose stays', () => {
    const longProse = '<p>' + 'Residents packed the hall to hear the plan for the new bridge and the road. '.repeat(6) + '</p>';
    expect(expectUntouched(widgetBlocks, `<div class="entry-meta sharing">${longProse}</div>`)).toEqual({ removed: 0, sameText: true });
    expect(expectUntouched(widgetBlocks, `<div class="head shadow loaded">${STORY}</div>`)).toEqual({ removed: 0, sameText: true });
  });
});
