import { describe, expect, it } from 'vitest';
import { onlyReference, parseText } from './parse-text.js';

describe('PubMed MEDLINE (nbib)', () => {
  const record = [
    'PMID- 27169098',
    'OWN - NLM',
    'TI  - Proteomics: A new perspective',
    '      for cancer.',
    'LID - 10.4103/2277-9175.180636 [doi]',
    'AB  - Some things will be described',
    '      over two lines.',
    'FAU - Shruthi, Basavaradhya Sahukar',
    'AU  - Shruthi BS',
    'FAU - Selvamani',
    'AU  - Selvamani',
    'CN  - Alzheimer Study Group',
    'LA  - eng',
    'PT  - Journal Article',
    'PT  - Review',
    'DP  - 2016 Apr 19',
    'TA  - Adv Biomed Res',
    'JT  - Advanced biomedical research',
    'VI  - 5',
    'PG  - 67',
    'IS  - 2277-9175 (Electronic)',
    'OT  - Biomarkers',
    'OT  - electrophoresis',
    'MH  - Neoplasms/*diagnosis',
  ];

  it('joins wrapped lines with spaces and prefers full author names', () => {
    const ref = onlyReference(record.join('\n'));
    expect(ref).toMatchObject({
      type: 'journal-article',
      title: 'Proteomics: A new perspective for cancer.',
      authors: ['Shruthi, Basavaradhya Sahukar', 'Selvamani', 'Alzheimer Study Group'],
      year: 2016,
      journal: 'Advanced biomedical research',
      volume: '5',
      pages: '67',
      doi: '10.4103/2277-9175.180636',
      pmid: '27169098',
      abstract: 'Some things will be described over two lines.',
      keywords: ['Biomarkers', 'electrophoresis', 'Neoplasms/*diagnosis'],
      language: 'eng',
      issn: '2277-9175',
    });
  });

  it('splits records at blank lines or a second PMID, and reads records without a PMID (ERIC)', () => {
    const parsed = parseText(`\n${record.join('\n')}\nPMID- 2\nTI  - Second\n\nOWN - ERIC\nTI  - Third\nAID - http://dx.doi.org/10.1000/123456789\n`);
    expect(parsed.records.map((r) => [r.reference.title, r.reference.pmid, r.lineStart])).toEqual([
      ['Proteomics: A new perspective for cancer.', '27169098', 2],
      ['Second', '2', 26],
      ['Third', null, 29],
    ]);
    expect(parsed.records[2]?.reference.doi).toBe('10.1000/123456789');
  });
});

describe('MEDLINE lines without the space after the tag', () => {
  it('"PMID-22664220" and "TI  -Title" are read as PubMed\'s own readers read them: tag, dash, value', () => {
    const parsed = parseText(['PMID-22664220', 'OWN -NLM', 'TI  -Desistance and the', '      labour market.', 'FAU -Visher, Christy', 'AB  -An abstract.', 'DP  -2012 Jun', ''].join('\n'));
    expect(parsed.format).toBe('medline');
    expect(parsed.records[0]?.reference).toMatchObject({
      pmid: '22664220',
      title: 'Desistance and the labour market.',
      authors: ['Visher, Christy'],
      abstract: 'An abstract.',
      year: 2012,
    });
  });
});

describe('Web of Science tagged', () => {
  const text = [
    'FN Clarivate Analytics Web of Science',
    'VR 1.0',
    'PT J',
    'AU Li, W',
    '   Dou, ZG',
    'AF Li, Wei',
    '   Dou, Zhiguo',
    'TI Soil fauna diversity at different stages of reed restoration in a',
    '   lakeshore wetland',
    'SO ECOSYSTEM HEALTH AND SUSTAINABILITY',
    'DT Article',
    'DE soil fauna; reed restoration',
    'ID DIVERSITY; COMMUNITY',
    'AB Introduction: Wetland soil fauna support material cycling and',
    '   restoration processes.',
    'PY 2020',
    'VL 6',
    'IS 1',
    'AR UNSP 1722034',
    'DI 10.1080/20964129.2020.1722034',
    'PM 32000000',
    'ER',
    '',
    'PT B',
    'AU Higgins, KM',
    'TI Aesthetics and the Containment of Grief',
    'DT Book',
    'BP 9',
    'EP 20',
    'ER',
    '',
    'EF',
  ].join('\n');

  it('reads continuation lines as one author each and wrapped text as one value', () => {
    const parsed = parseText(text);
    expect(parsed.format).toBe('wos');
    expect(parsed.records[0]?.reference).toMatchObject({
      title: 'Soil fauna diversity at different stages of reed restoration in a lakeshore wetland',
      authors: ['Li, Wei', 'Dou, Zhiguo'],
      journal: 'ECOSYSTEM HEALTH AND SUSTAINABILITY',
      abstract: 'Introduction: Wetland soil fauna support material cycling and restoration processes.',
      keywords: ['soil fauna', 'reed restoration', 'DIVERSITY', 'COMMUNITY'],
      pages: 'UNSP 1722034',
      doi: '10.1080/20964129.2020.1722034',
      pmid: '32000000',
      year: 2020,
    });
    expect(parsed.records[1]?.reference).toMatchObject({ type: 'book', authors: ['Higgins, KM'], pages: '9-20' });
    expect(parsed.records.map((r) => [r.lineStart, r.lineEnd])).toEqual([[3, 22], [24, 30]]);
  });
});

describe('EndNote tagged', () => {
  it('reads %-tags, splits at blank lines or a second %0, and takes the DOI from %R', () => {
    const parsed = parseText([
      '%0 Journal Article',
      '%T Prison work and desistance',
      '%A Visher, Christy',
      '%A Debus-Sherrill, Sara',
      '%J Justice Quarterly',
      '%D 2011',
      '%V 28',
      '%P 698-718',
      '%R doi:10.1080/07418825.2010.535553',
      '%K employment',
      '%K reentry',
      '%X An abstract',
      'on two lines.',
      '%U https://example.org/x',
      '%0 Book',
      '%T A second record',
      '',
      '%T Third, no type',
      '%B Management Information Systems Quarterly',
    ].join('\n'));
    expect(parsed.records.map((r) => [r.reference.title, r.reference.type, r.lineStart])).toEqual([
      ['Prison work and desistance', 'journal-article', 1],
      ['A second record', 'book', 15],
      ['Third, no type', 'other', 18],
    ]);
    expect(parsed.records[0]?.reference).toMatchObject({
      authors: ['Visher, Christy', 'Debus-Sherrill, Sara'],
      journal: 'Justice Quarterly',
      doi: '10.1080/07418825.2010.535553',
      keywords: ['employment', 'reentry'],
      abstract: 'An abstract\non two lines.',
      url: 'https://example.org/x',
      pages: '698-718',
    });
    expect(parsed.records[2]?.reference.journal).toBe('Management Information Systems Quarterly');
  });
});
