import { describe, expect, it } from 'vitest';
import { onlyReference, parseText, ris } from './parse-text.js';

describe('RIS fields', () => {
  it('abstract: AB wins over N2; several AB lines are paragraphs; N2 is used when AB is missing', () => {
    expect(onlyReference(ris('TI  - T', 'N2  - Old abstract', 'AB  - New abstract')).abstract).toBe('New abstract');
    expect(onlyReference(ris('TI  - T', 'AB  - First paragraph.', 'AB  - Second paragraph.')).abstract).toBe('First paragraph.\n\nSecond paragraph.');
    expect(onlyReference(ris('TI  - T', 'N2  - Only in N2', 'continued here')).abstract).toBe('Only in N2\ncontinued here');
    expect(onlyReference(ris('TI  - T', 'AB  - NA', 'N2  - Real abstract')).abstract).toBe('Real abstract');
  });

  it("drops EBSCO's copyright notice from the abstract", () => {
    const ref = onlyReference(ris('TI  - T', 'AB  - The findings.', 'AB  - Copyright of Journal of X is the property of Springer Nature and its content may not be copied.'));
    expect(ref.abstract).toBe('The findings.');
  });

  it('journal: T2, then JF, JO, JA, J2 — full names before abbreviations', () => {
    expect(onlyReference(ris('TI  - T', 'J2  - J. Chem. Phys.', 'JO  - J Chem Phys', 'JF  - The Journal of Chemical Physics', 'T2  - Journal of Chemical Physics')).journal).toBe('Journal of Chemical Physics');
    expect(onlyReference(ris('TI  - T', 'JO  - J. Chem. Phys.', 'JF  - The Journal of Chemical Physics')).journal).toBe('The Journal of Chemical Physics');
    expect(onlyReference(ris('TI  - T', 'J2  - Prz Gastroenterol', 'JO  - Przeglad gastroenterologiczny')).journal).toBe('Przeglad gastroenterologiczny');
    expect(onlyReference(ris('TI  - T', 'JA  - Abbrev J')).journal).toBe('Abbrev J');
  });

  it('title: TI, then T1; a whole book may carry its title in BT', () => {
    expect(onlyReference(ris('T1  - From T1', 'TI  - From TI')).title).toBe('From TI');
    expect(onlyReference(ris('T1  - From T1')).title).toBe('From T1');
    const book = onlyReference('TY  - BOOK\nBT  - A whole book\nER  - \n');
    expect([book.title, book.type, book.journal]).toEqual(['A whole book', 'book', null]);
    const chapter = onlyReference('TY  - CHAP\nTI  - A chapter\nBT  - The book\nER  - \n');
    expect([chapter.type, chapter.journal]).toEqual(['chapter', 'The book']);
  });

  it('keywords: one per KW line, continuation line or semicolon', () => {
    const ref = onlyReference(ris('TI  - T', 'KW  - desistance', 'KW  - social co-operatives', 'KW  - prison; reintegration', 'KW  - Anti-Inflammatory Agents, Non-Steroidal', 'Humans'));
    expect(ref.keywords).toEqual(['desistance', 'social co-operatives', 'prison', 'reintegration', 'Anti-Inflammatory Agents, Non-Steroidal', 'Humans']);
  });

  it('repeated tags: the first title wins, authors from AU and A1 keep file order, any tag order', () => {
    const ref = onlyReference(ris('AU  - Maruna, Shadd', 'TI  - Making good', 'TI  - Making good (again)', 'PY  - 2001', 'A1  - Farrall, Stephen', 'AU  - Calverley, Adam'));
    expect(ref.title).toBe('Making good');
    expect(ref.authors).toEqual(['Maruna, Shadd', 'Farrall, Stephen', 'Calverley, Adam']);
    expect(ref.year).toBe(2001);
  });

  it('a DO line after the authors is the DOI, not an author', () => {
    const ref = onlyReference(ris('TI  - T', 'AU  - Abdel-Tawab, M.', 'AU  - Werz, O.', 'DO  - 10.2165/11586800-000000000-00000', 'PY  - 2011'));
    expect(ref.authors).toEqual(['Abdel-Tawab, M.', 'Werz, O.']);
    expect(ref.doi).toBe('10.2165/11586800-000000000-00000');
  });

  it('DOI: DO first, then M3, then a "doi:" in N1, then a doi.org link', () => {
    expect(onlyReference(ris('TI  - T', 'M3  - doi: 10.1063/other', 'DO  - 10.1063/1.4814070')).doi).toBe('10.1063/1.4814070');
    expect(onlyReference(ris('TI  - T', 'M3  - doi: 10.1063/1.4814070')).doi).toBe('10.1063/1.4814070');
    expect(onlyReference(ris('TI  - T', 'M3  - Journal Article', 'N1  - Clin Pharmacokinet. 2011 Jun;50(6):349-69. doi: 10.2165/11586800. Epub 2011.')).doi).toBe('10.2165/11586800');
    expect(onlyReference(ris('TI  - T', 'UR  - https://doi.org/10.1186/S13750-019-0148-4')).doi).toBe('10.1186/s13750-019-0148-4');
    expect(onlyReference(ris('TI  - T', 'N1  - Cites Smith 2010 (10.1000/not-this-one)')).doi).toBeNull();
  });

  it('a DO value that is not a DOI is reported and ignored', () => {
    const parsed = parseText(ris('TI  - T', 'DO  - pending'));
    expect(parsed.records[0]?.reference.doi).toBeNull();
    expect(parsed.warnings).toContainEqual({ record: 1, message: '"pending" is not a DOI; it was ignored.' });
  });

  it('year from PY, then Y1, then DA; a malformed year is a warning, not a failure', () => {
    expect(onlyReference(ris('TI  - T', 'PY  - 2001///')).year).toBe(2001);
    expect(onlyReference(ris('TI  - T', 'DA  - 2019/10//undefined')).year).toBe(2019);
    const parsed = parseText(ris('TI  - T', 'PY  - 10 15'));
    expect(parsed.records[0]?.reference.year).toBeNull();
    expect(parsed.warnings).toContainEqual({ record: 1, message: 'Could not read a year from "10 15".' });
  });

  it('pages from SP and EP; volume, issue, ISSN, PubMed ID from NLM exports', () => {
    const ref = onlyReference(ris('TI  - T', 'SP  - 349', 'EP  - 369', 'VL  - 50', 'IS  - 6', 'SN  - 1895-5770 1895-5770', 'AN  - 21553931', 'DP  - NLM'));
    expect([ref.pages, ref.volume, ref.issue, ref.issn, ref.pmid]).toEqual(['349-369', '50', '6', '1895-5770', '21553931']);
    expect(onlyReference(ris('TI  - T', 'AN  - 99128836', 'DB  - EBSCO')).pmid).toBeNull();
  });

  it('links: only http(s) becomes the URL; other schemes are dropped with a warning', () => {
    const parsed = parseText(ris('TI  - T', 'UR  - javascript:alert(1)', 'UR  - https://example.org/paper'));
    expect(parsed.records[0]?.reference.url).toBe('https://example.org/paper');
    expect(parsed.warnings).toContainEqual({ record: 1, message: 'Dropped a link that is not http(s): "javascript:alert(1)".' });
    expect(onlyReference(ris('TI  - T', 'UR  - <Go to ISI>://WOS:000298449100001')).url).toBeNull();
    expect(onlyReference(ris('TI  - T', 'UR  - file:///C:/papers/x.pdf')).url).toBeNull();
  });

  it('type: TY maps to the controlled vocabulary; the exact type stays in CSL', () => {
    const types = ['JOUR', 'BOOK', 'CHAP', 'CONF', 'THES', 'RPRT', 'DATA', 'ELEC', 'MGZN', 'XYZ'].map((ty) => {
      const ref = onlyReference(`TY  - ${ty}\nTI  - T\nER  - \n`);
      return [ty, ref.type, ref.csl.type];
    });
    expect(types).toEqual([
      ['JOUR', 'journal-article', 'article-journal'],
      ['BOOK', 'book', 'book'],
      ['CHAP', 'chapter', 'chapter'],
      ['CONF', 'conference-paper', 'paper-conference'],
      ['THES', 'thesis', 'thesis'],
      ['RPRT', 'report', 'report'],
      ['DATA', 'dataset', 'dataset'],
      ['ELEC', 'webpage', 'webpage'],
      ['MGZN', 'other', 'article-magazine'],
      ['XYZ', 'other', 'document'],
    ]);
  });
});

describe('RIS record splitting', () => {
  it('a missing ER, junk between records and "ER  -" without a trailing space', () => {
    const text = [
      'Provider: JSTOR http://www.jstor.org',
      '',
      'TY  - JOUR',
      'TI  - First',
      'TY  - JOUR',
      'TI  - Second',
      'ER  -',
      'some junk line',
      'TY  - JOUR',
      'TI  - Third',
      'ER  - ',
    ].join('\n');
    const parsed = parseText(text);
    expect(parsed.records.map((r) => [r.position, r.reference.title, r.lineStart, r.lineEnd])).toEqual([
      [1, 'First', 3, 4],
      [2, 'Second', 5, 7],
      [3, 'Third', 9, 11],
    ]);
    expect(parsed.warnings).toContainEqual({ message: '2 line(s) outside any record were ignored (lines 1, 8).' });
  });

  it('tags after ER belong to the record before it (Ovid writes NL there); tags ended by their own ER are a record without TY', () => {
    const text = [
      ris('TI  - First', 'UR  - https://example.org/1'),
      'NL  - https://ovidsp.example.org/nl/1',
      '',
      ris('TI  - Second'),
      'NL  - https://ovidsp.example.org/nl/2',
      'AU  - Late, Author',
      ris('TI  - Third'),
      'TI  - Fourth, without its TY',
      'ER  - ',
      'NL  - https://ovidsp.example.org/nl/4',
    ].join('\n');
    const parsed = parseText(text);
    expect(parsed.failures).toEqual([]);
    expect(parsed.records.map((r) => [r.position, r.reference.title, r.lineStart, r.lineEnd])).toEqual([
      [1, 'First', 1, 6],
      [2, 'Second', 8, 13],
      [3, 'Third', 14, 16],
      [4, 'Fourth, without its TY', 18, 20],
    ]);
    expect(parsed.records[0]?.raw).toBe('TY  - JOUR\nTI  - First\nUR  - https://example.org/1\nER  - \n\nNL  - https://ovidsp.example.org/nl/1');
    expect(parsed.records[1]?.reference.authors).toEqual(['Late, Author']);
  });

  it('one space before the dash is read as a tag for RIS tags only, so "UK - based" stays prose', () => {
    const ref = onlyReference(['TY - JOUR', 'TI - One space before the dash', 'AU - Ng, Kim', 'AB  - A study in a', 'UK - based prison.', 'ER -'].join('\n'));
    expect(ref).toMatchObject({ title: 'One space before the dash', authors: ['Ng, Kim'], abstract: 'A study in a\nUK - based prison.' });
  });

  it('reports tags outside the RIS specification once for the file', () => {
    const parsed = parseText(`${ris('TI  - A', 'WE  - Science Citation Index')}${ris('TI  - B', 'WE  - SSCI', 'ZZ  - x')}`);
    expect(parsed.warnings).toContainEqual({
      message: 'Tags that are not standard RIS were kept in the raw text but not imported: WE (2 records), ZZ (1 record).',
    });
  });

  it('is recognised by content whatever the file is called', () => {
    expect(parseText(ris('TI  - T'), 'export.txt').format).toBe('ris');
    expect(parseText(ris('TI  - T'), 'export.bib').format).toBe('ris');
  });
});
