import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipv6Bytes, isBlockedAddress } from '../../src/fetch/blocked-ranges.js';

const BLOCKED = [
  // IPv4
  '0.0.0.0', '0.1.2.3', '10.0.0.1', '10.255.255.255', '100.64.0.1', '100.127.255.254', '127.0.0.1', '127.255.0.9',
  '169.254.169.254', '169.254.0.1', '172.16.0.1', '172.31.255.255', '192.0.0.8', '192.0.2.1', '192.88.99.1',
  '192.168.0.1', '192.168.255.255', '198.18.0.1', '198.19.255.255', '198.51.100.7', '203.0.113.9',
  '224.0.0.1', '239.255.255.250', '240.0.0.1', '255.255.255.255',
  // IPv6
  '::', '::1', '[::1]', 'fe80::1', 'fe80::1%eth0', 'febf::1', 'fc00::1', 'fd12:3456::1', 'fec0::1', 'ff02::1', 'ff05::1:3',
  '2001:db8::1', '2001::1', '3fff::1', '100::1', '64:ff9b:1::1',
  // IPv4 carried inside IPv6
  '::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:a9fe:a9fe', '::ffff:10.0.0.1', '::ffff:192.168.1.1',
  '::127.0.0.1', '::a00:1', '64:ff9b::127.0.0.1', '64:ff9b::a9fe:a9fe', '64:ff9b::c0a8:101', '2002:7f00:1::1', '2002:a9fe:a9fe::',
  // Not an address at all: fail closed.
  '', 'localhost', '999.1.1.1', '1.2.3', 'gggg::1',
];

const PUBLIC = [
  '1.1.1.1', '8.8.8.8', '93.184.216.34', '100.63.255.255', '100.128.0.1', '172.15.255.255', '172.32.0.1',
  '192.167.1.1', '192.169.0.1', '198.17.255.255', '198.20.0.1', '223.255.255.255', '11.0.0.1', '126.255.255.255',
  '2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8', '2002:808:808::1',
  '2400:cb00::1', '[2606:4700::1111]',
];

describe('isBlockedAddress', () => {
  it.each(BLOCKED)('blocks %s', (ip) => {
    expect(isBlockedAddress(ip)).toBe(true);
  });

  it.each(PUBLIC)('lets public %s through', (ip) => {
    expect(isBlockedAddress(ip)).toBe(false);
  });

  it('blocks an IPv4 address exactly when its IPv4-mapped IPv6 form is blocked', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(isBlockedAddress(`::ffff:${ip}`)).toBe(isBlockedAddress(ip));
        expect(isBlockedAddress(`64:ff9b::${ip}`)).toBe(isBlockedAddress(ip));
      }),
    );
  });

  it('blocks every address of the private ranges', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 16, max: 31 }), (a, b, c) => {
        expect(isBlockedAddress(`10.${a}.${b}.${c}`)).toBe(true);
        expect(isBlockedAddress(`172.${c}.${a}.${b}`)).toBe(true);
        expect(isBlockedAddress(`192.168.${a}.${b}`)).toBe(true);
        expect(isBlockedAddress(`127.${a}.${b}.${c}`)).toBe(true);
      }),
    );
  });
});

describe('ipv6Bytes', () => {
  it('expands compressed and dotted forms', () => {
    expect(Buffer.from(ipv6Bytes('::ffff:127.0.0.1') ?? []).toString('hex')).toBe('00000000000000000000ffff7f000001');
    expect(Buffer.from(ipv6Bytes('fe80::1%eth0') ?? []).toString('hex')).toBe('fe800000000000000000000000000001');
    expect(Buffer.from(ipv6Bytes('2001:db8:0:0:1:0:0:1') ?? []).toString('hex')).toBe('20010db8000000000001000000000001');
    expect(ipv6Bytes('127.0.0.1')).toBeNull();
  });
});
