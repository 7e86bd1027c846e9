import { choosePrimary } from './choose-primary.js';
import type { DedupRecord } from './dedup-record.js';
import { linkComponents } from './link-components.js';

export interface DuplicateGroup {
  /** The record kept as the group's primary; see choosePrimary. */
  primary: number;
  /** Every record of the group, primary included, by ascending id. */
  members: number[];
}

/**
 * Record ids joined by links into groups of two or more (see linkComponents). Ids in links but not
 * in `records` are ignored. Groups come ordered by their smallest id.
 */
export function groupDuplicates(links: Iterable<{ a: number; b: number }>, records: readonly DedupRecord[]): DuplicateGroup[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  const known = [...links].filter(({ a, b }) => byId.has(a) && byId.has(b));
  return linkComponents(known).map((ids) => ({ primary: choosePrimary(ids.map((id) => byId.get(id)!)).id, members: ids }));
}
