/**
 * What is derived from the cleaned body: its plain text (one paragraph per
 * block, blank line between), a short summary, the word count and the hash
 * that lets two feeds carrying one story agree on its identity.
 */
import { sha256Hex } from '../core/hash.js';
import { BLOCK_TAGS, isElement, isText, type ChildNode, type ParentNode } from './dom.js';

const SKIPPED = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed']);

/** Plain text of a body: paragraphs, headings, list items, captions and table rows separated by a blank line. */
export function plainText(root: ParentNode): string {
  const paragraphs: string[] = [];
  let current = '';
  let preDepth = 0;

  const flush = (): void => {
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
      current += preDepth > 0 ? node.data : node.data.replace(/\s+/g, ' ');
      return;
    }
    if (!isElement(node) || SKIPPED.has(node.name)) return;
    if (node.name === 'br') {
      current += '\n';
      return;
    }
    if (node.name === 'td' || node.name === 'th') {
      if (current.trim() !== '') current += '\t';
      node.children.forEach(visit);
      return;
    }
    const block = BLOCK_TAGS.has(node.name);
    if (block) flush();
    if (node.name === 'pre') preDepth++;
    node.children.forEach(visit);
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
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(' ');
  const head = lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut;
  return `${head.replace(/[\s,;:\-–—]+$/u, '')}…`;
}

export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu)?.length ?? 0;
}

/** Case, typography and spacing do not change a story's identity. */
export function hashableText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

export function contentHash(text: string): string {
  return sha256Hex(hashableText(text));
}
