/**
 * A strict XML well-formedness check for OPML uploads. The OPML reader
 * (htmlparser2) repairs what it is given: a truncated file would import half
 * its feeds and report success. Subscription lists are small and machine
 * written, so anything short of well-formed XML is refused whole, before a
 * single feed is created. A DOCTYPE (and with it every entity declaration) is
 * refused outright: OPML has no use for one, and it is how entity-expansion
 * and external-entity attacks arrive.
 */
import { FeedloomError } from '../core/errors.js';

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.\u00B7\u00C0-\uFFEF]*/;
const REFERENCE = /^&(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});/;
// Characters XML 1.0 forbids anywhere, even escaped.
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
/** Deeper than any real folder tree; bounds the tag stack a hostile file can build. */
const MAX_DEPTH = 1_000;

function malformed(message: string, xml: string, at: number): FeedloomError {
  const line = xml.slice(0, at).split('\n').length;
  return new FeedloomError('INVALID_OPML', `not well-formed XML at line ${line}: ${message}; nothing was imported`, {
    details: { line },
  });
}

/** Text and attribute values: every `&` starts a known reference, no `<`. */
function checkCharacterData(xml: string, from: number, to: number, inAttribute: boolean): void {
  for (let i = from; i < to; i += 1) {
    const char = xml[i];
    if (char === '<') throw malformed(inAttribute ? '"<" inside an attribute value' : 'a stray "<"', xml, i);
    if (char === '&') {
      const reference = REFERENCE.exec(xml.slice(i, i + 12));
      if (!reference) throw malformed('an "&" that starts no character or predefined entity reference', xml, i);
      i += reference[0].length - 1;
    }
  }
}

/** Reads a start tag's attributes from `at` to its `>`; returns the index after it and whether it was `/>`. */
function readAttributes(xml: string, at: number): { end: number; selfClosing: boolean } {
  const seen = new Set<string>();
  let i = at;
  for (;;) {
    const spaceStart = i;
    while (i < xml.length && /\s/.test(xml[i] as string)) i += 1;
    if (xml.startsWith('/>', i)) return { end: i + 2, selfClosing: true };
    if (xml[i] === '>') return { end: i + 1, selfClosing: false };
    if (i >= xml.length) throw malformed('the document ends inside a tag', xml, i);
    if (i === spaceStart) throw malformed('attributes must be separated by white space', xml, i);
    const name = NAME.exec(xml.slice(i, i + 200))?.[0];
    if (!name) throw malformed('an attribute without a name', xml, i);
    if (seen.has(name)) throw malformed(`attribute "${name}" appears twice`, xml, i);
    seen.add(name);
    i += name.length;
    while (/\s/.test(xml[i] ?? '')) i += 1;
    if (xml[i] !== '=') throw malformed(`attribute "${name}" has no value`, xml, i);
    i += 1;
    while (/\s/.test(xml[i] ?? '')) i += 1;
    const quote = xml[i];
    if (quote !== '"' && quote !== "'") throw malformed(`the value of attribute "${name}" is not quoted`, xml, i);
    const close = xml.indexOf(quote, i + 1);
    if (close < 0) throw malformed('the document ends inside an attribute value', xml, i);
    checkCharacterData(xml, i + 1, close, true);
    i = close + 1;
  }
}

function skipPast(xml: string, from: number, terminator: string, what: string): number {
  const end = xml.indexOf(terminator, from);
  if (end < 0) throw malformed(`the document ends inside ${what}`, xml, from);
  return end + terminator.length;
}

export function assertWellFormedXml(input: string): void {
  const xml = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const forbidden = FORBIDDEN_CHARS.exec(xml);
  if (forbidden) throw malformed(`character U+${forbidden[0].charCodeAt(0).toString(16).padStart(4, '0')} is not allowed in XML`, xml, forbidden.index);
  const stack: string[] = [];
  let rootClosed = false;
  let sawRoot = false;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (stack.length === 0) {
      // Outside the root only white space (and markup below) may appear.
      if (xml.slice(i, textEnd).trim() !== '') throw malformed('text outside the root element', xml, i);
    } else {
      checkCharacterData(xml, i, textEnd, false);
    }
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith('<?', i)) {
      i = skipPast(xml, i + 2, '?>', 'a processing instruction');
    } else if (xml.startsWith('<!--', i)) {
      const end = skipPast(xml, i + 4, '-->', 'a comment');
      if (xml.slice(i + 4, end - 3).includes('--')) throw malformed('"--" inside a comment', xml, i);
      i = end;
    } else if (xml.startsWith('<![CDATA[', i)) {
      if (stack.length === 0) throw malformed('CDATA outside the root element', xml, i);
      i = skipPast(xml, i + 9, ']]>', 'a CDATA section');
    } else if (/^<!DOCTYPE/i.test(xml.slice(i, i + 9))) {
      throw malformed('a DOCTYPE is not accepted (OPML needs none; entity declarations are refused)', xml, i);
    } else if (xml.startsWith('<!', i)) {
      throw malformed('a markup declaration (<!ENTITY, <!ELEMENT, ...) is not accepted', xml, i);
    } else if (xml.startsWith('</', i)) {
      const name = NAME.exec(xml.slice(i + 2, i + 202))?.[0];
      const expected = stack[stack.length - 1];
      if (!name) throw malformed('an end tag without a name', xml, i);
      if (name !== expected) throw malformed(expected ? `</${name}> closes <${expected}>` : `</${name}> closes nothing`, xml, i);
      let j = i + 2 + name.length;
      while (/\s/.test(xml[j] ?? '')) j += 1;
      if (xml[j] !== '>') throw malformed(`end tag </${name}> is not closed`, xml, j);
      stack.pop();
      if (stack.length === 0) rootClosed = true;
      i = j + 1;
    } else {
      const name = NAME.exec(xml.slice(i + 1, i + 201))?.[0];
      if (!name) throw malformed('a "<" that starts no tag', xml, i);
      if (rootClosed || (sawRoot && stack.length === 0)) throw malformed('a second root element', xml, i);
      sawRoot = true;
      const { end, selfClosing } = readAttributes(xml, i + 1 + name.length);
      if (!selfClosing) {
        stack.push(name);
        if (stack.length > MAX_DEPTH) throw malformed(`elements nested more than ${MAX_DEPTH} deep`, xml, i);
      } else if (stack.length === 0) {
        rootClosed = true;
      }
      i = end;
    }
  }
  if (stack.length > 0) throw malformed(`the document ends before </${stack[stack.length - 1]}> (truncated?)`, xml, xml.length);
  if (!sawRoot) throw malformed('no root element', xml, xml.length);
}
