import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/index.js';
import { candidateNames, SiteConfigDirectory } from '../../../src/normalize/site-config/directory.js';
import { parseSiteConfig } from '../../../src/normalize/site-config/parse.js';
import { collectingLogger } from '../../helpers/logs.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const fixture = (name: string) => parseSiteConfig(readFileSync(join(FIXTURES, name), 'utf8'), name);


const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'feedloom-site-config-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('site config parser on real configs', () => {
  it('reads every directive of the Guardian config and compiles every XPath in it', () => {
    const { config, problems } = fixture('theguardian.com.txt');
    expect(problems).toEqual([]);
    expect(config.body.map((r) => r.expression)).toEqual([
      `//figure[.//picture[@itemProp="contentUrl"]] | //div[contains(@class, 'article-body')]`,
    ]);
    // 24 strip: lines and 9 strip_id_or_class: lines, in file order.
    expect(config.strip).toHaveLength(33);
    expect(config.strip.find((r) => r.line === 23)?.expression).toBe(
      `//*[contains(concat(' ',normalize-space(@class),' '),' sign-in-gate ') or @id='sign-in-gate']`,
    );
    expect(config.title.map((r) => r.expression)).toEqual([`//h1[@articleprop='headline']`]);
    expect(config.author.map((r) => r.expression)).toEqual([`//a[@rel='author']`]);
    expect(config.date.map((r) => r.expression)).toEqual(['//article//time/@datetime']);
    expect(config.prune).toBe(false);
    expect(config.tidy).toBe(false);
    expect(config.autodetectOnFailure).toBe(true);
    expect(config.testUrls).toHaveLength(9);
  });

  it('reads heise: replace_string(...) pairs, single_page_link alternatives, login lines ignored', () => {
    const { config, problems } = fixture('heise.de.txt');
    expect(problems).toEqual([]);
    expect(config.replacements).toHaveLength(9);
    expect(config.replacements[0]).toEqual({ find: '<h5>', replace: '<h2>' });
    expect(config.replacements[3]).toEqual({ find: ' | heise online</title>', replace: '</title>' });
    expect(config.replacements[8]).toEqual({ find: '<div class="heisebox">', replace: '<blockquote>' });
    expect(config.singlePageLink.map((r) => r.expression)).toEqual([`//a[contains(@href, '?view=print')]`, `//a[contains(@title, 'Druck')]`]);
    expect(config.nextPageLink).toHaveLength(3);
    expect(config.body).toHaveLength(1);
    expect(config.author).toHaveLength(2);
    expect(config.testUrls).toHaveLength(8);
  });

  it('keeps body and date alternatives in file order (Wired, Ars Technica), and no body at all (NYT)', () => {
    expect(fixture('.wired.com.txt').config.body.map((r) => r.line)).toEqual([4, 5]);
    const ars = fixture('arstechnica.com.txt');
    expect(ars.problems).toEqual([]);
    expect(ars.config.date.map((r) => r.expression)).toEqual([
      `//div[@class='byline']/span[@class='posted']//abbr/@original-title`,
      `//div[@class='byline']/span[@class='posted']//abbr`,
    ]);
    const nyt = fixture('.nytimes.com.txt');
    expect(nyt.problems).toEqual([]);
    expect(nyt.config.body).toEqual([]);
    expect(nyt.config.strip).toHaveLength(1);
    expect(nyt.config.singlePageLink).toHaveLength(1);
    const spiegel = fixture('spiegel.de.txt');
    expect(spiegel.problems).toEqual([]);
    expect(spiegel.config.strip).toHaveLength(4);
  });
});

describe('site config parser on broken and unusual lines', () => {
  const text = [
    '# a config written for this test',
    'body: //div[@id="story"',
    'body: //div[@id="story"]',
    'strip_image_src: pixel.example',
    'strip_id_or_class: "promo"',
    "strip_id_or_class: bad'name",
    'find_string: <b class="x">',
    'replace_string: <strong>',
    'find_string: </b>',
    'replace_string: </strong>',
    'autodetect_on_failure: no',
    'prune: maybe',
    'this line has no directive',
    'some_future_directive: whatever',
  ].join('\n');

  it('skips an invalid XPath with its line, keeps the rest, and turns the shorthand directives into XPath', () => {
    const { config, problems } = parseSiteConfig(text, 'broken.example.txt');
    expect(problems.map((p) => p.line)).toEqual([2, 6, 12, 13]);
    expect(problems[0]?.message).toContain('invalid XPath "//div[@id="story""');
    expect(config.body.map((r) => r.line)).toEqual([3]);
    expect(config.strip.map((r) => r.expression)).toEqual([
      "//img[contains(@src,'pixel.example')]",
      `//*[contains(concat(' ',normalize-space(@class),' '),' promo ') or @id='promo']`,
    ]);
    expect(config.replacements).toEqual([
      { find: '<b class="x">', replace: '<strong>' },
      { find: '</b>', replace: '</strong>' },
    ]);
    expect(config.autodetectOnFailure).toBe(false);
    expect(config.prune).toBe(true);
  });
});

describe('site config directory', () => {
  it('names candidates as the format does: exact host without www, then wildcard parents, never the bare domain as a wildcard', () => {
    expect(candidateNames('www.theguardian.com')).toEqual(['theguardian.com.txt']);
    expect(candidateNames('interactive.wired.com')).toEqual(['interactive.wired.com.txt', '.wired.com.txt']);
    expect(candidateNames('a.b.nytimes.com.')).toEqual(['a.b.nytimes.com.txt', '.b.nytimes.com.txt', '.nytimes.com.txt']);
  });

  it('finds configs by host and by wildcard, caches them, and re-reads the list when the directory changes', () => {
    const dir = tempDir();
    for (const name of ['theguardian.com.txt', '.wired.com.txt']) copyFileSync(join(FIXTURES, name), join(dir, name));
    const { log } = collectingLogger();
    const configs = new SiteConfigDirectory(dir, log);
    expect(configs.forUrl('https://www.theguardian.com/world/2024/x')?.source).toBe('theguardian.com.txt');
    expect(configs.forUrl('https://interactive.wired.com/story')?.source).toBe('.wired.com.txt');
    expect(configs.forUrl('https://wired.com/story')).toBeNull();
    expect(configs.forUrl('not a url')).toBeNull();
    const first = configs.forHost('theguardian.com');
    expect(configs.forHost('theguardian.com')).toBe(first);

    copyFileSync(join(FIXTURES, 'heise.de.txt'), join(dir, 'heise.de.txt'));
    // The list is re-read when the directory's mtime moves; reload() (what SIGHUP calls) forces it at once.
    utimesSync(dir, new Date(), new Date(Date.now() + 60_000));
    configs.reload();
    expect(configs.forHost('www.heise.de')?.source).toBe('heise.de.txt');
    expect(configs.forHost('theguardian.com')).not.toBe(first);
  });

  it('skips a broken file with a warning naming it and the line, and skips files over the size or count bound', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.example.txt'), 'body: //article[\nstrip: //aside\n');
    writeFileSync(join(dir, 'binary.example.txt'), Buffer.from([0x62, 0x6f, 0x64, 0x79, 0x00, 0xff]));
    writeFileSync(join(dir, 'huge.example.txt'), `strip: //aside\n${'# padding\n'.repeat(200)}`);
    const { log, records } = collectingLogger();
    const configs = new SiteConfigDirectory(dir, log, { maxFileBytes: 1_000, maxFiles: 10 });
    const broken = configs.forHost('broken.example');
    expect(broken?.body).toEqual([]);
    expect(broken?.strip.map((r) => r.expression)).toEqual(['//aside']);
    expect(records()).toContainEqual(expect.objectContaining({ file: join(dir, 'broken.example.txt'), line: 1 }));
    expect(String(records()[0]?.msg)).toContain('invalid XPath "//article["');
    // Parsed once: a second lookup logs nothing new.
    configs.forHost('broken.example');
    expect(records()).toHaveLength(1);
    expect(configs.forHost('binary.example')).toBeNull();
    expect(configs.forHost('huge.example')).toBeNull();
    expect(records().map((l) => l.msg)).toEqual([
      expect.stringContaining('invalid XPath'),
      'site config file is not text; skipped',
      'site config file too large; skipped',
    ]);

    const few = new SiteConfigDirectory(dir, log, { maxFileBytes: 1_000, maxFiles: 1 });
    expect(few.forHost('broken.example')).toBeNull();
    expect(records().at(-1)).toMatchObject({ msg: 'too many site config files; the rest are ignored', files: 3, maxFiles: 1 });
  });

  it('treats a missing directory as no site rules, with one warning', () => {
    const { log, records } = collectingLogger();
    const configs = new SiteConfigDirectory(join(tempDir(), 'absent'), log);
    expect(configs.forHost('theguardian.com')).toBeNull();
    expect(records()).toHaveLength(1);
    expect(records()[0]).toMatchObject({ msg: 'site config directory unreadable; no site rules apply' });
  });

  it('is named by SITE_CONFIG_DIR (unset: none)', () => {
    expect(loadConfig({ SITE_CONFIG_DIR: FIXTURES }).siteConfigDir).toBe(FIXTURES);
    expect(loadConfig({}).siteConfigDir).toBeNull();
  });
});
