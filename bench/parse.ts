/**
 * Parse throughput, feedloom beside rss-parser on the same documents: a large
 * WordPress-like RSS feed (content:encoded) and an Atom feed of the same
 * stories. Each parser gets the documents from memory (rss-parser through
 * parseString, so no fetching is timed) and starts from the bytes, decoding
 * included. Reported as items/s and MB/s per parser over both documents.
 * Run alone: npm run build && node dist/bench/parse.js
 */
import Parser from 'rss-parser';
import { pathToFileURL } from 'node:url';
import { decodeFeedBytes } from '../src/parse/decode.js';
import { parseFeed } from '../src/parse/index.js';

const ITEMS = 1_000;
const ROUNDS = 5;
const BODY = '<p>' + 'Harbour officials said the new cranes would double capacity by spring. '.repeat(20) + '</p>';

function rssFeed(items: number): string {
  const entries = Array.from(
    { length: items },
    (_, i) => `<item><title>Story ${i}</title><link>https://news.example/${i}?utm_source=rss</link><guid>g-${i}</guid>
<pubDate>Mon, 02 Nov 2026 10:${String(i % 60).padStart(2, '0')}:00 +0000</pubDate><dc:creator>Jane Doe</dc:creator>
<category>World</category><description><![CDATA[Summary ${i}]]></description><content:encoded><![CDATA[${BODY}${BODY}]]></content:encoded></item>`,
  ).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Bench</title><link>https://news.example/</link>${entries}</channel></rss>`;
}

function atomFeed(items: number): string {
  const entries = Array.from(
    { length: items },
    (_, i) => `<entry><title>Story ${i}</title><link rel="alternate" href="https://news.example/${i}"/><id>tag:news.example,2026:${i}</id>
<updated>2026-11-02T10:${String(i % 60).padStart(2, '0')}:00Z</updated><author><name>Jane Doe</name></author><category term="World"/>
<summary>Summary ${i}</summary><content type="html"><![CDATA[${BODY}${BODY}]]></content></entry>`,
  ).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Bench</title><id>tag:news.example,2026:feed</id><updated>2026-11-02T10:00:00Z</updated><link href="https://news.example/"/>${entries}</feed>`;
}

interface Document {
  bytes: Uint8Array;
  contentType: string;
}

/** Parses every document once and returns how many items came out. */
type ParseAll = (documents: Document[]) => Promise<number>;

const feedloom: ParseAll = async (documents) => {
  let items = 0;
  for (const doc of documents) {
    items += parseFeed(decodeFeedBytes(doc.bytes, doc.contentType), { url: 'https://news.example/feed', maxItems: 100_000 }).items.length;
  }
  return items;
};

const rssParser = new Parser();
const decoder = new TextDecoder();
const rssParserAll: ParseAll = async (documents) => {
  let items = 0;
  for (const doc of documents) items += (await rssParser.parseString(decoder.decode(doc.bytes))).items.length;
  return items;
};

async function measure(parse: ParseAll, documents: Document[], expected: number): Promise<{ itemsPerSecond: number; MBPerSecond: number }> {
  // A warm-up round, which also checks that the parser read every item (a parser that drops items would look fast).
  const found = await parse(documents);
  if (found !== expected) throw new Error(`parse bench: expected ${expected} items, the parser returned ${found}`);
  const bytes = documents.reduce((sum, doc) => sum + doc.bytes.length, 0);
  const started = performance.now();
  let items = 0;
  for (let round = 0; round < ROUNDS; round += 1) items += await parse(documents);
  const seconds = (performance.now() - started) / 1000;
  return { itemsPerSecond: Math.round(items / seconds), MBPerSecond: Number(((bytes * ROUNDS) / 1e6 / seconds).toFixed(1)) };
}

export async function benchParse(): Promise<Record<string, number>> {
  const encoder = new TextEncoder();
  const documents: Document[] = [
    { bytes: encoder.encode(rssFeed(ITEMS)), contentType: 'application/rss+xml; charset=UTF-8' },
    { bytes: encoder.encode(atomFeed(ITEMS)), contentType: 'application/atom+xml; charset=UTF-8' },
  ];
  const expected = ITEMS * documents.length;
  const ours = await measure(feedloom, documents, expected);
  const theirs = await measure(rssParserAll, documents, expected);
  return {
    'parse.input, both documents (KB)': Math.round(documents.reduce((sum, doc) => sum + doc.bytes.length, 0) / 1024),
    'parse.feedloom (items/s)': ours.itemsPerSecond,
    'parse.feedloom (MB/s)': ours.MBPerSecond,
    'parse.rss-parser (items/s)': theirs.itemsPerSecond,
    'parse.rss-parser (MB/s)': theirs.MBPerSecond,
    'parse.feedloom / rss-parser (ratio)': Number((ours.itemsPerSecond / theirs.itemsPerSecond).toFixed(2)),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await benchParse());
}
