/**
 * The byline stage: a leading "By Jane Doe and John Roe" / "Posted by admin"
 * line is the CMS's, not the author's text. It leaves the body and its names
 * become authors. Only a line made entirely of names, handles and job titles
 * counts, so "By the end of the year, …" stays.
 */
import { isListedHandle, looksLikePersonName, NOT_NAME_WORDS, PARTICLES, tidyName } from './authors.js';
import {
  collectSegments,
  hasWords,
  isBlockLike,
  isElement,
  nextNonBlank,
  isTag,
  removeNode,
  removeSegment,
  segmentText,
  textOf,
  type Element,
  type ParentNode,
  type Segment,
} from './dom.js';
import { LEXICON, type Lexicon } from './lexicon.js';
import { collapseSpaces } from './text.js';

const MAX_BYLINE_LENGTH = 160;
/** How many leading text blocks may hold the byline (a kicker or caption can come first). */
const LEADING_BLOCKS = 3;
/** A news agency after the names: "APA", "EFE", "AP/dpa" parts are two to six capitals. */
const AGENCY_ACRONYM = /^\p{Lu}{2,6}$/u;

type PartKind = { kind: 'name'; name: string } | { kind: 'handle' } | { kind: 'role' } | { kind: 'fail' };

function classifyPart(part: string, lexicon: Lexicon): PartKind {
  if (looksLikePersonName(part, lexicon)) return { kind: 'name', name: part };
  const tokens = part.split(/\s+/);
  if (isListedHandle(part, lexicon)) return { kind: 'handle' };
  // "Jane Doe Staff Writer", "admin on April": a name or handle followed by a title or a date.
  for (let i = 1; i < tokens.length; i++) {
    if (!lexicon.roleWords.has((tokens[i] ?? '').toLowerCase())) continue;
    const head = tokens.slice(0, i).join(' ');
    if (looksLikePersonName(head, lexicon)) return { kind: 'name', name: head };
    if (isListedHandle(head, lexicon)) return { kind: 'handle' };
    break;
  }
  // "The Associated Press", "Staff Writer": job titles and agencies; "The Numbers" has no such word.
  const isRoleWord = (t: string): boolean => lexicon.roleWords.has(t.toLowerCase());
  const isTitleWord = (t: string): boolean => isRoleWord(t) && !NOT_NAME_WORDS.has(t.toLowerCase()) && !PARTICLES.has(t);
  if (tokens.some(isTitleWord) && tokens.every((t) => isRoleWord(t) || /^\p{Lu}/u.test(t))) return { kind: 'role' };
  return { kind: 'fail' };
}

/**
 * The names of a byline, or null when the text is not a byline. An empty
 * array is a byline without a person ("Posted by admin", "By and ,").
 */
export function parseByline(text: string, lexicon: Lexicon = LEXICON): string[] | null {
  const flat = collapseSpaces(text).trim();
  if (flat.length > MAX_BYLINE_LENGTH) return null;
  const match = lexicon.bylinePrefix.exec(flat);
  if (!match) return null;
  // A date, a time or a separator ends the names: "By Jane Doe | March 3", "Posted by admin on April 7, 2014".
  // "(Reuters)", "(@janedoe)" after a name say where it comes from, not who wrote it.
  const rest = ((match[1] ?? '').split(/\s[|•·—–-]\s|[|•·]|\d/u)[0] ?? '').replace(/\([^)]*\)/gu, ' ');
  const names: string[] = [];
  for (const raw of rest.split(lexicon.nameSeparator)) {
    // An agency's acronym ("APA", "EFE", "SDA") before tidying, which would title-case it as a shouted name.
    if (AGENCY_ACRONYM.test(raw.trim())) continue;
    const part = tidyName(raw);
    if (part === '') continue;
    const kind = classifyPart(part, lexicon);
    if (kind.kind === 'fail') return null;
    if (kind.kind === 'name') names.push(kind.name);
  }
  return names;
}

/** One line of text: a block with lines split by <br> is looked at line by line instead. */
function isLine(segment: Segment): boolean {
  return segment.element === null || !segment.element.children.some((c) => isBlockLike(c) || isTag(c, 'br'));
}

/** "<p><strong>By Jane Doe</strong><br>WASHINGTON — …</p>": the byline is the paragraph's first element. */
function leadingInline(segment: Segment): Element | null {
  const host = segment.element;
  const first = host ? host.children.find((c) => !(c.type === 'text' && c.data.trim() === '')) : segment.nodes[0];
  return first && isElement(first) && !isTag(first, 'br', 'img') ? first : null;
}

/** Removes the leading byline of a body and returns its names (empty when there is none). */
export function extractByline(root: ParentNode, lexicon: Lexicon = LEXICON): string[] {
  // Only the first few lines are read: the text of the rest of the body is never built.
  const leading: Segment[] = [];
  for (const segment of collectSegments(root)) {
    if (leading.length === LEADING_BLOCKS) break;
    if (isLine(segment) && hasWords(segmentText(segment))) leading.push(segment);
  }
  for (const segment of leading) {
    const names = parseByline(segmentText(segment), lexicon);
    if (names) {
      removeSegment(segment);
      return names;
    }
    const inline = leadingInline(segment);
    const inlineNames = inline ? parseByline(textOf(inline), lexicon) : null;
    if (inline && inlineNames && inlineNames.length > 0) {
      const after = nextNonBlank(inline);
      if (after && isTag(after, 'br')) removeNode(after);
      removeNode(inline);
      return inlineNames;
    }
  }
  return [];
}
