import { describe, expect, it } from 'vitest';
import { shareWidgets } from '../../src/normalize/rules/share-widgets.js';
import { expectUntouched, runRule, STORY } from './helpers.js';

describe('share-widgets rule', () => {
  it('removes share and like labels and network-only link lists, without class hints', () => {
    const html =
      STORY +
      '<h3>Share this:</h3><ul><li><a href="https://twitter.com/intent">Twitter<span>(Opens in new window)</span></a></li>' +
      '<li><a href="https://facebook.com/sharer">Facebook</a></li></ul><h3>Like this:</h3><p>Like Loading...</p>' +
      '<p><a href="javascript:void(0)">Share this story</a></p><p>Compartir en Facebook</p><p>Diesen Artikel teilen</p>';
    const out = runRule(shareWidgets, html);
    expect(out.text).toContain('ground floor.');
    expect(out.text).not.toMatch(/Share|Like|Twitter|Facebook|Compartir|teilen/);
  });

  it('does not over-delete: lists and headings that merely name networks or actions stay', () => {
    for (const prose of [
      '<ul><li>Email</li><li>Print</li><li>Phone</li></ul>',
      '<h3>Twitter</h3><p>Twitter changed its name to X in 2023, a move that confused many users.</p>',
      '<p>Share prices fell sharply on Twitter’s earnings news.</p>',
      '<p>Like this, the plan will work.</p>',
    ]) {
      expect(expectUntouched(shareWidgets, STORY + prose)).toEqual({ removed: 0, sameText: true });
    }
  });
});
