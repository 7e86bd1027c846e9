import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { FileSummary } from './batch-store.js';
import type { ParsedFile, ParsedRecord } from './parse-file.js';

/**
 * Between preview and commit, parsed records wait on disk as JSON lines, so a commit never parses
 * twice and a 50,000-record preview does not sit in the server's memory.
 */
export async function stageRecords(path: string, parsed: ParsedFile): Promise<FileSummary> {
  const lines = parsed.records.map((record) => JSON.stringify(record));
  await writeFile(path, lines.length ? lines.join('\n') + '\n' : '');
  return summarise(parsed);
}

export function summarise(parsed: ParsedFile): FileSummary {
  return {
    format: parsed.format,
    formatLabel: parsed.formatLabel,
    encoding: parsed.encoding,
    found: parsed.found,
    imported: parsed.records.length,
    failed: parsed.failures.length,
    warnings: parsed.warnings,
    failures: parsed.failures,
  };
}

export async function* readStagedRecords(path: string): AsyncIterable<ParsedRecord> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line) yield JSON.parse(line) as ParsedRecord;
  }
}
