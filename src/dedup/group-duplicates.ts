import { choosePrimary } from './choose-primary.js';
import type { DedupRecord } from './dedup-record.js';

export interface DuplicateGroup {
  /** The record kept as the group's primary; see choosePrimary. */
  primary: number;
  /** Every record of the group, primary included, by ascending id. */
  members: number[];
}

/**
 * Record ids joined by links into groups of two or more (union-find: A–B and B–C make one group
 * A, B, C). Ids in links but not in `records` are ignored. Groups come ordered by their smallest id.
 */
export function groupDuplicates(links: Iterable<{ a: number; b: number }>, records: readonly DedupRecord[]): DuplicateGroup[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  const parent = new Map<number, number>();
  const root = (id: number): number => {
    let top = id;
    while (parent.get(top) !== top) top = parent.get(top)!;
    for (let at = id; at !== top; ) {
      const next = parent.get(at)!;
      parent.set(at, top);
      at = next;
    }
    return top;
  };
  for (const { a, b } of links) {
    if (!byId.has(a) || !byId.has(b)) continue;
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const ra = root(a);
    const rb = root(b);
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
  const members = new Map<number, number[]>();
  for (const id of parent.keys()) {
    const top = root(id);
    const list = members.get(top);
    if (list === undefined) members.set(top, [id]);
    else list.push(id);
  }
  return [...members.values()]
    .map((ids) => ids.sort((x, y) => x - y))
    .sort((x, y) => x[0]! - y[0]!)
    .map((ids) => ({ primary: choosePrimary(ids.map((id) => byId.get(id)!)).id, members: ids }));
}
