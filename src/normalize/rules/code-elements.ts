import { elementsOf, removeNode } from '../dom.js';
import type { CleaningRule } from './rule.js';

const CODE_TAGS = new Set(['script', 'style', 'template', 'link', 'meta']);

export const codeElements: CleaningRule = {
  name: 'code-elements',
  removes: 'script, style and template elements: their text is code, and ad slots that only hold a script become empty',
  apply({ root }) {
    let removed = 0;
    for (const el of elementsOf(root)) {
      if (CODE_TAGS.has(el.name)) {
        removeNode(el);
        removed++;
      }
    }
    return removed;
  },
};
