import type { GatewayError } from '../errors.js';
import type { UnifiedUser } from '../sources/model.js';
import { afterEmail, keyEmail } from '../sources/user-order.js';
import type { Cursor } from './cursor.js';
import type { SourceStream, StreamEntry } from './source-stream.js';

export interface MergedEdge<T> {
  node: T;
  /** The cursor state right after this edge. */
  cursor: Omit<Cursor, 'f'>;
}

export interface MergedPage<T> {
  edges: MergedEdge<T>[];
  hasNextPage: boolean;
  /** One failure per source that failed while this page was read. */
  failures: GatewayError[];
}

/** The smallest head among the streams (k-way merge; k is the number of sources, so a scan is enough). */
async function nextStream(streams: readonly SourceStream[]): Promise<{ stream: SourceStream; entry: StreamEntry } | undefined> {
  const heads = await Promise.all(streams.map((s) => s.peek()));
  let best: { stream: SourceStream; entry: StreamEntry } | undefined;
  for (const [i, stream] of streams.entries()) {
    const entry = heads[i];
    if (entry && (!best || entry.key < best.entry.key)) best = { stream, entry };
  }
  return best;
}

function positions(streams: readonly SourceStream[], previous: Cursor['p']): Cursor['p'] {
  const p: Cursor['p'] = { ...previous };
  for (const s of streams) {
    const pos = s.position();
    if (pos) p[s.source] = pos;
  }
  return p;
}

function failures(streams: readonly SourceStream[]): GatewayError[] {
  return streams.flatMap((s) => (s.error ? [s.error] : []));
}

/** Up to `first` users in (lower-case email, source, native id) order. */
export async function mergeUsers(streams: readonly SourceStream[], first: number, previous: Cursor['p']): Promise<MergedPage<UnifiedUser>> {
  const edges: MergedEdge<UnifiedUser>[] = [];
  while (edges.length < first) {
    const next = await nextStream(streams);
    if (!next) break;
    const entry = next.stream.take();
    edges.push({ node: entry.user, cursor: { k: entry.key, p: positions(streams, previous) } });
  }
  const hasNextPage = (await nextStream(streams)) !== undefined;
  return { edges, hasNextPage, failures: failures(streams) };
}

/**
 * Up to `first` people: consecutive users with one lower-case email are one person. Users without an
 * email belong to no person and are passed over.
 */
export async function mergePeople(
  streams: readonly SourceStream[],
  first: number,
  previous: Cursor['p'],
  keep?: (sources: ReadonlySet<string>) => boolean,
): Promise<MergedPage<{ email: string }>> {
  const edges: MergedEdge<{ email: string }>[] = [];
  let next = await nextStream(streams);
  while (next && edges.length < first) {
    const email = keyEmail(next.entry.key);
    const sources = new Set<string>();
    while (next && keyEmail(next.entry.key) === email) {
      sources.add(next.stream.source);
      next.stream.take();
      next = await nextStream(streams);
    }
    if (email !== '' && (!keep || keep(sources))) edges.push({ node: { email }, cursor: { k: afterEmail(email), p: positions(streams, previous) } });
  }
  return { edges, hasNextPage: next !== undefined, failures: failures(streams) };
}
