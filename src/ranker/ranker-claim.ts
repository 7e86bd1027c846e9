import pg from 'pg';
import type { DatabaseLocation } from '../db/database.js';

/**
 * Which Coreview process runs the ranker thread, when several share one PostgreSQL database.
 *
 * One ranker per database, because two would do the same work twice and undo each other's: each
 * writes its ranking's keys below the other's, and each keeps in memory what it learnt from the
 * features it built itself (review-matrix.ts). So the ranker works only while its process holds a
 * session-level advisory lock, on a connection of its own: 'CV' in ASCII, then 3 for "the ranker"
 * (1 is the write lock, write-locking-postgres-dialect.ts). The lock belongs to the connection, not a
 * transaction, so it is held for as long as the ranker runs; when the process ends or dies, its
 * connection closes, PostgreSQL releases the lock, and the next process to look takes over (TCP
 * keepalive notices a machine that vanished). No heartbeat or lease in a table is needed.
 *
 * On SQLite the database belongs to one server process: the claim is always granted.
 */
export interface RankerClaim {
  /** Takes the claim if it is free; true while this process holds it. */
  take(): Promise<boolean>;
  /** Called when a held claim is lost (its connection dropped): the ranker must stop at once. */
  onLost(listener: () => void): void;
  /** Gives the claim up for good (the server is closing). */
  release(): Promise<void>;
}

const TAKE = 'select pg_try_advisory_lock(17238, 3) as taken';

export function rankerClaim(location: DatabaseLocation): RankerClaim {
  if (location.kind === 'sqlite') return { take: async () => true, onLost: () => undefined, release: async () => undefined };
  let client: pg.Client | null = null;
  let held = false;
  let released = false;
  let lost = () => {};
  // One step at a time: a release never races a take that is still connecting.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(step: () => Promise<T>): Promise<T> => {
    const next = queue.then(step);
    queue = next.catch(() => undefined);
    return next;
  };
  const drop = (connection: pg.Client) => {
    if (client !== connection) return;
    client = null;
    if (held) {
      held = false;
      lost();
    }
  };
  const connect = async () => {
    const connection = new pg.Client({ connectionString: location.url, application_name: 'coreview ranker claim', keepAlive: true });
    connection.on('error', () => drop(connection));
    connection.on('end', () => drop(connection));
    await connection.connect();
    return connection;
  };
  return {
    take: () =>
      serial(async () => {
        if (released) return false;
        if (held) return true;
        client ??= await connect();
        const { rows } = await client.query<{ taken: boolean }>(TAKE);
        held = rows[0]!.taken;
        return held;
      }),
    onLost: (listener) => {
      lost = listener;
    },
    release: () =>
      serial(async () => {
        released = true;
        held = false;
        const connection = client;
        client = null;
        // Ending the session releases the lock.
        await connection?.end();
      }),
  };
}
