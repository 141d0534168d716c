/**
 * What is derived from the cleaned body: its plain text (one paragraph per
 * block, blank line between), a short summary, the word count and the hash
 * that lets two feeds carrying one story agree on its identity.
 */
import { sha256Hex } from '../core/hash.js';
import { BLOCK_TAGS, isElement, isText, type ChildNode, type ParentNode } from './dom.js';

const SKIPPED = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed']);

/** Runs of whitespace that are not already one plain space: what `/\s+/g → ' '` would change. */
const LOOSE_SPACE = /[^\S ]\s*| \s+/g;

/** `/\s+/g → ' '`, without rewriting the single spaces that are most of a text. */
export function collapseSpaces(text: string): string {
  LOOSE_SPACE.lastIndex = 0;
  return LOOSE_SPACE.test(text) ? text.replace(LOOSE_SPACE, ' ') : text;
}

/** Plain text of a body: paragraphs, headings, list items, captions and rows separated by a blank line. */
export function plainText(root: ParentNode): string {
  const paragraphs: string[] = [];
  let current = '';
  let preDepth = 0;

  const flush = (): void => {
    if (current === '') return;
    // Outside <pre> the text holds no line break or tab but those of <br> and table cells: one line.
    if (preDepth === 0 && !current.includes('\n') && !current.includes('\t')) {
      const line = collapseSpaces(current).trim();
      if (line !== '') paragraphs.push(line);
      current = '';
      return;
    }
    // Outside <pre>, an empty line (<br><br>) separates paragraphs as a block would.
    const pieces = preDepth > 0 ? [current] : current.split(/\n[^\S\n]*\n/);
    for (const piece of pieces) {
      const lines = piece.split('\n').map((line) => (preDepth > 0 ? line.replace(/\s+$/, '') : line.replace(/[^\S\t]+/g, ' ').replace(/ ?\t ?/g, '\t').trim()));
      const text = lines.filter((line) => line.trim() !== '').join('\n');
      if (text) paragraphs.push(text);
    }
    current = '';
  };

  const visit = (node: ChildNode): void => {
    if (isText(node)) {
      current += preDepth > 0 ? node.data : collapseSpaces(node.data);
      return;
    }
    if (!isElement(node) || SKIPPED.has(node.name)) return;
    if (node.name === 'br') {
      current += '\n';
      return;
    }
    const children = node.children;
    if (node.name === 'td' || node.name === 'th') {
      if (current.trim() !== '') current += '\t';
      for (let i = 0; i < children.length; i++) visit(children[i] as ChildNode);
      return;
    }
    const block = BLOCK_TAGS.has(node.name);
    if (block) flush();
    if (node.name === 'pre') preDepth++;
    for (let i = 0; i < children.length; i++) visit(children[i] as ChildNode);
    if (block) flush();
    if (node.name === 'pre') preDepth--;
  };

  root.children.forEach(visit);
  flush();
  return paragraphs.join('\n\n');
}

export const SUMMARY_LENGTH = 300;

/** The text on one line, cut at a word boundary with "…" when longer than `max` characters. */
export function summarize(text: string, max = SUMMARY_LENGTH): string {
  const flat = leadingFlatText(text, max);
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(' ');
  const head = lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut;
  return `${head.replace(/[\s,;:\-–—]+$/u, '')}…`;
}

/**
 * The text on one line and trimmed, or, when that is longer than `max`, enough of its start to tell (more
 * than `max` characters): the summary of a long article reads its first paragraphs, not all of it.
 */
function leadingFlatText(text: string, max: number): string {
  for (let take = 4 * max; take < text.length; take *= 4) {
    // The prefix's flat form is the start of the whole text's, up to a trailing space the whole may not end with.
    const flat = collapseSpaces(text.slice(0, take)).trimStart();
    if (flat.length > max) return flat;
  }
  return collapseSpaces(text).trim();
}

const WORD_PART = /[\p{L}\p{N}]/u;

/** Letters and digits start and continue a word; apostrophes, dots and hyphens only continue one. */
function charClass(code: number, text: string, at: number): 'word' | 'joiner' | 'other' {
  if (code < 0x80) {
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39)) return 'word';
    return code === 0x27 || code === 0x2e || code === 0x2d ? 'joiner' : 'other';
  }
  if (code === 0x2019) return 'joiner';
  return WORD_PART.test(String.fromCodePoint(text.codePointAt(at) as number)) ? 'word' : 'other';
}

/** How many words: runs of letters and digits, with ' ’ . - inside a word (the regex [\p{L}\p{N}][\p{L}\p{N}'’.-]* would count the same). */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const kind = charClass(code, text, i);
    if (kind === 'word') {
      if (!inWord) words++;
      inWord = true;
    } else if (kind === 'other') {
      inWord = false;
    }
    // The low half of a surrogate pair was read with its high half.
    if (code >= 0xd800 && code <= 0xdbff && (text.codePointAt(i) as number) > 0xffff) i++;
  }
  return words;
}

/** Typographic quotes and dashes: one scan of the text for all three kinds, not one scan a kind. */
const TYPOGRAPHIC = /[\u2010-\u2015\u2018-\u201f\u2212]/g;

function plainTypography(char: string): string {
  if (char <= '\u2015' || char === '\u2212') return '-';
  return char <= '\u201b' ? "'" : '"';
}

/** Case, typography and spacing do not change a story's identity. */
export function hashableText(text: string): string {
  return collapseSpaces(text.normalize('NFKC').toLowerCase().replace(TYPOGRAPHIC, plainTypography)).trim();
}

export function contentHash(text: string): string {
  return sha256Hex(hashableText(text));
}
