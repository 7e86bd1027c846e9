import { describe, expect, it } from 'vitest';
import { doiUrl, normaliseDoi, pubmedUrl, validateRecordEdit, webUrl, type RecordEditInput } from '../../../src/records/record-fields.js';

const blank: RecordEditInput = {
  title: 'A title', authors: '', year: '', journal: '', volume: '', issue: '', pages: '', doi: '', pmid: '', url: '',
  abstract: '', keywords: '', type: 'article-journal', language: '', issn: '', publisher: '',
};

describe('record fields', () => {
  it('normalises DOIs in every form people paste', () => {
    for (const form of ['10.1177/0264550520926573', 'https://doi.org/10.1177/0264550520926573', 'http://dx.doi.org/10.1177/0264550520926573', 'doi: 10.1177/0264550520926573', 'DOI:10.1177/0264550520926573']) {
      expect(normaliseDoi(form), form).toBe('10.1177/0264550520926573');
    }
    expect(normaliseDoi('10.1002/(SICI)1097-4571')).toBe('10.1002/(sici)1097-4571');
    for (const bad of ['', 'not a doi', '11.1000/x', '10.12/x', 'https://example.org/10.1000/x']) expect(normaliseDoi(bad), bad).toBeNull();
  });

  it('makes links only from safe addresses', () => {
    expect(webUrl('https://example.org/a b')).toBe('https://example.org/a%20b');
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'ftp://x.org', 'not a url', null]) expect(webUrl(bad), String(bad)).toBeNull();
    expect(doiUrl('10.1000/a#b?c')).toBe('https://doi.org/10.1000/a%23b%3Fc');
    expect(pubmedUrl('31234567')).toBe('https://pubmed.ncbi.nlm.nih.gov/31234567/');
    expect(pubmedUrl('PMC123')).toBeNull();
  });

  it('checks years against a sensible range', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    expect(validateRecordEdit({ ...blank, year: '2027' }, now).errors).toEqual({});
    for (const year of ['2028', '999', '20x5', '1.5', '-2000']) {
      expect(validateRecordEdit({ ...blank, year }, now).errors.year, year).toContain('from 1000 to 2027');
    }
    expect(validateRecordEdit({ ...blank, year: ' ' }, now).columns.year).toBeNull();
  });

  it('reads authors and keywords one per line, in order, and keeps abstract paragraphs', () => {
    const { columns, errors } = validateRecordEdit({
      ...blank,
      authors: ' Weaver,  Beth\r\n\r\n McNeill, Fergus ',
      keywords: 'co-production\nprobation\nco-production',
      abstract: '  First paragraph.\r\n\r\nSecond paragraph.\r\nSame paragraph.  ',
      type: '',
    });
    expect(errors).toEqual({});
    expect(JSON.parse(columns.authorsJson)).toEqual(['Weaver, Beth', 'McNeill, Fergus']);
    expect(columns.firstAuthor).toBe('Weaver, Beth');
    expect(JSON.parse(columns.keywordsJson)).toEqual(['co-production', 'probation']);
    expect(columns.abstract).toBe('First paragraph.\n\nSecond paragraph.\nSame paragraph.');
    expect(columns.type).toBe('other');
  });

  it('reports every problem at once', () => {
    const { errors } = validateRecordEdit({ ...blank, title: '', doi: 'x', pmid: '12a', url: 'javascript:x', type: 'Bad Type', pages: 'p'.repeat(2001) });
    expect(Object.keys(errors).sort()).toEqual(['doi', 'pages', 'pmid', 'title', 'type', 'url']);
  });
});
