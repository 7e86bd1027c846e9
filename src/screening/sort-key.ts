import type { RecordOrder } from '../db/schema.js';

/**
 * The position a record is offered at in a stage (ascending; ties by record id). Import order is
 * the record id; random is a seeded hash of it, so every reviewer and every visit sees the same
 * order; year orders put records without a year last. A relevance score would be one more case.
 */
export function sortKey(order: RecordOrder, seed: number, record: { id: number; year: number | null }): number {
  switch (order) {
    case 'import':
      return record.id;
    case 'random':
      return seededRank(seed, record.id);
    case 'year_newest':
      return record.year === null ? Number.MAX_SAFE_INTEGER : -record.year;
    case 'year_oldest':
      return record.year === null ? Number.MAX_SAFE_INTEGER : record.year;
  }
}

/** A uniform number in [0, 1) from (seed, id): MurmurHash3's 32-bit finaliser over both. */
export function seededRank(seed: number, id: number): number {
  let h = (id + Math.imul(seed, 0x9e3779b1)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}
