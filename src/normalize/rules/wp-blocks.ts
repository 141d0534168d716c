import {
  elementsOf,
  insertBefore,
  isAttached,
  isText,
  markerTokens,
  newElement,
  newText,
  appendTo,
  removeNode,
  unwrap,
  type Element,
} from '../dom.js';
import type { CleaningRule } from './rule.js';

/** Layout wrappers the block editor puts around content: they style the site, they carry nothing. */
const WRAPPER_TAGS = new Set(['div', 'section', 'span']);

function isBlockWrapper(el: Element): boolean {
  return WRAPPER_TAGS.has(el.name) && markerTokens(el).some((t) => t.startsWith('wp-block-') || t === 'wp-block');
}

/** An embed block whose provider could not be reached renders the URL as bare text: it becomes a link. */
function linkBareEmbed(wrapper: Element): boolean {
  if (!markerTokens(wrapper).includes('wp-block-embed__wrapper')) return false;
  const only = wrapper.children.filter((c) => !(isText(c) && c.data.trim() === ''));
  const first = only[0];
  if (only.length !== 1 || !first || !isText(first)) return false;
  const url = first.data.trim();
  if (!/^https?:\/\/\S+$/iu.test(url)) return false;
  const link = newElement('a', { href: url });
  appendTo(link, newText(url));
  insertBefore(first, link);
  removeNode(first);
  return true;
}

export const wpBlocks: CleaningRule = {
  name: 'wp-blocks',
  removes:
    'block-editor wrappers (wp-block-group, columns, inner containers) lose their tags and keep their content; ' +
    'an embed that rendered as a bare URL becomes a link to what was embedded (its <figure> and caption stay)',
  apply({ root }) {
    let changed = 0;
    for (const el of elementsOf(root)) {
      if (!isAttached(el, root)) continue;
      if (isBlockWrapper(el)) {
        linkBareEmbed(el);
        unwrap(el);
        changed++;
      }
    }
    return changed;
  },
};
