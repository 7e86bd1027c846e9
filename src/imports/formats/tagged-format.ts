import { listNumbers, type RecordCollector, type Warn } from '../record-collector.js';
import type { ReferenceDraft } from '../reference.js';
import { splitTaggedRecords, type TaggedDialect, type TaggedRecord } from '../tagged-lines.js';

/** Splits with the shared tokenizer, reports lines outside records once, and builds each record on its own. */
export function readTaggedRecords(
  text: string,
  dialect: TaggedDialect,
  out: RecordCollector,
  build: (record: TaggedRecord, warn: Warn) => ReferenceDraft,
): void {
  const stray: number[] = [];
  for (const record of splitTaggedRecords(text, dialect, (line) => stray.push(line))) {
    out.add(record, (warn) => build(record, warn));
  }
  if (stray.length > 0) {
    out.warn(`${stray.length} line(s) outside any record were ignored (${listNumbers(stray, 'line')}).`);
  }
}
