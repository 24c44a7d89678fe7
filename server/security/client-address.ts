import { isIP } from 'node:net';

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
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(host);
  if (mapped) host = mapped[1]!;
  if (isIP(host) !== 6) return host;
  return `${expandIPv6(host).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address, without zone and with `::` filled in. */
function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('%')[0]!.toLowerCase().split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  // An embedded IPv4 tail (::ffff:… was handled above; others are rare) counts as two groups.
  const convert = (parts: string[]) =>
    parts.flatMap((part) =>
      part.includes('.')
        ? (() => {
            const [a, b, c, d] = part.split('.').map(Number) as [number, number, number, number];
            return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
          })()
        : [part],
    );
  const left = convert(groups(head));
  const right = tail === undefined ? [] : convert(groups(tail));
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((group) => group.replace(/^0+(?=.)/, ''));
}
