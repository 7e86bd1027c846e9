import { describe, expect, it } from 'vitest';
import { UnreadableFileError } from '../../../src/imports/parse-file.js';
import { onlyReference, parseText } from './parse-text.js';

describe('CSV and TSV', () => {
  it('maps ASReview/Rayyan/Zotero column names and their list formats', () => {
    const ref = onlyReference([
      'Primary_Title,Abstract Note,authors,publication_year,DOI,keywords,Journal,Volume,Issue,Start Page,End Page,PubMed ID,URL,type_of_reference',
      '"Work, co-ops and reintegration","Line one\nline two","[\'Marx, Karl\', \'Lindgren, Astrid\']",2014//,https://doi.org/10.1000/AB,"[\'Pippi\', \'Nordwind\']",J Soc Coop,9,3,10,19,12345,http://example.org,JOUR',
    ].join('\n'));
    expect(ref).toMatchObject({
      title: 'Work, co-ops and reintegration',
      abstract: 'Line one\nline two',
      authors: ['Marx, Karl', 'Lindgren, Astrid'],
      year: 2014,
      doi: '10.1000/ab',
      keywords: ['Pippi', 'Nordwind'],
      journal: 'J Soc Coop',
      volume: '9',
      issue: '3',
      pages: '10-19',
      pmid: '12345',
      url: 'http://example.org',
      type: 'journal-article',
    });
  });

  it('sniffs semicolon and tab delimiters', () => {
    expect(parseText('title;abstract;doi\nA;B;10.1000/x\n').records[0]?.reference.doi).toBe('10.1000/x');
    const tsv = parseText('Title\tAuthors\tYear\nT\tSmith, J; Doe, K\t1999\n');
    expect([tsv.format, tsv.records[0]?.reference.authors, tsv.records[0]?.reference.year]).toEqual(['tsv', ['Smith, J', 'Doe, K'], 1999]);
  });

  it('a row with an unterminated quote fails with its lines; rows before it import', () => {
    const parsed = parseText('title,abstract\nGood,fine\n"Broken,never closed\nNext,row\n');
    expect(parsed.records.map((r) => r.reference.title)).toEqual(['Good']);
    expect(parsed.failures).toHaveLength(1);
    expect(parsed.failures[0]).toMatchObject({ record: 2, lineStart: 3, lineEnd: 4 });
    expect(parsed.failures[0]?.message).toMatch(/^The row could not be read: Quote Not Closed/);
  });

  it('a table without a title column (a DOI list) is refused with its columns named', () => {
    expect(() => parseText('doi,openalex_id,label_included\n10.1/x,W1,1\n')).toThrow(UnreadableFileError);
    expect(() => parseText('doi,openalex_id,label_included\n10.1/x,W1,1\n')).toThrow('The table has no title column (its columns are: doi, openalex_id, label_included).');
  });
});

describe('CSL-JSON', () => {
  it('reads an array item by item: a bad item fails alone, _graph is never kept', () => {
    const parsed = parseText(JSON.stringify([
      { type: 'article-journal', title: 'A', author: [{ family: 'Rossi', given: 'Anna' }, { literal: 'WHO' }], issued: { 'date-parts': [[2020, 5]] }, DOI: 'https://doi.org/10.1000/A', 'container-title': 'J', keyword: 'x, y', _graph: [{ type: '@else/list+object' }] },
      { type: 'book' },
      { type: 'chapter', title: 'C', issued: { raw: '1999' } },
    ], null, 2));
    expect(parsed.found).toBe(3);
    expect(parsed.records.map((r) => r.reference.title)).toEqual(['A', 'C']);
    const first = parsed.records[0]!.reference;
    expect(first).toMatchObject({ authors: ['Rossi, Anna', 'WHO'], year: 2020, doi: '10.1000/a', journal: 'J', keywords: ['x', 'y'] });
    expect(first.csl).not.toHaveProperty('_graph');
    expect(first.csl['issued']).toEqual({ 'date-parts': [[2020, 5]] });
    expect(parsed.records[1]?.reference.year).toBe(1999);
    expect(parsed.failures[0]).toMatchObject({ record: 2, message: 'The record is empty: it has no title, authors, abstract, source, year, DOI, PMID or link.' });
  });

  it('a single object, and a truncated array whose last item fails', () => {
    expect(onlyReference('{"type": "book", "title": "Alone"}').title).toBe('Alone');
    const parsed = parseText('[{"type": "book", "title": "Whole"}, {"type": "book", "title": "Cut off');
    expect(parsed.records.map((r) => r.reference.title)).toEqual(['Whole']);
    expect(parsed.failures[0]?.message).toMatch(/^Not valid JSON/);
  });
});

describe('XML exports', () => {
  it('PubMed XML: structured abstract labels, DOI, MeSH; a malformed article fails alone', () => {
    const article = (pmid: string, title: string) => `<PubmedArticle><MedlineCitation><PMID Version="1">${pmid}</PMID><Article>
      <Journal><ISSN>1720-8386</ISSN><JournalIssue><Volume>36</Volume><Issue>9</Issue><PubDate><Year>2013</Year></PubDate></JournalIssue><Title>J Endocrinol Invest</Title></Journal>
      <ArticleTitle>${title}</ArticleTitle><Pagination><MedlinePgn>764-9</MedlinePgn></Pagination>
      <ELocationID EIdType="doi">10.3275/8949</ELocationID>
      <Abstract><AbstractText Label="BACKGROUND">Why &amp; how.</AbstractText><AbstractText Label="RESULTS">What.</AbstractText></Abstract>
      <AuthorList><Author><LastName>Sm&#233;th</LastName><ForeName>Jo</ForeName></Author><Author><CollectiveName>Study Group</CollectiveName></Author></AuthorList>
      <PublicationTypeList><PublicationType>Journal Article</PublicationType></PublicationTypeList>
      </Article><MeshHeadingList><MeshHeading><DescriptorName>Humans</DescriptorName></MeshHeading></MeshHeadingList></MedlineCitation></PubmedArticle>`;
    const parsed = parseText(`<?xml version="1.0"?>\n<PubmedArticleSet>\n${article('1', 'First <i>in vivo</i> study.')}\n<PubmedArticle><MedlineCitation><Article><ArticleTitle>Broken</Title></Article></MedlineCitation></PubmedArticle>\n${article('3', 'Third')}\n</PubmedArticleSet>`);
    expect(parsed.format).toBe('pubmed-xml');
    expect(parsed.found).toBe(3);
    expect(parsed.records[0]?.reference).toMatchObject({
      title: 'First <i>in vivo</i> study.',
      abstract: 'BACKGROUND: Why & how.\n\nRESULTS: What.',
      authors: ['Sméth, Jo', 'Study Group'],
      doi: '10.3275/8949',
      pmid: '1',
      pages: '764-9',
      keywords: ['Humans'],
      issn: '1720-8386',
    });
    expect(parsed.failures[0]).toMatchObject({ record: 2 });
    expect(parsed.failures[0]?.message).toMatch(/^Malformed XML/);
    expect(parsed.records[1]?.reference.pmid).toBe('3');
  });

  it('EndNote XML: italic style runs are kept in the title', () => {
    const ref = onlyReference(`<?xml version="1.0" encoding="UTF-8"?><xml><records><record>
      <ref-type name="Journal Article">17</ref-type>
      <contributors><authors><author><style face="normal">Ahmad, AS</style></author></authors></contributors>
      <titles><title><style face="normal">Trends in </style><style face="italic">Homo sapiens</style></title>
      <secondary-title><style face="normal">Br J Cancer</style></secondary-title></titles>
      <dates><year><style face="normal">2015</style></year></dates>
      <electronic-resource-num><style face="normal">10.1038/bjc.2014.606</style></electronic-resource-num>
    </record></records></xml>`);
    expect(ref).toMatchObject({ title: 'Trends in <i>Homo sapiens</i>', authors: ['Ahmad, AS'], year: 2015, journal: 'Br J Cancer', doi: '10.1038/bjc.2014.606' });
  });
});
