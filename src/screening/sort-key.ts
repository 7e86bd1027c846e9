import type { RecordOrder } from '../db/schema.js';
import { seededRank } from '../ranking/seeded-rank.js';

/**
 * The position a record is offered at in a stage (ascending; ties by record id). Import order is
 * the record id; random is a seeded hash of it, so every reviewer and every visit sees the same
 * order; year orders put records without a year last. Relevance starts as the seeded order: the
 * ranker thread (src/ranker/rank-stage.ts) then writes the first open records' ranks as negative
 * keys, ahead of any record that arrives before its next ranking.
 */
export function sortKey(order: RecordOrder, seed: number, record: { id: number; year: number | null }): number {
  switch (order) {
    case 'import':
      return record.id;
    case 'random':
    case 'relevance':
      return seededRank(seed, record.id);
    case 'year_newest':
      return record.year === null ? Number.MAX_SAFE_INTEGER : -record.year;
    case 'year_oldest':
      return record.year === null ? Number.MAX_SAFE_INTEGER : record.year;
  }
}
