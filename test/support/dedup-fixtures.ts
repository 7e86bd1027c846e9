import { expect } from 'vitest';
import { dedupRecordOf, type DedupRecord, type DuplicatePair } from '../../src/dedup/find-duplicates.js';
import { parseFile } from '../../src/imports/parse-file.js';

/**
 * The records of several exports as the duplicate finder sees them, ids 1.. in file order, each
 * labelled "name#position" (the key given for its file) so a failing pair reads like a reference.
 */
export function labelledRecords(files: Record<string, Uint8Array>): { records: DedupRecord[]; label: (id: number) => string } {
  const records: DedupRecord[] = [];
  const labels: string[] = [];
  for (const [name, bytes] of Object.entries(files)) {
    for (const parsed of parseFile(bytes, name).records) {
      records.push(dedupRecordOf(records.length + 1, parsed.reference));
      labels.push(`${name}#${parsed.position}`);
    }
  }
  return { records, label: (id) => labels[id - 1]! };
}

/** Every automatic link joins records with the same DOI or, when one lacks a DOI, the same title. */
export function expectCertainPairsJustified(pairs: readonly DuplicatePair[], records: readonly DedupRecord[], label: (id: number) => string): void {
  const byId = new Map(records.map((r) => [r.id, r]));
  const titleKey = (record: DedupRecord) => record.title.toLowerCase().replace(/\W/g, '');
  for (const pair of pairs.filter((p) => p.kind === 'certain')) {
    const a = byId.get(pair.a)!;
    const b = byId.get(pair.b)!;
    if (a.doi !== null && b.doi !== null) expect(a.doi, `${label(a.id)} ${label(b.id)}`).toBe(b.doi);
    else expect(titleKey(a), `${label(a.id)} ${label(b.id)}`).toBe(titleKey(b));
  }
}
