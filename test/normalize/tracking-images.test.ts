import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../src/normalize/dom.js';
import { isTrackerUrl, isTrackingImage, trackingImages } from '../../src/normalize/rules/tracking-images.js';
import { runRule, STORY } from './helpers.js';

function img(html: string) {
  const el = parseHtml(html).children[0];
  if (!el || el.type !== 'tag') throw new Error('no element');
  return el;
}

describe('tracking-images rule', () => {
  it('recognises pixels by size, style and counter URLs', () => {
    expect(isTrackingImage(img('<img src="https://stats.site.example/p.gif?x=1" width="1" height="1">'))).toBe(true);
    expect(isTrackingImage(img('<img src="https://x.example/a.gif" style="width:1px;height:1px">'))).toBe(true);
    expect(isTrackingImage(img('<img src="https://x.example/a.gif" style="display:none">'))).toBe(true);
    expect(isTrackingImage(img('<img src="https://pixel.wp.com/b.gif?host=x">'))).toBe(true);
    expect(isTrackingImage(img('<img src="http://feeds.feedburner.com/~r/Site/~4/abc">'))).toBe(true);
    expect(isTrackerUrl('http://feeds.wordpress.com/1.0/comments/site/1/')).toBe(true);
  });

  it('removes pixels and the tracker links around them, keeping real images', () => {
    const html =
      STORY +
      '<p><img src="https://site.example/uploads/photo.jpg" width="800" height="600" alt="The hall"></p>' +
      '<a href="http://feeds.wordpress.com/1.0/gocomments/site/1/"><img src="http://feeds.wordpress.com/1.0/comments/site/1/"></a>' +
      '<img src="https://stats.site.example/pixel.gif?post=1" width="1" height="1">';
    const out = runRule(trackingImages, html);
    expect(out.html).toContain('uploads/photo.jpg');
    expect(out.html).not.toMatch(/feeds\.wordpress\.com|pixel\.gif/);
  });

  it('does not over-delete: ordinary and small-but-real images stay', () => {
    const html =
      '<p><img src="https://site.example/chart.png" alt="chart"></p><p><img src="https://site.example/icon.png" width="16" height="16"></p>';
    const out = runRule(trackingImages, html);
    expect(out.removed).toBe(0);
    expect(out.html).toContain('chart.png');
    expect(out.html).toContain('icon.png');
  });
});
