import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress, parseTrustedProxies } from './client-address.ts';

describe('addressKey', () => {
  it('counts an IPv6 address by its /64, whatever its spelling', () => {
    const key = addressKey('2001:db8:1:2::1');
    expect(key).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe(key);
    expect(addressKey('2001:db8:1:2:aaaa::%eth0')).toBe(key);
    expect(addressKey('2001:db8:1:3::1')).not.toBe(key);
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
  });

  it('counts IPv4 by address, an IPv4-mapped IPv6 address as its IPv4, and all of 127/8 as one host', () => {
    expect(addressKey('198.51.100.7')).toBe('198.51.100.7');
    expect(addressKey('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(addressKey('198.51.100.8')).not.toBe(addressKey('198.51.100.7'));
    expect(addressKey('127.0.0.1')).toBe(addressKey('127.3.2.1'));
    expect(addressKey('::ffff:127.0.0.1')).toBe('127.0.0.0/8');
  });
});

describe('clientAddress', () => {
  const trusted = parseTrustedProxies('10.0.0.0/8, 192.0.2.1, fd00::/8');

  it('is the peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('203.0.113.5', '198.51.100.1', null)).toBe('203.0.113.5');
    expect(clientAddress('::ffff:203.0.113.5', undefined, trusted)).toBe('203.0.113.5');
    expect(clientAddress('203.0.113.5', '198.51.100.1', trusted)).toBe('203.0.113.5');
  });

  it('is the right-most entry that is not a trusted proxy when the peer is one', () => {
    expect(clientAddress('10.1.1.1', '1.1.1.1, 198.51.100.2, 10.2.2.2', trusted)).toBe('198.51.100.2');
    expect(clientAddress('192.0.2.1', ['1.1.1.1', '198.51.100.2:4711'], trusted)).toBe('198.51.100.2');
    expect(clientAddress('fd00::1', '[2001:db8::7]:443', trusted)).toBe('2001:db8::7');
    expect(clientAddress('10.1.1.1', '10.3.3.3, 10.2.2.2', trusted)).toBe('10.3.3.3');
  });

  it('falls back to the proxy when the entry where the client should be is not an address', () => {
    expect(clientAddress('10.1.1.1', '198.51.100.2, unknown', trusted)).toBe('10.1.1.1');
    expect(clientAddress('10.1.1.1', '', trusted)).toBe('10.1.1.1');
  });
});

describe('parseTrustedProxies', () => {
  it('names a bad entry and the expected form', () => {
    expect(() => parseTrustedProxies('10.0.0.0/8, proxy.internal')).toThrow(/SERMO_TRUSTED_PROXIES: "proxy.internal".*CIDR/);
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow(/10\.0\.0\.0\/33/);
    expect(parseTrustedProxies(' ')).toBeNull();
  });
});
