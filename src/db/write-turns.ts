/**
 * Turns at SQLite's write lock for background writers. A request that needs the lock marks itself
 * waiting (in memory shared by the server's threads) while SQLite's busy handler makes it wait;
 * a background writer (an import storing its records, a duplicate check linking them) looks
 * between two chunks of its work and lets anyone waiting go first. So a reviewer's decision waits
 * for the chunk in progress, tens of milliseconds, not for the whole import.
 *
 * SQLite's lock stays what keeps writes apart; this only orders turns. A writer in another process
 * (the `coreview` command beside a running server) cannot see who waits here, so it paces itself
 * instead: after each chunk it pauses about as long as the chunk took, which is longer than SQLite's
 * busy handler sleeps between its early retries.
 *
 * ```ts
 * const turns = WriteTurns.create();                      // the server's main thread
 * turns.whileWaiting(() => sqlite.exec('BEGIN IMMEDIATE')); // in the dialect, for every write transaction
 * const inWorker = WriteTurns.from(turns.buffer, 'shared'); // a worker thread of the same process
 * inWorker.afterChunk(elapsedMs);                          // between two chunks of background work
 * ```
 */
export class WriteTurns {
  private readonly waiting: Int32Array;

  private constructor(
    readonly buffer: SharedArrayBuffer,
    /** 'shared': every writer of the database is a thread of this process; 'alone': others may not be. */
    private readonly scope: 'shared' | 'alone',
  ) {
    this.waiting = new Int32Array(buffer);
  }

  static create(scope: 'shared' | 'alone' = 'shared'): WriteTurns {
    return new WriteTurns(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT), scope);
  }

  /** The turns of the thread that made `buffer` (passed to a worker in its workerData). */
  static from(buffer: SharedArrayBuffer, scope: 'shared' | 'alone'): WriteTurns {
    return new WriteTurns(buffer, scope);
  }

  /** Runs `begin`, which blocks until SQLite grants the write lock, counted as waiting meanwhile. */
  whileWaiting<T>(begin: () => T): T {
    Atomics.add(this.waiting, 0, 1);
    try {
      return begin();
    } finally {
      Atomics.sub(this.waiting, 0, 1);
      Atomics.notify(this.waiting, 0);
    }
  }

  /** Between two chunks of background work that took `chunkMs`: lets waiting writers go first. */
  afterChunk(chunkMs: number): void {
    if (this.scope === 'alone') {
      sleep(Math.min(Math.max(chunkMs, 2), MAX_YIELD_MS));
      return;
    }
    const deadline = Date.now() + MAX_YIELD_MS;
    for (let n = Atomics.load(this.waiting, 0); n > 0 && Date.now() < deadline; n = Atomics.load(this.waiting, 0)) {
      Atomics.wait(this.waiting, 0, n, Math.max(1, deadline - Date.now()));
    }
  }
}

// A request waits for at most one of these per chunk; longer would only mean a stuck request.
const MAX_YIELD_MS = 250;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
