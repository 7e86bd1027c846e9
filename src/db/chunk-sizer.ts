/**
 * How many rows the next chunk of a background writer takes, so that one chunk holds SQLite's
 * write lock for about `targetMs`: long enough that commits stay few, short enough that a
 * request waiting for the lock waits about that long. Sized from what the last chunks took,
 * because the same rows cost more on a busy machine, and a record's cost varies with its abstract.
 *
 * ```ts
 * const sizer = new ChunkSizer({ first: 100, min: 20, max: 500 });
 * const rows = take(sizer.next());
 * sizer.took(elapsedMs, rows.length);
 * ```
 */
export class ChunkSizer {
  private size: number;

  constructor(private readonly limits: { first: number; min: number; max: number; targetMs?: number }) {
    this.size = limits.first;
  }

  next(): number {
    return this.size;
  }

  took(ms: number, rows: number): void {
    if (rows === 0) return;
    const wanted = ((this.limits.targetMs ?? TARGET_MS) * rows) / Math.max(ms, 0.5);
    // Half way towards what the last chunk suggests: one slow chunk (a page fault, a GC) does not halve the next.
    this.size = Math.round(Math.min(this.limits.max, Math.max(this.limits.min, (this.size + wanted) / 2)));
  }
}

/**
 * A request arriving mid-chunk waits about this long, plus SQLite's busy-handler sleep (1, 2, 5, 10 ms…).
 * Shorter chunks make the import itself slower, each commit being a disk sync: at 50,000 records the
 * commit took ~10 s with 20 ms chunks, ~7.7 s with 50 ms ones and ~7 s as one transaction.
 */
const TARGET_MS = 50;
