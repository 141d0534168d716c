/**
 * A directory of site configs (a checkout of ftr-site-config, or the
 * operator's own files): which file serves a host, read once and cached.
 * The file list is re-read when the directory changes (a `git pull` replaces
 * files, which touches the directory) or on SIGHUP; a file is parsed the
 * first time a host needs it. A bad file is skipped with one warning.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { parseSiteConfig, type SiteConfig } from './parse.js';

export interface SiteConfigLimits {
  /** Files larger than this are skipped (the largest real configs are a few KiB). */
  maxFileBytes: number;
  /** Most `.txt` files taken from the directory; the rest are ignored with a warning. */
  maxFiles: number;
}

export const DEFAULT_LIMITS: SiteConfigLimits = { maxFileBytes: 128 * 1024, maxFiles: 20_000 };

/** A file that is mostly wrong would otherwise log a line for each of its lines. */
const MAX_PROBLEMS_LOGGED = 5;

/** How often a lookup may look at the directory's modification time. */
const RECHECK_MS = 2_000;

/** Candidate file names for a host, most specific first: `sport.example.com.txt`, then `.example.com.txt` up the tree. */
export function candidateNames(hostname: string): string[] {
  let host = hostname.toLowerCase().replace(/\.+$/, '');
  if (host.startsWith('www.')) host = host.slice(4);
  if (host === '') return [];
  const names = [`${host}.txt`];
  // `.example.com.txt` serves sub.example.com but not example.com itself; no wildcard for a bare TLD.
  const labels = host.split('.');
  for (let i = 1; i < labels.length - 1; i++) names.push(`.${labels.slice(i).join('.')}.txt`);
  return names;
}

export class SiteConfigDirectory {
  private files: Set<string> | null = null;
  private readonly parsed = new Map<string, SiteConfig | null>();
  private dirMtimeMs = -1;
  private checkedAt = 0;

  constructor(
    readonly dir: string,
    private readonly log: Logger,
    private readonly limits: SiteConfigLimits = DEFAULT_LIMITS,
  ) {}

  /** Forgets every file and parse; the next lookup reads the directory again. */
  reload(): void {
    this.files = null;
    this.parsed.clear();
  }

  /** The config serving `url`'s host, or null (none, or not a URL). */
  forUrl(url: string): SiteConfig | null {
    let hostname: string;
    try {
      hostname = new URL(url).hostname;
    } catch {
      return null;
    }
    return this.forHost(hostname);
  }

  forHost(hostname: string): SiteConfig | null {
    const files = this.fileList();
    for (const name of candidateNames(hostname)) {
      if (!files.has(name)) continue;
      const config = this.load(name);
      if (config) return config;
    }
    return null;
  }

  private fileList(): Set<string> {
    const now = Date.now();
    if (this.files && now - this.checkedAt < RECHECK_MS) return this.files;
    this.checkedAt = now;
    let mtimeMs: number;
    try {
      mtimeMs = statSync(this.dir).mtimeMs;
    } catch (err) {
      if (this.dirMtimeMs !== -2) this.log.warn({ dir: this.dir, err: errorMessage(err) }, 'site config directory unreadable; no site rules apply');
      this.dirMtimeMs = -2;
      this.files = new Set();
      this.parsed.clear();
      return this.files;
    }
    if (this.files && mtimeMs === this.dirMtimeMs) return this.files;
    this.dirMtimeMs = mtimeMs;
    this.parsed.clear();
    const names = readdirSync(this.dir).filter((name) => name.endsWith('.txt')).sort();
    if (names.length > this.limits.maxFiles) {
      this.log.warn({ dir: this.dir, files: names.length, maxFiles: this.limits.maxFiles }, 'too many site config files; the rest are ignored');
    }
    this.files = new Set(names.slice(0, this.limits.maxFiles));
    return this.files;
  }

  private load(name: string): SiteConfig | null {
    if (this.parsed.has(name)) return this.parsed.get(name) ?? null;
    const file = join(this.dir, name);
    let config: SiteConfig | null = null;
    try {
      const size = statSync(file).size;
      if (size > this.limits.maxFileBytes) {
        this.log.warn({ file, size, maxFileBytes: this.limits.maxFileBytes }, 'site config file too large; skipped');
      } else {
        const text = readFileSync(file, 'utf8');
        if (text.includes('\u0000')) {
          this.log.warn({ file }, 'site config file is not text; skipped');
        } else {
          const { config: read, problems } = parseSiteConfig(text, name);
          for (const problem of problems.slice(0, MAX_PROBLEMS_LOGGED)) {
            this.log.warn({ file, line: problem.line }, `site config: ${problem.message}; skipped`);
          }
          if (problems.length > MAX_PROBLEMS_LOGGED) this.log.warn({ file, problems: problems.length }, 'site config: more problems not logged');
          config = read;
        }
      }
    } catch (err) {
      this.log.warn({ file, err: errorMessage(err) }, 'site config file unreadable; skipped');
    }
    this.parsed.set(name, config);
    return config;
  }
}

const directories = new Map<string, SiteConfigDirectory>();
let hangupHooked = false;

/** The one cached directory object per path in this process; SIGHUP makes every one of them re-read its files. */
export function siteConfigDirectory(dir: string, log: Logger): SiteConfigDirectory {
  let found = directories.get(dir);
  if (!found) {
    found = new SiteConfigDirectory(dir, log);
    directories.set(dir, found);
  }
  if (!hangupHooked) {
    hangupHooked = true;
    process.on('SIGHUP', () => {
      for (const directory of directories.values()) directory.reload();
    });
  }
  return found;
}
