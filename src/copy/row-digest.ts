import { createHash } from 'node:crypto';

/**
 * One value as both databases give it back, the same text whichever it came from: better-sqlite3 and
 * pg (with Coreview's int8/numeric parsers) both give numbers, strings, null and Buffers, so only the
 * kind needs tagging, and an integer stored as 2 or 2.0 reads alike.
 */
export function normalisedValue(value: unknown): string {
  if (value === null || value === undefined) return 'n';
  if (typeof value === 'number' || typeof value === 'bigint') return `#${String(value)}`;
  if (typeof value === 'string') return `s${value.length}:${value}`;
  if (Buffer.isBuffer(value)) return `b${value.toString('hex')}`;
  throw new Error(`a value of a kind the copy does not know: ${typeof value}`);
}

/** A row's fingerprint, from its values in column order. */
export function rowDigest(values: readonly unknown[]): Buffer {
  const hash = createHash('sha256');
  for (const value of values) hash.update(normalisedValue(value)).update('\u0000');
  return hash.digest();
}

export interface TableSum {
  rows: number;
  checksum: string;
}

/**
 * A table's checksum over its rows' fingerprints in sorted order: the same rows give the same sum
 * whatever order a database returns them in (SQLite and PostgreSQL sort text keys differently).
 */
export class TableSummer {
  private readonly digests: Buffer[] = [];

  add(values: readonly unknown[]): void {
    this.digests.push(rowDigest(values));
  }

  sum(): TableSum {
    const hash = createHash('sha256');
    for (const digest of this.digests.sort(Buffer.compare)) hash.update(digest);
    return { rows: this.digests.length, checksum: hash.digest('hex') };
  }
}
