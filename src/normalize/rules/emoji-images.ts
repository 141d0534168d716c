import { attr, elementsOf, insertBefore, isAttached, markerTokens, newText, removeNode, type Element } from '../dom.js';
import type { CleaningRule } from './rule.js';

/** `<img class="wp-smiley" alt="😀" src="https://s.w.org/images/core/emoji/…">`: WordPress' picture of a character. */
export function isEmojiImage(img: Element): boolean {
  if (img.name !== 'img') return false;
  const tokens = markerTokens(img);
  return tokens.includes('wp-smiley') || tokens.includes('emoji') || /(?:^|\/\/|\.)s\.w\.org\/images\/core\/emoji\//iu.test(attr(img, 'src'));
}

export const emojiImages: CleaningRule = {
  name: 'emoji-images',
  removes: 'emoji drawn as images (WordPress wp-smiley, s.w.org twemoji): the image becomes its character (the alt text)',
  apply({ root }) {
    let changed = 0;
    for (const img of elementsOf(root)) {
      if (!isAttached(img, root) || !isEmojiImage(img)) continue;
      const alt = attr(img, 'alt');
      if (alt) insertBefore(img, newText(alt));
      removeNode(img);
      changed++;
    }
    return changed;
  },
};
