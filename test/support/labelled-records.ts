import { dedupRecordOf, type DedupRecord } from '../../src/dedup/find-duplicates.js';
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
