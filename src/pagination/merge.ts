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

type Next = { stream: SourceStream; entry: StreamEntry } | undefined;

/**
 * The smallest head among the streams (k-way merge; k is the number of sources, so a scan is
 * enough). Answers at once while every stream has its head at hand, and waits only when one must
 * read upstream: a page of 50 then costs a handful of promises, not one per entry per source.
 */
async function nextStream(streams: readonly SourceStream[]): Promise<Next> {
  await Promise.all(streams.map((s) => s.peek()));
  return smallestHead(streams);
}

function smallestHead(streams: readonly SourceStream[]): Next {
  let best: Next;
  for (const stream of streams) {
    const entry = stream.head();
    if (entry && (!best || entry.key < best.entry.key)) best = { stream, entry };
  }
  return best;
}

/** `nextStream`, without a promise when every stream is ready. */
function next(streams: readonly SourceStream[]): Next | Promise<Next> {
  return streams.every((s) => s.ready()) ? smallestHead(streams) : nextStream(streams);
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
  return streams.flatMap((s) => s.error() ?? []);
}

/** Up to `first` users in (lower-case email, source, native id) order. */
export async function mergeUsers(streams: readonly SourceStream[], first: number, previous: Cursor['p']): Promise<MergedPage<UnifiedUser>> {
  const edges: MergedEdge<UnifiedUser>[] = [];
  while (edges.length < first) {
    let head = next(streams);
    if (head instanceof Promise) head = await head;
    if (!head) break;
    const entry = head.stream.take();
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
  let head = await nextStream(streams);
  while (head && edges.length < first) {
    const email = keyEmail(head.entry.key);
    const sources = new Set<string>();
    while (head && keyEmail(head.entry.key) === email) {
      sources.add(head.stream.source);
      head.stream.take();
      const following = next(streams);
      head = following instanceof Promise ? await following : following;
    }
    if (email !== '' && (!keep || keep(sources))) edges.push({ node: { email }, cursor: { k: afterEmail(email), p: positions(streams, previous) } });
  }
  return { edges, hasNextPage: head !== undefined, failures: failures(streams) };
}
