import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/** `server.trustedProxies` as a BlockList (node:net's CIDR matcher); undefined when none is trusted. */
export function trustedProxies(ranges: readonly string[]): BlockList | undefined {
  if (ranges.length === 0) return undefined;
  const list = new BlockList();
  for (const range of ranges) {
    const [address = '', prefix] = range.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

/**
 * The caller's address for limits, logs and metrics. The socket peer, unless it is a trusted proxy:
 * then the rightmost `X-Forwarded-For` hop that is not a trusted proxy (every hop to the left of it
 * could have been written by the caller). A header from an untrusted peer is ignored.
 */
export function clientAddress(req: IncomingMessage, trusted: BlockList | undefined): string {
  const peer = normalize(req.socket.remoteAddress ?? 'unknown');
  if (!trusted || !isTrusted(trusted, peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((h) => normalize(h.trim()))
    .filter((h) => isIP(h) !== 0);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] ?? '';
    if (!isTrusted(trusted, hop)) return hop;
  }
  return hops[0] ?? peer;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) as `10.0.0.1`. */
function normalize(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
