import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * postgres.js keeps its pool's connections in queues (idle, busy, ...) built by its internal
 * `Queue`, which patches/postgres+3.4.9.patch mends (applied by `npm ci`'s postinstall). Unpatched,
 * a queue that never empties kept every spent slot, and `remove` scanned them all: with two or more
 * idle connections and one query at a time (a warm Lambda after one burst of parallel queries, or
 * `npm start`), the idle queue grew by one slot per query, for good, and each query's `remove`
 * took longer (~40 µs per query after 150,000 queries). These tests use the installed copies.
 */
type Queue<T> = {
  readonly length: number;
  push(x: T): T;
  shift(): T | undefined;
  remove(x: T): T | null;
};
type QueueFactory = <T>(initial?: T[]) => Queue<T>;

const require = createRequire(import.meta.url);
const packageDir = join(dirname(require.resolve('postgres')), '../..');
const copies: Record<string, () => Promise<QueueFactory>> = {
  'ESM (Node, esbuild bundles)': async () =>
    (await import(pathToFileURL(join(packageDir, 'src/queue.js')).href)).default,
  CommonJS: async () => require(join(packageDir, 'cjs/src/queue.js')),
  Workers: async () => (await import(pathToFileURL(join(packageDir, 'cf/src/queue.js')).href)).default,
};

/**
 * An array that records how long it is each time the queue searches it. The queue copies its
 * initial array with `slice()`, which keeps the subclass, so this sees the queue's own storage.
 */
class WatchedArray<T> extends Array<T> {
  static longest = 0;
  static scanned = 0;
  override indexOf(item: T, from = 0): number {
    WatchedArray.longest = Math.max(WatchedArray.longest, this.length);
    WatchedArray.scanned += this.length - from;
    return super.indexOf(item, from);
  }
}

type Connection = { name: number; queue: Queue<Connection> };

/** The pool's `move`: out of the queue the connection is in, onto the end of another. */
function move(connection: Connection, to: Queue<Connection>) {
  connection.queue.remove(connection);
  to.push(connection);
  connection.queue = to;
}

describe.each(Object.entries(copies))("postgres.js's connection queue, %s copy", (_, load) => {
  it('is first in, first out, and removes only what it holds', async () => {
    const Queue = await load();
    const queue = Queue<string>();
    for (const item of ['a', 'b', 'c']) queue.push(item);
    expect(queue.shift()).toBe('a');
    expect(queue.remove('c')).toBe('c');
    expect(queue.remove('c')).toBeNull();
    expect(queue.remove('a')).toBeNull();
    expect(queue.length).toBe(1);
    expect(queue.shift()).toBe('b');
    expect(queue.length).toBe(0);
  });

  it('does not grow when it never empties: 10 idle connections, 4 queries in flight, 100,000 queries', async () => {
    const Queue = await load();
    WatchedArray.longest = 0;
    WatchedArray.scanned = 0;
    const idle = Queue<Connection>(new WatchedArray<Connection>());
    const busy = Queue<Connection>(new WatchedArray<Connection>());
    const connections = Array.from({ length: 10 }, (_, name) => ({ name, queue: idle }));
    for (const connection of connections) idle.push(connection);

    const inFlight: Connection[] = [];
    const wentIdle = new Map<Connection, number>(connections.map((c) => [c, c.name]));
    const queries = 100_000;
    for (let query = 0; query < queries; query++) {
      if (inFlight.length === 4) {
        const finished = inFlight.shift()!; // the oldest query finished
        move(finished, idle);
        wentIdle.set(finished, 10 + query);
      }
      const connection = idle.shift()!; // the pool takes the connection idle the longest
      move(connection, busy);
      inFlight.push(connection);
    }

    expect(idle.length).toBe(6);
    expect(busy.length).toBe(4);
    // Every connection is in exactly one queue, the idle ones in the order they went idle.
    const idleNow = Array.from({ length: 6 }, () => idle.shift()!);
    expect(new Set([...idleNow, ...inFlight]).size).toBe(10);
    const byIdleTime = [...idleNow].sort((a, b) => wentIdle.get(a)! - wentIdle.get(b)!);
    expect(idleNow).toEqual(byIdleTime);
    // Unpatched, the idle queue's array reached ~100,000 slots and the removes scanned ~5 billion.
    expect(WatchedArray.longest).toBeLessThan(3_000);
    expect(WatchedArray.scanned / queries).toBeLessThan(50);
  });
});
