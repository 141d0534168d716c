/**
 * The undici connector that enforces the SSRF guard at connection time: the
 * addresses checked are the addresses the socket connects to, so a DNS answer
 * that changes between validation and connection (rebinding) cannot slip
 * through.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { buildConnector } from 'undici';
import { isPermittedAddress } from './ssrf.js';
import { neverResolves } from './local-names.js';

/** Raised inside the connector; the client turns it into FetchError 'BLOCKED_ADDRESS'. */
export class BlockedAddressError extends Error {
  readonly code = 'FEEDLOOM_BLOCKED_ADDRESS';
  constructor(
    readonly hostname: string,
    readonly address: string,
  ) {
    super(`${hostname} resolves to ${address}, a private or reserved address not in ALLOW_HOSTS`);
    this.name = 'BlockedAddressError';
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net/tls.connect that refuses the whole answer when any
 * address is blocked: connecting to the permitted ones only would let an
 * attacker who controls DNS pick which one we try.
 */
function guardedLookup(port: string, allowHosts: string[]) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    if (neverResolves(hostname)) {
      callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname }), []);
      return;
    }
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) {
        callback(err, []);
        return;
      }
      const refused = addresses.find((entry) => !isPermittedAddress(entry.address, hostname, port, allowHosts));
      if (refused !== undefined) {
        callback(new BlockedAddressError(hostname, refused.address), []);
        return;
      }
      if (options.all === true) {
        callback(null, addresses);
        return;
      }
      const first = addresses[0];
      if (first === undefined) {
        callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
        return;
      }
      callback(null, first.address, first.family);
    });
  };
}

type Connector = buildConnector.connector;

export interface GuardedConnectorOptions {
  allowHosts: string[];
  connectTimeoutMs: number;
}

/**
 * One undici connector per port (lookup does not learn the port, and
 * "host:port" allow entries need it); IP literals never reach `lookup`, so
 * they are checked here before connecting.
 */
export function guardedConnector({ allowHosts, connectTimeoutMs }: GuardedConnectorOptions): Connector {
  const byPort = new Map<string, Connector>();
  return (options, callback) => {
    const port = options.port !== '' ? options.port : options.protocol === 'https:' ? '443' : '80';
    const host = options.hostname;
    if (isIP(host) !== 0 && !isPermittedAddress(host, host, port, allowHosts)) {
      callback(new BlockedAddressError(host, host), null);
      return;
    }
    let connector = byPort.get(port);
    if (connector === undefined) {
      connector = buildConnector({ timeout: connectTimeoutMs, lookup: guardedLookup(port, allowHosts) });
      byPort.set(port, connector);
    }
    connector(options, callback);
  };
}
