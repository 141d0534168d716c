/**
 * XPath 1.0 over linkedom documents, through the `xpath` package (a complete
 * XPath 1.0 engine over any W3C-like DOM). Expressions are compiled once when
 * a site config is read; evaluation runs in HTML mode (case-insensitive tag
 * names, elements match without a namespace prefix), as site configs expect.
 */
import xpath from 'xpath';

interface XPathValue {
  /** Present on node-set results only. */
  toArray?: () => Node[];
  stringValue(): string;
}

/** A compiled expression: `xpath.parse()`'s result. */
export interface CompiledXPath {
  evaluate(options: { node: Node; isHtml: boolean }): XPathValue;
}

// The package's published types leave out parse(), the only entry point that compiles an expression once
// and accepts the isHtml option linkedom documents need (their elements carry the XHTML namespace).
const engine = xpath as unknown as { parse(expression: string): CompiledXPath };

/** Longest expression accepted: real configs stay far below; a longer one is a mistake or an attack. */
export const MAX_XPATH_CHARS = 2_000;

/** Compiles `expression`; throws with the parser's message when it is not XPath 1.0. */
export function compileXPath(expression: string): CompiledXPath {
  if (expression.length > MAX_XPATH_CHARS) throw new Error(`longer than ${MAX_XPATH_CHARS} characters`);
  return engine.parse(expression);
}

/** What an expression yields on `root`: nodes for a node-set, a string for string/number/boolean results. */
export function evaluateXPath(compiled: CompiledXPath, root: Node): Node[] | string {
  const value = compiled.evaluate({ node: root, isHtml: true });
  return value.toArray ? value.toArray() : value.stringValue();
}
