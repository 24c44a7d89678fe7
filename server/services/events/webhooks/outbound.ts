import { Resolver } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Addresses an outbound request must never reach: the platform's own network, the host, the cloud metadata. */
const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  // ::/96 holds ::, ::1 and the IPv4-compatible forms (::7f00:1 is 127.0.0.1).
  ['::', 96],
  // IPv4-translated (SIIT, RFC 2765): ::ffff:0:7f00:1 is 127.0.0.1 behind a translator; never a public target.
  ['::ffff:0:0:0', 96],
  ['100::', 64],
  ['2001::', 32],
  ['2002::', 16],
  ['fec0::', 10],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['64:ff9b::', 96],
  // Local-use NAT64 (RFC 8215): an IPv4 address of the operator's own network behind it.
  ['64:ff9b:1::', 48],
] as const)
  PRIVATE.addSubnet(network, prefix, 'ipv6');

/** Whether an address is private, loopback, link-local or otherwise not on the public internet. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family !== 6) return true;
  // IPv4-mapped IPv6 (::ffff:10.0.0.1) is the IPv4 address behind it.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1]!, 'ipv4');
  return PRIVATE.check(address, 'ipv6');
}

/** A target refused before any request was made; the message is shown to the party's admins. */
export class RefusedTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedTargetError';
  }
}

export interface OutboundPolicy {
  /** Tests only: http:// and private addresses allowed. */
  allowPrivateTargets: boolean;
}

/** Checks the URL's form (https, no credentials). */
export function checkUrl(raw: string, policy: OutboundPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RefusedTargetError('The URL is not valid.');
  }
  if (url.protocol !== 'https:' && !(policy.allowPrivateTargets && url.protocol === 'http:'))
    throw new RefusedTargetError('Webhook endpoints must use https.');
  if (url.username || url.password) throw new RefusedTargetError('The URL must not carry credentials.');
  if (url.hash) throw new RefusedTargetError('The URL must not have a fragment.');
  return url;
}

/** How long a webhook target's DNS lookup may take. */
export const DNS_TIMEOUT_MS = 2_000;

/**
 * A host's IPv4 and IPv6 addresses, asked of the name servers directly (c-ares, on the event loop) rather
 * than the system resolver: getaddrinfo runs on libuv's four threads and cannot be cancelled, so a few
 * names whose servers never answer would queue every other lookup of the process (other parties'
 * webhooks, file reads) behind them. Names only in /etc/hosts do not resolve; targets on the internet
 * never need them. Each query is tried twice within DNS_TIMEOUT_MS; what has answered by then is used (a
 * name server that drops AAAA queries does not cost the A answer), and with no answer the host counts as
 * unresolvable.
 */
async function lookupAddresses(host: string): Promise<{ address: string; family: number }[]> {
  const resolver = new Resolver({ timeout: Math.floor(DNS_TIMEOUT_MS / 2) - 100, tries: 2 });
  const found: { address: string; family: number }[] = [];
  const failures: (string | undefined)[] = [];
  const ask = (family: 4 | 6) =>
    (family === 4 ? resolver.resolve4(host) : resolver.resolve6(host)).then(
      (addresses) => found.push(...addresses.map((address) => ({ address, family }))),
      (error: { code?: string }) => failures.push(error.code),
    );
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, DNS_TIMEOUT_MS);
  });
  try {
    await Promise.race([Promise.all([ask(4), ask(6)]), deadline]);
  } finally {
    clearTimeout(timer);
    resolver.cancel();
  }
  // IPv4 first: the request goes to the first address, and an IPv4 one is the likelier to be reachable.
  if (found.length > 0) return found.sort((a, b) => a.family - b.family);
  if (failures.length < 2 || failures.some((code) => code === 'ETIMEOUT' || code === 'ECANCELLED'))
    throw new RefusedTargetError(`The host ${host} could not be resolved within ${DNS_TIMEOUT_MS / 1000} s.`);
  throw new RefusedTargetError(`The host ${host} could not be resolved.`);
}

/**
 * Resolves the host and refuses it when any address it resolved to is private, loopback or link-local (a name
 * that resolves to 127.0.0.1 is refused like the literal). The request then connects to exactly the
 * address checked here, so a second DNS answer cannot point it elsewhere (DNS rebinding).
 */
export async function resolveTarget(url: URL, policy: OutboundPolicy): Promise<{ address: string; family: number }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookupAddresses(host);
  if (addresses.length === 0) throw new RefusedTargetError(`The host ${host} has no address.`);
  if (!policy.allowPrivateTargets) {
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused)
      throw new RefusedTargetError(
        // Which internal address is not said: the message would let admins map the platform's network.
        `The host ${host} resolves to a private, loopback or link-local address.`,
      );
  }
  return addresses[0]!;
}

export interface OutboundResult {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * POSTs `body` with a timeout, reading at most `maxResponseBytes` of the answer (the rest is cut off:
 * a receiver cannot make the worker hold a large body). Redirects are not followed.
 */
export async function post(
  rawUrl: string,
  headers: Record<string, string>,
  body: string,
  options: OutboundPolicy & { timeoutMs: number; maxResponseBytes: number },
): Promise<OutboundResult> {
  const started = Date.now();
  const done = (statusCode: number | null, error: string | null): OutboundResult => ({
    statusCode,
    error,
    durationMs: Date.now() - started,
  });
  let url: URL;
  let target: { address: string; family: number };
  try {
    url = checkUrl(rawUrl, options);
    target = await resolveTarget(url, options);
  } catch (error) {
    return done(null, (error as Error).message);
  }
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all) callback(null, [target] as never);
    else callback(null, target.address, target.family);
  };
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: OutboundResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = transport.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        lookup: pinned,
        agent: false,
      },
      (response) => {
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > options.maxResponseBytes) {
            response.destroy();
            const status = response.statusCode ?? null;
            finish(
              done(
                status,
                status !== null && status >= 200 && status < 300
                  ? null
                  : `HTTP ${status}; answer cut off at ${options.maxResponseBytes} bytes`,
              ),
            );
          }
        });
        response.on('end', () => {
          const status = response.statusCode ?? null;
          finish(done(status, status !== null && status >= 200 && status < 300 ? null : `HTTP ${status}`));
        });
        response.on('error', (error) => finish(done(response.statusCode ?? null, error.message)));
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      finish(done(null, `No answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    request.on('error', (error) => finish(done(null, error.message)));
    request.end(body);
  });
}
