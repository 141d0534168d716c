/**
 * The shared article-cleaning corpus as FeedItems, and a scorer run over
 * normalizeItem in-process (the same measures as test/shared/corpus/tools/score.mjs).
 */
import type { FeedItem } from '../../src/core/model.js';
import { silentLogger } from '../../src/core/logger.js';
import { normalizeItem, type NormalizeContext } from '../../src/normalize/index.js';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SHARED } from '../helpers/shared-corpora.js';

// The corpus's own tools (plain .mjs, no type declarations), loaded from wherever the shared corpora are.
const { loadCases } = (await import(pathToFileURL(join(SHARED, 'corpus/tools/lib/feed.mjs')).href)) as { loadCases: (dir: string) => unknown[] };
const { scoreCase, totals } = (await import(pathToFileURL(join(SHARED, 'corpus/tools/score.mjs')).href)) as {
  scoreCase: (c: CorpusCase, article: unknown, page: null) => unknown;
  totals: (results: CaseScore[]) => unknown;
};

export const CORPUS_DIR = join(SHARED, 'corpus/cleaning/');

export interface CorpusCase {
  id: string;
  family: string[];
  feed: { format?: string; title: string; siteUrl: string; language?: string };
  item: {
    title: string;
    link: string;
    guid: string;
    pubDate?: string;
    creator?: string;
    categories?: string[];
    description?: string;
    contentField?: string;
    contentHtml: string;
  };
  expect: Record<string, unknown>;
}

export interface CaseScore {
  id: string;
  score: number;
  keep: { hit: number; total: number; missing: string[] };
  drop: { ok: number; total: number; present: { fragment: string; where: string[] }[] };
  authors: { ok: boolean; expected: string[]; got: string[] } | null;
  url: { ok: boolean; expected: string; got: string | null } | null;
  sanitize: { ok: boolean; violations: string[] };
}

export interface Totals {
  keep: number;
  drop: number;
  authors: number;
  urls: number;
  sanitize: number;
  combined: number;
}

export function loadCorpus(dir = CORPUS_DIR): CorpusCase[] {
  return loadCases(dir) as CorpusCase[];
}

/** The item as a feed parser hands it over: content:encoded, or only a description for summary-only feeds. */
export function caseItem(c: CorpusCase): FeedItem {
  const summaryOnly = c.item.contentField === 'description';
  return {
    guid: c.item.guid,
    url: c.item.link,
    title: c.item.title,
    authors: c.item.creator ? [c.item.creator] : [],
    publishedAt: c.item.pubDate ?? null,
    updatedAt: null,
    summaryHtml: summaryOnly ? c.item.contentHtml : (c.item.description ?? null),
    contentHtml: summaryOnly ? null : c.item.contentHtml,
    baseUrl: c.item.link,
    categories: c.item.categories ?? [],
    imageUrl: null,
    enclosures: [],
    language: c.feed.language ?? 'en-US',
  };
}

export function corpusContext(c: CorpusCase): NormalizeContext {
  return {
    feed: { url: `${c.feed.siteUrl}/feed/`, title: c.feed.title, siteUrl: c.feed.siteUrl, language: c.feed.language ?? 'en-US' },
    fullText: 'never',
    embedHosts: [],
    log: silentLogger,
  };
}

export async function scoreCorpus(cases: CorpusCase[]): Promise<{ results: CaseScore[]; totals: Totals }> {
  const results: CaseScore[] = [];
  for (const c of cases) {
    const article = await normalizeItem(caseItem(c), corpusContext(c));
    results.push(scoreCase(c, article, null) as CaseScore);
  }
  return { results, totals: totals(results) as Totals };
}

/** Failing cases, for the assertion messages: what went missing, what stayed, and the metadata that differs. */
export function failuresOf(results: CaseScore[]): string {
  const failing = results
    .filter((r) => r.keep.missing.length || r.drop.present.length || (r.authors && !r.authors.ok) || (r.url && !r.url.ok) || !r.sanitize.ok)
    .map((r) => ({ id: r.id, missing: r.keep.missing, present: r.drop.present, authors: r.authors, url: r.url, sanitize: r.sanitize.violations }));
  return JSON.stringify(failing);
}

/** The release thresholds: keep ≥ 99%, drop ≥ 98%, authors ≥ 95%, URLs and sanitize 100%. */
export const THRESHOLDS = { keep: 0.99, drop: 0.98, authors: 0.95, urls: 1, sanitize: 1 } as const;
