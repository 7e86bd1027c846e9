import { parseFile, type ParsedFile, type Reference } from '../../../src/imports/parse-file.js';

export const bytesOf = (text: string) => new TextEncoder().encode(text);

export function parseText(text: string, fileName?: string): ParsedFile {
  return parseFile(bytesOf(text), fileName);
}

/** The reference of the only record, failing loudly when the text did not give exactly one. */
export function onlyReference(text: string): Reference {
  const parsed = parseText(text);
  if (parsed.records.length !== 1) {
    throw new Error(`expected one record, got ${parsed.records.length}: ${JSON.stringify(parsed.failures)}`);
  }
  return parsed.records[0]!.reference;
}

/** RIS record text from tag/value pairs, with the canonical "XX  - " spacing. */
export function ris(...lines: string[]): string {
  return `${['TY  - JOUR', ...lines, 'ER  - '].join('\n')}\n`;
}
