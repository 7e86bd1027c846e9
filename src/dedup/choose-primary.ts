import type { DedupRecord } from './dedup-record.js';

/** How many of the fields a reviewer reads the record fills. */
export function richness(r: DedupRecord): number {
  const filled = [r.journal, r.volume, r.issue, r.pages, r.doi, r.pmid].filter((v) => v !== null && v.trim() !== '').length;
  return filled + (r.authors.length > 0 ? 1 : 0) + (r.year !== null ? 1 : 0) + ((r.abstractLength ?? 0) > 0 ? 1 : 0);
}

/**
 * The record a duplicate group keeps as its primary: the richest (most fields filled), then the
 * one with the longest abstract, then the earliest imported (lowest id). Throws on an empty group.
 */
export function choosePrimary(group: readonly DedupRecord[]): DedupRecord {
  let best = group[0];
  if (best === undefined) throw new Error('choosePrimary needs at least one record.');
  for (const r of group) {
    const order = richness(r) - richness(best) || (r.abstractLength ?? 0) - (best.abstractLength ?? 0) || best.id - r.id;
    if (order > 0) best = r;
  }
  return best;
}
