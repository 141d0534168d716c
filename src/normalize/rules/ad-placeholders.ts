import { elementsOf, isAttached, isBlockLike, isText, removeNode, textOf, type ChildNode, type Element } from '../dom.js';
import type { Lexicon } from '../lexicon.js';
import { matchKey } from '../match.js';
import type { CleaningRule } from './rule.js';
import { removeSegmentsWhere } from './rule.js';

const MAX_AD_LABEL_LENGTH = 120;
/** Inline wrappers an ad slot's label comes in when the slot sits inside a paragraph. */
const LABEL_WRAPPERS = new Set(['span', 'small', 'strong', 'b', 'em', 'i', 'font', 'ins', 'mark', 'label']);
/** The text before the label ends a sentence, or there is none. */
const SENTENCE_ENDED = /(?:^|[.!?…:;"”’)\]])\s*$/u;
/** The text after it starts a new sentence, or there is none. */
const SENTENCE_STARTS = /^\s*(?:$|["“‘(¿¡]?\p{Lu})/u;

function textBeside(el: Element, side: 'prev' | 'next'): string {
  let out = '';
  for (let n: ChildNode | null = el[side]; n; n = n[side]) {
    const text = textOf(n);
    out = side === 'prev' ? text + out : out + text;
    if (text.trim() !== '') break;
  }
  return out;
}

/** "…its books. <span>Advertisement</span> The collection…": the label between two sentences of one paragraph. */
function isInlineLabel(el: Element, lexicon: Lexicon): boolean {
  if (!LABEL_WRAPPERS.has(el.name) || el.children.some(isBlockLike)) return false;
  const text = textOf(el);
  if (text.length > MAX_AD_LABEL_LENGTH || !lexicon.ad.test(matchKey(text))) return false;
  return SENTENCE_ENDED.test(textBeside(el, 'prev')) && SENTENCE_STARTS.test(textBeside(el, 'next'));
}

export const adPlaceholders: CleaningRule = {
  name: 'ad-placeholders',
  countsEveryEdit: true,
  removes:
    'ad slots\' labels and notices left in the text: "Advertisement", "Story continues below advertisement", ' +
    '"Anzeige", "Publicidad", "Publicité"; only a block that says nothing else, or such a label wrapped on its own ' +
    'between two sentences of a paragraph',
  apply(ctx) {
    const { root, lexicon } = ctx;
    let removed = removeSegmentsWhere(ctx, MAX_AD_LABEL_LENGTH, (v) => lexicon.ad.test(v.key));
    for (const el of elementsOf(root)) {
      if (!isAttached(el, root) || !isInlineLabel(el, lexicon)) continue;
      const before = el.prev;
      removeNode(el);
      // One space between the two sentences, not two.
      if (before && isText(before)) before.data = before.data.replace(/\s+$/u, ' ');
      const after = before?.next;
      if (after && isText(after) && before && isText(before)) after.data = after.data.replace(/^\s+/u, '');
      removed++;
    }
    return removed;
  },
};
