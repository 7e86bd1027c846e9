import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasPdfHeader, pdfDisplayName, pdfPath } from '../../../src/fulltext/pdf-files.js';

describe('pdfDisplayName', () => {
  it('keeps the name a person gave, without folders, controls or disguises', () => {
    expect(pdfDisplayName('Maruna 2001 – Making Good.pdf')).toBe('Maruna 2001 – Making Good.pdf');
    expect(pdfDisplayName('C:\\Users\\ada\\Desktop\\paper.PDF')).toBe('paper.PDF');
    expect(pdfDisplayName('../../etc/passwd')).toBe('passwd.pdf');
    expect(pdfDisplayName('report\u202Efdp.exe')).toBe('reportfdp.exe.pdf');
    expect(pdfDisplayName('line\r\nbreak\t.pdf')).toBe('linebreak.pdf');
    expect(pdfDisplayName('  lots   of   space  .pdf ')).toBe('lots of space .pdf');
    expect(pdfDisplayName('')).toBe('full-text.pdf');
    expect(pdfDisplayName('"quoted";name.pdf')).toBe('"quoted";name.pdf');
  });

  it('shortens very long names and still ends in .pdf', () => {
    const name = pdfDisplayName(`${'é'.repeat(500)}.pdf`);
    expect(name.length).toBeLessThanOrEqual(200);
    expect(name.endsWith('….pdf')).toBe(true);
  });
});

describe('hasPdfHeader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coreview-pdf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('finds %PDF- at the start or after junk within the first 1024 bytes only', async () => {
    expect(await hasPdfHeader(file('a.pdf', '%PDF-1.7\n...'))).toBe(true);
    expect(await hasPdfHeader(file('b.pdf', `${' '.repeat(1000)}%PDF-1.4`))).toBe(true);
    expect(await hasPdfHeader(file('c.pdf', `${' '.repeat(1020)}%PDF-1.4`))).toBe(false);
    expect(await hasPdfHeader(file('d.pdf', '<html>%PDF</html>'))).toBe(false);
    expect(await hasPdfHeader(file('e.pdf', ''))).toBe(false);
  });

  it('names stored files by hash only', () => {
    expect(pdfPath('/data', 'a'.repeat(64))).toBe(`/data/fulltexts/${'a'.repeat(64)}.pdf`);
    expect(() => pdfPath('/data', '../../x')).toThrow();
  });
});
