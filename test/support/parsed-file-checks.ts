import { expect } from 'vitest';
import type { ParsedFile } from '../../src/imports/parse-file.js';

/**
 * What holds for every export Coreview reads, whatever its format: found = imported + failed, records
 * and failures numbered 1..found in file order, no U+FFFD anywhere, a trimmed title on every record
 * ('' when it has none, and then something else to screen or find it by),
 * line ranges inside the file, raw text kept, only http(s) links, and no citation-js `_graph`.
 */
export function expectWellFormed(result: ParsedFile, bytes: Uint8Array): void {
  expect(result.records.length + result.failures.length).toBe(result.found);
  const numbers = [...result.records.map((r) => r.position), ...result.failures.map((f) => f.record)].sort((a, b) => a - b);
  expect(numbers).toEqual(Array.from({ length: result.found }, (_, i) => i + 1));
  expect(JSON.stringify(result)).not.toContain('\uFFFD');

  // Counted on the bytes as Latin-1, so a line break is found whatever the file's encoding.
  const lines = Buffer.from(bytes).toString('latin1').split(/\r\n|\r|\n/).length;
  for (const { reference, lineStart, lineEnd, raw } of result.records) {
    expect(reference.title).toBe(reference.title.trim());
    if (reference.title === '') {
      const { authors, abstract, journal, year, doi, pmid, url } = reference;
      expect([...authors, abstract, journal, year, doi, pmid, url].some((value) => value !== null)).toBe(true);
    }
    expect(reference.csl).not.toHaveProperty('_graph');
    if (reference.url !== null) expect(reference.url).toMatch(/^https?:\/\//);
    expect(raw.trim()).not.toBe('');
    expect(lineStart).toBeGreaterThanOrEqual(1);
    expect(lineEnd).toBeGreaterThanOrEqual(lineStart);
    expect(lineEnd).toBeLessThanOrEqual(lines);
  }
  for (const failure of result.failures) {
    expect(failure.message).not.toBe('');
    expect(failure.raw.trim()).not.toBe('');
    expect(failure.lineEnd).toBeGreaterThanOrEqual(failure.lineStart);
  }
}
