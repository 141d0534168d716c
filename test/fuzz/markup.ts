/** Markup builders shared by the fuzz tests: an element written closed, self-closed, left open or closed by the wrong name. */
import fc from 'fast-check';

export type Closing = 'close' | 'self' | 'open' | 'mismatch';

/** Mostly well closed; the rest broken in each of the ways feeds break. */
export const closingArb: fc.Arbitrary<Closing> = fc.constantFrom<Closing>('close', 'close', 'close', 'close', 'self', 'open', 'mismatch');

/** `<name attrs>content</name>`, or the broken variant `closing` asks for (`other` is the wrong closing name). */
export function element(name: string, attrs: string[], content: string, closing: Closing, other: string): string {
  const open = `<${name}${attrs.join('')}`;
  if (closing === 'self') return `${open} />`;
  if (closing === 'open') return `${open}>${content}`;
  return `${open}>${content}</${closing === 'mismatch' ? other : name}>`;
}
