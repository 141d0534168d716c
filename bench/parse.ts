/**
 * Parse throughput: decoding and parsing a large RSS document (WordPress-like
 * items with content:encoded), reported as items/s and MB/s.
 */
import { decodeFeedBytes } from '../src/parse/decode.js';
import { parseFeed } from '../src/parse/index.js';

function bigFeed(items: number): string {
  const body = '<p>' + 'Harbour officials said the new cranes would double capacity by spring. '.repeat(20) + '</p>';
  const entries = Array.from(
    { length: items },
    (_, i) => `<item><title>Story ${i}</title><link>https://news.example/${i}?utm_source=rss</link><guid>g-${i}</guid>
<pubDate>Mon, 02 Nov 2026 10:${String(i % 60).padStart(2, '0')}:00 +0000</pubDate><dc:creator>Jane Doe</dc:creator>
<category>World</category><description><![CDATA[Summary ${i}]]></description><content:encoded><![CDATA[${body}${body}]]></content:encoded></item>`,
  ).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Bench</title><link>https://news.example/</link>${entries}</channel></rss>`;
}

export async function benchParse(): Promise<Record<string, number>> {
  const xml = bigFeed(1_000);
  const bytes = new TextEncoder().encode(xml);
  parseFeed(decodeFeedBytes(bytes, 'application/rss+xml'), { url: 'https://news.example/feed', maxItems: 100_000 });
  const rounds = 5;
  const started = performance.now();
  let items = 0;
  for (let i = 0; i < rounds; i++) {
    items += parseFeed(decodeFeedBytes(bytes, 'application/rss+xml'), { url: 'https://news.example/feed', maxItems: 100_000 }).items.length;
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    'parse.documentKB': Math.round(bytes.length / 1024),
    'parse.itemsPerSecond': Math.round(items / seconds),
    'parse.MBPerSecond': Number(((bytes.length * rounds) / 1e6 / seconds).toFixed(1)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await benchParse());
}
