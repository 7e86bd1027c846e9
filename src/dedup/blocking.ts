import type { PreparedRecord } from './prepared-record.js';

/** Blocks larger than this (common short titles, prolific authors) are compared by title neighbours only. */
const MAX_BLOCK = 200;
/** How many neighbours each record meets in the title-sorted list. */
const WINDOW = 6;

/**
 * Candidate pairs: records that share a block, never all pairs. Blocks are the same DOI, the same
 * PMID, the same normalised title or main title (subtitle dropped), the same title words in any
 * order, and the same first author with the same or next year (which catches a changed start of
 * title); plus each record's neighbours when all are sorted by normalised title (a changed end).
 * With `isNew`, only pairs with at least one new record.
 *
 * Returns pairs as [i, j] indexes into `records`, i < j, each once, in ascending order.
 */
export function candidatePairs(records: readonly PreparedRecord[], isNew?: (index: number) => boolean): Array<[number, number]> {
  const n = records.length;
  // Pairs travel as one number i·n + j (exact below 2^53, so up to ~90 million records), sorted and
  // deduplicated at the end: far cheaper than a Set of hundreds of thousands of pairs.
  const keys: number[] = [];
  const emit = (x: number, y: number) => {
    if (x === y || (isNew && !isNew(x) && !isNew(y))) return;
    keys.push(x < y ? x * n + y : y * n + x);
  };
  const byTitle = (members: readonly number[]) => neighbours(members, records, emit);

  for (const members of blocksOf(records).values()) {
    if (members.length < 2) continue;
    if (members.length > MAX_BLOCK) byTitle(members);
    else if (isNew) {
      for (const i of members) if (isNew(i)) for (const j of members) emit(i, j);
    } else for (let x = 0; x < members.length; x++) for (let y = x + 1; y < members.length; y++) emit(members[x]!, members[y]!);
  }
  byTitle(records.map((r) => r.index));

  const sorted = Float64Array.from(keys).sort();
  const pairs: Array<[number, number]> = [];
  for (let k = 0; k < sorted.length; k++) {
    const key = sorted[k]!;
    if (k > 0 && key === sorted[k - 1]) continue;
    const i = Math.floor(key / n);
    pairs.push([i, key - i * n]);
  }
  return pairs;
}

function blocksOf(records: readonly PreparedRecord[]): Map<string, number[]> {
  const blocks = new Map<string, number[]>();
  const put = (key: string, index: number) => {
    const members = blocks.get(key);
    if (members === undefined) blocks.set(key, [index]);
    else if (members.at(-1) !== index) members.push(index);
  };
  for (const r of records) {
    if (r.doi !== null) put(`d ${r.doi}`, r.index);
    if (r.pmid !== null) put(`p ${r.pmid}`, r.index);
    // A record without a title (imported as "[No title]") shares no title with anything.
    if (r.titleKey !== '') {
      put(`t ${r.titleKey}`, r.index);
      if (r.mainTitleKey !== null) put(`t ${r.mainTitleKey}`, r.index);
      put(`w ${r.words.join(' ')}`, r.index);
    }
    const year = r.record.year;
    if (r.surname !== null && year !== null) {
      put(`a ${r.surname} ${year}`, r.index);
      put(`a ${r.surname} ${year + 1}`, r.index);
    }
  }
  return blocks;
}

/** Sorted neighbourhood: each member against the next WINDOW − 1 in normalised title order. */
function neighbours(members: readonly number[], records: readonly PreparedRecord[], emit: (i: number, j: number) => void): void {
  const sorted = [...members].sort((x, y) => {
    const a = records[x]!.title;
    const b = records[y]!.title;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  for (let x = 0; x < sorted.length; x++) {
    for (let y = x + 1; y < Math.min(sorted.length, x + WINDOW); y++) emit(sorted[x]!, sorted[y]!);
  }
}
