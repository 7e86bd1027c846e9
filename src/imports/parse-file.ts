/**
 * Import parsing: one uploaded file in, every record accounted for out. Pure: no database, no I/O.
 *
 * ```ts
 * const parsed = parseFile(bytes, 'scopus.ris');
 * parsed.format;            // 'ris' (detected from the content, never from the name)
 * parsed.encoding;          // 'utf-8-bom' | 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'
 * parsed.records[0];        // { position: 1, lineStart, lineEnd, raw, reference }
 * parsed.failures[0];       // { record: 7, lineStart, lineEnd, message, raw }
 * parsed.found === parsed.records.length + parsed.failures.length;  // always
 * ```
 *
 * - Throws {@link UnreadableFileError} (a message to show as is) when nothing can be read: an empty
 *   or binary file (ZIP, PDF, NUL bytes...), or no recognisable format. Anything else returns.
 * - `position`/`record` number records 1.. in file order across records and failures alike, so
 *   storage can keep "record N of this upload" for every one of them.
 * - A record fails alone, with its line range, raw text and reason. A record without a title is not
 *   a failure: the database returned it (PRISMA counts it) and it may have an abstract to screen, so
 *   it is imported with `title: ''` and named in a warning ("[No title]", src/records/record-title.ts).
 *   Only a record with nothing at all in it (no title, authors, abstract, source, year, DOI, PMID or
 *   link) fails as empty.
 * - `warnings` come file-level first (encoding guess, ignored lines, unknown tags, summaries of
 *   records without a title and without an abstract), then per record (`record` set) in file order.
 * - `reference` is the normalised shape in ./reference.ts; `reference.title` may contain only
 *   <i>, <b>, <sub>, <sup> and must be rendered with views/components/record-title.tsx.
 * - No field, raw text included, contains U+FFFD; line endings are LF; `raw` is the record's text
 *   after decoding (the original bytes are the upload itself).
 *
 * Cost is linear in the file size (no regex backtracking on hostile input, no recursion on nesting),
 * so callers only need a time limit for truly enormous files.
 */
import { detectFormat } from './detect-format.js';
import { decodeBytes } from './encoding.js';
import { RecordCollector } from './record-collector.js';
import type { ParsedFile } from './types.js';

export { UnreadableFileError } from './errors.js';
export type { Reference } from './reference.js';
export type { FormatId, ImportWarning, ParsedFile, ParsedRecord, RecordFailure } from './types.js';

export function parseFile(bytes: Uint8Array, fileName?: string): ParsedFile {
  const { text, encoding, warnings } = decodeBytes(bytes, fileName);
  const format = detectFormat(text, fileName);
  const out = new RecordCollector();
  for (const warning of warnings) out.warn(warning);
  format.parse(text, out);
  if (out.records.length + out.failures.length === 0) out.warn('The file contains no records.');
  return {
    format: format.id,
    formatLabel: format.label,
    encoding,
    warnings: out.allWarnings(),
    records: out.records,
    failures: out.failures,
    found: out.records.length + out.failures.length,
  };
}
