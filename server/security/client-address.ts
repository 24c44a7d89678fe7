import ipaddr from 'ipaddr.js';

/**
 * The key one client's requests and sockets are counted under, from the address HTTP or the socket
 * found (TRUST_PROXY hops of X-Forwarded-For). An IPv4-mapped IPv6 address counts as its IPv4 address, a
 * port some proxies append is dropped, and an IPv6 address counts by its /64: one host holds a whole /64
 * and could otherwise take a new address for every request.
 */
export function clientKey(address: string | undefined): string {
  if (!address) return 'unknown';
  let host = address.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) host = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(host)) host = host.slice(0, host.lastIndexOf(':'));
  if (!ipaddr.isValid(host)) return host;
  const parsed = ipaddr.process(host);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  return `${(parsed as ipaddr.IPv6).parts
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}
