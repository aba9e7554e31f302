/**
 * Who a request comes from, for per-address limits (DESIGN §6.2 "Client address").
 *
 * - The peer address of the TCP connection, unless that peer is a trusted proxy (`SERMO_TRUSTED_PROXIES`,
 *   addresses or CIDRs, matched by `node:net`'s BlockList): then the right-most `X-Forwarded-For` entry that
 *   is not itself a trusted proxy. Entries further left are whatever the client wrote, so they are never read.
 * - Limits count an address by its key: IPv4 as it is, an IPv4-mapped IPv6 address as its IPv4, any other
 *   IPv6 address by its /64 (one subscriber's network; its 2^64 addresses are one allowance), and all of
 *   127.0.0.0/8 as one host (it is one machine).
 */

import { BlockList, isIP } from 'node:net';

export type TrustedProxies = BlockList | null;

/** Where a connection or request comes from, as per-address limits see it. */
export interface ClientInfo {
  /** The client's address (behind a trusted proxy, the forwarded one). */
  address: string;
  /** What per-address limits count it as (`addressKey`). */
  key: string;
  /** Its request carried X-Forwarded-For that was not trusted: worth a hint when a limit hits it. */
  untrustedForward: boolean;
}

/** The hint for a limit hit by an address whose requests carry an untrusted X-Forwarded-For (DESIGN §6.2). */
export function proxyHint(client: Pick<ClientInfo, 'untrustedForward'>): string {
  return client.untrustedForward
    ? '; its requests carry X-Forwarded-For: behind a load balancer, set SERMO_TRUSTED_PROXIES, or every customer is one address'
    : '';
}

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** An address as the broker counts it: zone dropped, IPv4-mapped IPv6 as IPv4, lower case. */
export function normaliseAddress(address: string): string {
  const plain = address.replace(/%.*$/, '').toLowerCase();
  return MAPPED_IPV4.exec(plain)?.[1] ?? plain;
}

/** Parses `SERMO_TRUSTED_PROXIES`: comma list of addresses or CIDRs; null when empty. Throws naming a bad entry. */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits, ...rest] = entry.split('/');
    const plain = normaliseAddress(address);
    const family = isIP(plain);
    const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
    const maxPrefix = family === 6 ? 128 : 32;
    if (family === 0 || rest.length > 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > maxPrefix) {
      throw new Error(`SERMO_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR (like 10.0.0.0/8 or fd00::/8)`);
    }
    list.addSubnet(plain, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

export function isTrustedProxy(address: string, trusted: TrustedProxies): boolean {
  if (trusted === null) return false;
  const plain = normaliseAddress(address);
  const family = isIP(plain);
  return family !== 0 && trusted.check(plain, family === 6 ? 'ipv6' : 'ipv4');
}

/** An `X-Forwarded-For` entry as an address: brackets and a port (which some proxies add) removed. */
function forwardedEntry(entry: string): string {
  const trimmed = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(trimmed);
  if (bracketed) return normaliseAddress(bracketed[1]!);
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(trimmed);
  return normaliseAddress(withPort ? withPort[1]! : trimmed);
}

/**
 * The client's address: the peer, or behind trusted proxies the right-most forwarded entry that is not a
 * trusted proxy. A malformed entry where the client should be leaves the peer (the proxy) as the address.
 */
export function clientAddress(peer: string, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): string {
  const peerAddress = normaliseAddress(peer);
  if (forwardedFor === undefined || !isTrustedProxy(peerAddress, trusted)) return peerAddress;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',').map(forwardedEntry);
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    if (isIP(entry) === 0) return peerAddress;
    if (!isTrustedProxy(entry, trusted) || i === 0) return entry;
  }
  return peerAddress;
}

/** The eight 16-bit groups of an IPv6 address (which `isIP` has accepted), or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address;
  // A trailing dotted IPv4 (`64:ff9b::192.0.2.1`) is the last two groups.
  const ipv4Tail = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (ipv4Tail) {
    const [a, b, c, d] = ipv4Tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, ipv4Tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail, ...more] = text.split('::');
  if (more.length > 0) return null;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  const missing = 8 - front.length - back.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  return [...front, ...Array<number>(missing).fill(0), ...back];
}

/** The key per-address limits count by (see the top of this file). */
export function addressKey(address: string): string {
  const plain = normaliseAddress(address);
  const family = isIP(plain);
  if (family === 4) return plain.startsWith('127.') ? '127.0.0.0/8' : plain;
  if (family === 6) {
    const groups = ipv6Groups(plain);
    if (groups !== null) return `${groups.slice(0, 4).map((group) => group.toString(16)).join(':')}::/64`;
  }
  return plain;
}
