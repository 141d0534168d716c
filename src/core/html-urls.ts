/**
 * Relative URLs in parsed HTML made absolute: every attribute that holds a
 * URL, and each candidate of a srcset. Parse does it for values whose base
 * differs from their item's; normalize for an item's body, against the item's
 * base, right after its one parse (so the feed parser need not parse and
 * serialize every body of every fetch only to resolve it).
 */
import { isTag, type ChildNode } from 'domhandler';
import { absoluteOrAsIs } from './urls.js';

const URL_ATTRIBUTES = new Set([
  'href', 'src', 'cite', 'longdesc', 'action', 'poster', 'background', 'usemap', 'dynsrc', 'lowsrc', 'data', 'codebase', 'xlink:href',
]);

function resolveSrcset(value: string, base: string): string {
  return value
    .split(',')
    .map((candidate) => {
      const [url, ...descriptor] = candidate.trim().split(/\s+/);
      return url ? [absoluteOrAsIs(url, base), ...descriptor].join(' ') : '';
    })
    .filter(Boolean)
    .join(', ');
}

/** Resolves, in place, the URL attributes of `nodes` and their descendants against `base`. */
export function resolveUrlsIn(nodes: readonly ChildNode[], base: string): void {
  for (const node of nodes) {
    if (!isTag(node)) continue;
    for (const [name, value] of Object.entries(node.attribs)) {
      const lower = name.toLowerCase();
      if (URL_ATTRIBUTES.has(lower)) node.attribs[name] = absoluteOrAsIs(value, base);
      else if (lower === 'srcset') node.attribs[name] = resolveSrcset(value, base);
    }
    resolveUrlsIn(node.children, base);
  }
}
