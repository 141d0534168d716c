/**
 * Reads one site config in the format of FiveFilters' ftr-site-config
 * (inherited from Instapaper): `directive: value` lines, `#` comments,
 * repeated directives accumulating (several `body:` lines are alternatives
 * tried in order). XPath values are compiled here, so a broken expression
 * is reported once, with its line, and left out; it never reaches a page.
 */
import { compileXPath, type CompiledXPath } from './xpath.js';

export interface XPathRule {
  expression: string;
  /** 1-based line in the file, for messages. */
  line: number;
  compiled: CompiledXPath;
}

export interface Replacement {
  find: string;
  replace: string;
}

export interface SiteConfig {
  /** The file it came from (its name, e.g. `.example.com.txt`), for logs and provenance. */
  source: string;
  /** Where the story is; the first expression that matches wins. */
  body: XPathRule[];
  title: XPathRule[];
  author: XPathRule[];
  date: XPathRule[];
  /** What to remove: `strip:` as written, `strip_id_or_class:` and `strip_image_src:` turned into XPath. */
  strip: XPathRule[];
  /** Links to the one-page version of a story split over several pages. */
  singlePageLink: XPathRule[];
  /** Links to the next page of a story split over several pages (followed when there is no single-page version). */
  nextPageLink: XPathRule[];
  /** String replacements on the raw HTML, before it is parsed: `replace_string(find)` lines, then `find_string`/`replace_string` pairs. */
  replacements: Replacement[];
  /** `prune: no`: the body is taken as it is (the format's default is to prune). */
  prune: boolean;
  /** `tidy:` (HTML Tidy in the original tool); read, no effect here: the HTML parser already repairs markup. */
  tidy: boolean;
  /** Readability's guess when no `body:` matches (default yes). */
  autodetectOnFailure: boolean;
  /** Example pages named by the config (for people testing it; not fetched at run time). */
  testUrls: string[];
}

export interface ConfigProblem {
  line: number;
  message: string;
}

const XPATH_DIRECTIVES = {
  body: 'body',
  title: 'title',
  author: 'author',
  date: 'date',
  strip: 'strip',
  single_page_link: 'singlePageLink',
  next_page_link: 'nextPageLink',
} as const satisfies Record<string, keyof SiteConfig>;

/** `name(arg): value` or `name: value`; the argument ends at the first `)` followed by `:`. */
const LINE = /^([a-z0-9_]+)(?:\((.*?)\))?\s*:\s?(.*)$/i;

function yesNo(value: string): boolean | null {
  const v = value.trim().toLowerCase();
  if (v === 'yes' || v === 'true' || v === '1') return true;
  if (v === 'no' || v === 'false' || v === '0') return false;
  return null;
}

/** A class or id name as the format writes it; quotes would break out of the generated expression. */
function plainName(value: string): string | null {
  const name = value.trim().replace(/^(["'])(.*)\1$/, '$2');
  return name === '' || /["']/.test(name) ? null : name;
}

export function parseSiteConfig(text: string, source: string): { config: SiteConfig; problems: ConfigProblem[] } {
  const config: SiteConfig = {
    source,
    body: [],
    title: [],
    author: [],
    date: [],
    strip: [],
    singlePageLink: [],
    nextPageLink: [],
    replacements: [],
    prune: true,
    tidy: true,
    autodetectOnFailure: true,
    testUrls: [],
  };
  const problems: ConfigProblem[] = [];
  // find_string / replace_string pairs match up by position, as in the original tool.
  const finds: string[] = [];
  const replaces: string[] = [];

  const addXPath = (into: XPathRule[], expression: string, line: number): void => {
    try {
      into.push({ expression, line, compiled: compileXPath(expression) });
    } catch (err) {
      problems.push({ line, message: `invalid XPath "${expression}": ${err instanceof Error ? err.message : String(err)}` });
    }
  };

  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const match = LINE.exec(trimmed);
    if (!match) {
      problems.push({ line, message: `not a "directive: value" line: "${trimmed.slice(0, 80)}"` });
      return;
    }
    const directive = (match[1] ?? '').toLowerCase();
    const arg = match[2];
    const value = (match[3] ?? '').trim();
    if (directive in XPATH_DIRECTIVES) {
      if (value !== '') addXPath(config[XPATH_DIRECTIVES[directive as keyof typeof XPATH_DIRECTIVES]], value, line);
      return;
    }
    switch (directive) {
      case 'strip_id_or_class': {
        const name = plainName(value);
        if (name === null) problems.push({ line, message: `strip_id_or_class needs a plain class or id name, got "${value}"` });
        else addXPath(config.strip, `//*[contains(concat(' ',normalize-space(@class),' '),' ${name} ') or @id='${name}']`, line);
        return;
      }
      case 'strip_image_src': {
        const part = plainName(value);
        if (part === null) problems.push({ line, message: `strip_image_src needs a plain piece of a URL, got "${value}"` });
        else addXPath(config.strip, `//img[contains(@src,'${part}')]`, line);
        return;
      }
      case 'find_string':
        finds.push(value);
        return;
      case 'replace_string':
        if (arg !== undefined) {
          if (arg === '') problems.push({ line, message: 'replace_string() with nothing to find' });
          else config.replacements.push({ find: arg, replace: value });
        } else {
          replaces.push(value);
        }
        return;
      case 'prune':
      case 'tidy':
      case 'autodetect_on_failure': {
        const flag = yesNo(value);
        if (flag === null) problems.push({ line, message: `${directive} takes yes or no, got "${value}"` });
        else if (directive === 'prune') config.prune = flag;
        else if (directive === 'tidy') config.tidy = flag;
        else config.autodetectOnFailure = flag;
        return;
      }
      case 'test_url':
        config.testUrls.push(value);
        return;
      default:
      // Other directives (logins, http_header, test_contains, native_ad_clue...) are not acted on, and unknown
      // ones are skipped silently as the original tool does: configs carry directives of newer versions.
    }
  });

  if (finds.length !== replaces.length) {
    problems.push({ line: 0, message: `${finds.length} find_string but ${replaces.length} replace_string lines; the unpaired ones are ignored` });
  }
  for (let i = 0; i < Math.min(finds.length, replaces.length); i++) {
    const find = finds[i] ?? '';
    if (find !== '') config.replacements.push({ find, replace: replaces[i] ?? '' });
  }
  return { config, problems };
}
