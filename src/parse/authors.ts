/**
 * Author values to names. Feeds write "email (Name)" (RSS <author>),
 * "Name <email>", "Name (email)" or just a name or an email; we keep the name,
 * and a bare email when that is all there is.
 */

const EMAIL = /^[^\s@<>()]+@[^\s@<>()]+$/;

export function authorName(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const value = raw.replace(/\s+/g, ' ').trim();
  if (!value) return null;
  const parenthesized = /^(.*?)\s*\(([^()]*)\)$/.exec(value);
  if (parenthesized) {
    const [, outside = '', inside = ''] = parenthesized;
    if (EMAIL.test(outside.replace(/^mailto:/i, '')) && inside.trim()) return inside.trim();
    if (EMAIL.test(inside.replace(/^mailto:/i, '')) && outside.trim()) return outside.trim();
  }
  const angled = /^(.*?)\s*<([^<>]*)>$/.exec(value);
  if (angled?.[1]?.trim() && EMAIL.test(angled[2] ?? '')) return angled[1].trim().replace(/^"(.*)"$/, '$1');
  return value.replace(/^mailto:/i, '');
}

/** Names without empties and duplicates, in order. */
export function uniqueNames(names: Array<string | null>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const name of names) {
    if (!name || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    out.push(name);
  }
  return out;
}
