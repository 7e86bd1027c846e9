import { describe, expect, it } from 'vitest';
import { parseFile, UnreadableFileError } from '../../../src/imports/parse-file.js';
import { utf16 } from '../../support/encoded-exports.js';
import { fixtureFile } from '../../support/fixture-exports.js';
import { bytesOf, parseText } from './parse-text.js';

const RECORD = 'TY  - JOUR\nTI  - Café culture in Malmö\nAU  - Ångström, Åsa\nER  - \n';

describe('encodings', () => {
  it('reads UTF-8 with and without a byte-order mark', () => {
    expect(parseText(RECORD).encoding).toBe('utf-8');
    const withBom = parseFile(Uint8Array.from([0xef, 0xbb, 0xbf, ...bytesOf(RECORD)]));
    expect(withBom.encoding).toBe('utf-8-bom');
    expect(withBom.records[0]?.reference.title).toBe('Café culture in Malmö');
    expect(withBom.records[0]?.raw.startsWith('TY  - JOUR')).toBe(true);
  });

  it.each([
    ['utf-16le', true, true],
    ['utf-16be', false, true],
    ['utf-16le', true, false],
    ['utf-16be', false, false],
  ])('reads %s (BOM: %s)', (encoding, littleEndian, bom) => {
    const parsed = parseFile(utf16(RECORD, littleEndian, bom));
    expect(parsed.encoding).toBe(encoding);
    expect(parsed.records[0]?.reference.authors).toEqual(['Ångström, Åsa']);
  });

  it('falls back to Windows-1252 with a warning when the bytes are not UTF-8; its unassigned bytes vanish', () => {
    const latin1 = Uint8Array.from([...bytesOf('TY  - JOUR\nTI  - Caf'), 0xe9, 0x20, 0x81, 0x20, 0x93, 0x71, 0x94, ...bytesOf('\nER  - \n')]);
    const parsed = parseFile(latin1);
    expect(parsed.encoding).toBe('windows-1252');
    expect(parsed.records[0]?.reference.title).toBe('Café “q”');
    expect(parsed.warnings[0]?.message).toMatch(/not valid UTF-8; it was read as Windows-1252/);
  });

  it('decodes Latin-1 and Windows-1252 BibTeX files without U+FFFD, keeping the characters only Windows-1252 has', () => {
    for (const file of ['latin1-coding-cookie.bib', 'jabref-windows-1252.bib']) {
      const parsed = parseFile(fixtureFile(file), file);
      expect(parsed.encoding).toBe('windows-1252');
      expect(JSON.stringify(parsed)).not.toContain('\uFFFD');
    }
    const jabref = parseFile(fixtureFile('jabref-windows-1252.bib')).records[0]?.reference;
    expect([jabref?.title, jabref?.journal, jabref?.abstract]).toEqual([
      '“Second chances”: co-operatives and work after prison – a French–Swedish comparison',
      'Revue d’économie sociale',
      'Members earned €9.50 an hour… on a vineyard with a 35° slope.',
    ]);
  });

  it('removes replacement characters already in the file and says so', () => {
    const parsed = parseText('TY  - JOUR\nTI  - Broken \uFFFD title\nER  - \n');
    expect(parsed.records[0]?.reference.title).toBe('Broken title');
    expect(JSON.stringify(parsed)).not.toContain('\uFFFD');
    expect(parsed.warnings[0]?.message).toMatch(/replacement character/);
  });

  it.each([
    ['CRLF', '\r\n'],
    ['CR', '\r'],
    ['LF', '\n'],
  ])('normalises %s line endings, keeping line numbers', (_name, eol) => {
    const text = ['TY  - JOUR', 'TI  - One', 'ER  - ', '', 'TY  - JOUR', 'TI  - Two', 'AB  - First line', 'second line', 'ER  - '].join(eol);
    const parsed = parseText(text);
    expect(parsed.records.map((r) => [r.reference.title, r.lineStart, r.lineEnd])).toEqual([
      ['One', 1, 3],
      ['Two', 5, 9],
    ]);
    expect(parsed.records[1]?.reference.abstract).toBe('First line\nsecond line');
    expect(parsed.records[1]?.raw).not.toContain('\r');
  });
});

describe('files that cannot be read at all', () => {
  it('an empty file', () => {
    expect(() => parseFile(new Uint8Array(), 'search.ris')).toThrow(UnreadableFileError);
    expect(() => parseFile(new Uint8Array(), 'search.ris')).toThrow('search.ris is empty (0 bytes).');
    expect(() => parseText('\n\n   \n', 'blank.ris')).toThrow('blank.ris contains only blank lines.');
  });

  it('a zip archive renamed .ris', () => {
    const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, ...bytesOf('TY  - JOUR')]);
    expect(() => parseFile(zip, 'scopus.ris')).toThrow(UnreadableFileError);
    expect(() => parseFile(zip, 'scopus.ris')).toThrow(/^scopus\.ris is a ZIP archive/);
  });

  it('a PDF, and binary data with NUL bytes or control characters', () => {
    expect(() => parseFile(bytesOf('%PDF-1.7\n...'), 'paper.ris')).toThrow(/paper\.ris is a PDF document/);
    const nul = Uint8Array.from([0x89, 0x00, 0x13, 0x00, 0x00, 0x01, 0x02, 0x41, 0x00, 0x00, 0x07, 0x08]);
    expect(() => parseFile(nul, 'data.bib')).toThrow(/data\.bib contains NUL bytes/);
    const controls = Uint8Array.from({ length: 4096 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41 + (i % 20)));
    expect(() => parseFile(controls, 'data.bib')).toThrow(/binary data/);
  });

  it('a text file in no reference format', () => {
    expect(() => parseText('Dear reviewer,\nplease find attached.\n', 'letter.txt')).toThrow(UnreadableFileError);
    expect(() => parseText('Dear reviewer,\nplease find attached.\n', 'letter.txt')).toThrow(/letter\.txt is not in a reference format Coreview recognises\. It reads .*RIS/);
  });
});
