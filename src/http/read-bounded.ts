import type { Readable } from 'node:stream';

/**
 * A stream's whole body, or 'too-large' as soon as it passes `limit` bytes, without buffering the
 * rest: then `onTooLarge` decides what happens to the stream (drained, destroyed). Stream events,
 * not `for await`: the async iterator and its end-of-stream watcher cost about 30 µs a body.
 */
export function readBounded(stream: Readable, limit: number, onTooLarge: () => void): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stream.removeAllListeners('data');
        onTooLarge();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    stream.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)));
    stream.once('error', reject);
  });
}
