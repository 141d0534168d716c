/** The redirects of one fetch: loop detection, the hop limit, and whether every hop was permanent. */
import { FetchError } from '../core/errors.js';

const PERMANENT_STATUSES = new Set([301, 308]);

function withoutFragment(url: URL): string {
  return url.href.replace(/#.*$/, '');
}

export class RedirectChain {
  private readonly visited = new Set<string>();
  private hops = 0;
  private allPermanent = true;

  constructor(
    private readonly requestedUrl: string,
    private readonly maxRedirects: number,
  ) {}

  /** True when at least one redirect was followed and every one was 301/308. */
  get permanent(): boolean {
    return this.hops > 0 && this.allPermanent;
  }

  /** Records the hop from `from` to `to`; returns `to`, or throws when it loops or goes too far. */
  follow(status: number, from: URL, to: URL): URL {
    this.visited.add(withoutFragment(from));
    const url = this.requestedUrl;
    if (this.visited.has(withoutFragment(to))) {
      throw new FetchError('REDIRECT_LOOP', `redirect loop: ${from.href} leads back to ${to.href}`, { url });
    }
    this.hops += 1;
    if (this.hops > this.maxRedirects) {
      throw new FetchError('TOO_MANY_REDIRECTS', `${url} redirects more than ${this.maxRedirects} times`, { url });
    }
    this.allPermanent &&= PERMANENT_STATUSES.has(status);
    return to;
  }
}
