import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/**
 * Server-side request forgery guard for webhook URLs. A webhook makes this server send requests to a URL
 * an admin typed: without this, it could reach the cloud metadata service, the database, or anything on
 * the private network. Addresses are classified with ipaddr.js (not hand-rolled parsing), every address a
 * name resolves to is checked, and the sender connects to the address that was checked (DNS rebinding).
 */

/** Hosts and address ranges an operator has allowed anyway (`FLAGSTAFF_WEBHOOK_ALLOW`). */
export interface AllowList {
  hosts: ReadonlySet<string>;
  ranges: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

export const NOTHING_ALLOWED: AllowList = { hosts: new Set(), ranges: [] };

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (injected in tests to play a hostile DNS). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));
};

/** A URL this server will not call, with a message for the person who gave it. */
export class UnsafeUrlError extends Error {
  override name = 'UnsafeUrlError';
}

export const MAX_URL_LENGTH = 2_000;

export type AllowEntry = { host: string } | { range: [ipaddr.IPv4 | ipaddr.IPv6, number] };

/** One `FLAGSTAFF_WEBHOOK_ALLOW` entry: a host name, an address, or a CIDR range; a string is the problem. */
export function parseAllowEntry(entry: string): AllowEntry | string {
  const value = entry.trim().toLowerCase().replace(/\.$/, '');
  if (value.includes('/')) {
    try {
      const [address, bits] = ipaddr.parseCIDR(value);
      return { range: [normalise(address), bits] };
    } catch {
      return `"${entry}" is not a CIDR range like 10.1.0.0/16`;
    }
  }
  const bare = value.replace(/^\[(.*)\]$/, '$1');
  if (ipaddr.isValid(bare)) {
    const address = normalise(ipaddr.parse(bare));
    return { range: [address, address.kind() === 'ipv4' ? 32 : 128] };
  }
  if (/^[a-z0-9]([a-z0-9-]{0,62}\.)*[a-z0-9-]{1,63}$/.test(value)) return { host: value };
  return `"${entry}" is neither a host name, an address nor a CIDR range`;
}

export function allowListOf(entries: readonly AllowEntry[]): AllowList {
  const hosts = new Set<string>();
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const entry of entries) {
    if ('host' in entry) hosts.add(entry.host);
    else ranges.push(entry.range);
  }
  return { hosts, ranges };
}

/** IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is the IPv4 address it carries: classify that one. */
function normalise(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

function allowedRange(address: ipaddr.IPv4 | ipaddr.IPv6, allow: AllowList): boolean {
  return allow.ranges.some(
    ([range, bits]) => range.kind() === address.kind() && address.match(range as never, bits),
  );
}

/** IPv6 global unicast is 2000::/3; everything else (IPv4-compatible ::a.b.c.d, reserved, ULA…) is refused. */
function isGlobalUnicastV6(address: ipaddr.IPv6): boolean {
  const first = address.parts[0] ?? 0;
  return first >= 0x2000 && first <= 0x3fff;
}

/** Why this address may not be called (null: it may). Only public unicast addresses pass. */
export function addressProblem(literal: string, allow: AllowList = NOTHING_ALLOWED): string | null {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = normalise(ipaddr.parse(literal.replace(/^\[(.*)\]$/, '$1')));
  } catch {
    return `"${literal}" is not an IP address`;
  }
  if (allowedRange(address, allow)) return null;
  const range = address.range();
  if (range !== 'unicast') return `${address.toString()} is in the ${range} range`;
  if (address.kind() === 'ipv6' && !isGlobalUnicastV6(address as ipaddr.IPv6)) {
    return `${address.toString()} is not a global unicast IPv6 address`;
  }
  return null;
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/**
 * What can be said from the URL alone: http or https, no credentials, a host. WHATWG parsing has already
 * turned `2130706433`, `0177.0.0.1`, `0x7f.1` and `127.1` into `127.0.0.1`, so literal addresses are
 * checked in their canonical form.
 */
export function parseWebhookUrl(raw: string): URL {
  if (raw.length > MAX_URL_LENGTH)
    throw new UnsafeUrlError(`The URL is longer than ${MAX_URL_LENGTH} characters`);
  if (!URL.canParse(raw)) throw new UnsafeUrlError('The URL is not a valid absolute URL');
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UnsafeUrlError(`Only http and https URLs are allowed, not ${url.protocol.replace(':', '')}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new UnsafeUrlError('The URL may not carry credentials (user:password@): use the signing secret');
  }
  if (hostOf(url) === '') throw new UnsafeUrlError('The URL has no host');
  return url;
}

/**
 * The address to connect to for this URL, after checking every address its host resolves to: one bad
 * address refuses the URL (a name with a public and a private address is a rebinding tool).
 */
export async function resolveWebhookTarget(
  url: URL,
  allow: AllowList = NOTHING_ALLOWED,
  resolve: Resolver = systemResolver,
): Promise<ResolvedAddress> {
  const host = hostOf(url);
  if (ipaddr.isValid(host)) {
    const problem = addressProblem(host, allow);
    if (problem) throw new UnsafeUrlError(`The URL's host is not allowed: ${problem}`);
    return { address: host, family: host.includes(':') ? 6 : 4 };
  }
  const hostAllowed = allow.hosts.has(host);
  if (!hostAllowed && (host === 'localhost' || host.endsWith('.localhost'))) {
    throw new UnsafeUrlError(`The URL's host is not allowed: ${host} is this machine`);
  }
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolve(host);
  } catch {
    addresses = [];
  }
  if (addresses.length === 0) throw new UnsafeUrlError(`The URL's host ${host} does not resolve`);
  if (!hostAllowed) {
    for (const { address } of addresses) {
      const problem = addressProblem(address, allow);
      if (problem)
        throw new UnsafeUrlError(`The URL's host ${host} resolves to a refused address: ${problem}`);
    }
  }
  return addresses[0]!;
}
