import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFile, UnreadableFileError, type ParsedFile } from '../../src/imports/parse-file.js';
import { expectWellFormed } from '../support/parsed-file-checks.js';
import { corpusFile } from './corpus-folder.js';

const manifest = corpusFile('manifest.tsv').toString('utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [file = '', format = '', count = ''] = line.split('\t');
    return { file, format, count: Number(count) };
  });

const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');

/** The deviations table of README.md: file -> expected count, or 'unreadable'. */
const deviations = new Map(
  [...readme.matchAll(/^\| ([^|\s]+) \| (\d+) \| (\d+|unreadable) \|/gm)].map(
    ([, file = '', manifestCount = '', expected = '']) => [file, { manifestCount: Number(manifestCount), expected }],
  ),
);

const cache = new Map<string, ParsedFile>();
function parsed(file: string): ParsedFile {
  let result = cache.get(file);
  if (!result) {
    result = parseFile(corpusFile(file), file);
    cache.set(file, result);
  }
  return result;
}

const record = (file: string, position: number) => {
  const found = parsed(file).records.find((r) => r.position === position);
  if (!found) throw new Error(`${file} has no imported record ${position}`);
  return found.reference;
};

describe('corpus manifest', () => {
  it('covers every corpus file and the deviations table only names manifest files with another count', () => {
    expect(manifest.length).toBeGreaterThan(90);
    for (const [file, { manifestCount, expected }] of deviations) {
      const row = manifest.find((m) => m.file === file);
      expect(row, file).toBeDefined();
      expect(row?.count, file).toBe(manifestCount);
      expect(expected, file).not.toBe(String(manifestCount));
    }
  });
});

describe('the import conformance summary in README.md', () => {
  const summary = readme.slice(readme.indexOf('## Import conformance summary'));
  const rows = [...summary.matchAll(/^\| ([^|\s]+) \| ([\w-]+) \| (\d+|refused) \| (\d+|-) \| (\d+|-) \| (\d+|-) \|/gm)].map(
    ([, file = '', format = '', found = '', imported = '', failed = '', untitled = '']) => ({ file, format, found, imported, failed, untitled }),
  );

  it('has a row per corpus file with what the parser gives it today', () => {
    expect(rows.map((row) => row.file)).toEqual(manifest.map((m) => m.file));
    for (const row of rows) {
      if (row.found === 'refused') {
        expect(() => parseFile(corpusFile(row.file), row.file), row.file).toThrow(UnreadableFileError);
        continue;
      }
      const result = parsed(row.file);
      const untitled = result.records.filter((r) => r.reference.title === '').length;
      expect([result.format, result.found, result.records.length, result.failures.length, untitled], row.file).toEqual(
        [row.format, Number(row.found), Number(row.imported), Number(row.failed), Number(row.untitled)],
      );
    }
  });

  it('states the totals those rows add up to', () => {
    const readable = rows.filter((row) => row.found !== 'refused');
    const sum = (key: 'found' | 'imported' | 'untitled') => readable.reduce((total, row) => total + Number(row[key]), 0);
    const exact = readable.filter((row) => row.failed === '0').length;
    const share = ((100 * sum('imported')) / sum('found')).toFixed(1);
    const n = (value: number) => value.toLocaleString('en-GB');
    expect(summary).toContain(
      `**Totals: ${exact} of ${readable.length} readable files exact; ${n(sum('imported'))} of ${n(sum('found'))} records imported (${share}%), ${sum('untitled')} of them untitled.**`,
    );
  });
});

describe.each(manifest)('$file', ({ file, format, count }) => {
  const expected = deviations.get(file)?.expected ?? String(count);

  if (expected === 'unreadable') {
    it('is refused as a whole with a message saying why', () => {
      expect(() => parseFile(corpusFile(file), file)).toThrow(UnreadableFileError);
      expect(() => parseFile(corpusFile(file), file)).toThrow(/no title column/);
    });
    return;
  }

  it(`is read as ${format} with ${expected} record(s), each imported or failed, and well formed`, () => {
    const result = parsed(file);
    expect(result.format).toBe(format);
    expect(result.found).toBe(Number(expected));
    expectWellFormed(result, corpusFile(file));
  });
});

describe('corpus values survive import', () => {
  it('Scopus RIS: title, author order, DOI, keywords and abstract', () => {
    const ref = record('asreview__scopus.ris', 1);
    expect(ref.title).toBe('Stress and the brain-gut axis in functional and chronic-inflammatory gastrointestinal diseases: A transdisciplinary challenge');
    expect(ref.authors).toEqual(['Labanski, A.', 'Langhorst, J.', 'Engler, H.', 'Elsenbruch, S.']);
    expect(ref.doi).toBe('10.1016/j.psyneuen.2019.104501');
    expect(ref.journal).toBe('Psychoneuroendocrinology');
    expect(ref.keywords).toContain('Brain-gut axis');
    expect(ref.abstract).toMatch(/^The broad role of stress in the brain-gut axis is widely acknowledged/);
  });

  it('RIS abstracts continued on untagged lines keep their line breaks, and 33 authors keep their order', () => {
    const ref = record('asreview___baseline.ris', 11);
    expect(ref.abstract).toMatch(/^Background: The European Academy of Allergy and Clinical Immunology \(EAACI\) is developing Guidelines on Allergen\nImmunotherapy \(AIT\)/);
    expect(ref.authors).toHaveLength(33);
    expect(ref.authors.slice(0, 2)).toEqual(['Nurmatov, Ulugbek', 'Dhami, Sangeeta']);
    expect(ref.authors.at(-1)).toBe('Sheikh, Aziz');
    expect(ref.doi).toBe('10.1186/s13601-017-0159-6');
  });

  it("EBSCO's copyright notice (a second AB line) is not part of the abstract", () => {
    const file = 'citesource__20221207_gambling-harms_crimjust_41.ris';
    expect(parsed(file).records.filter((r) => r.reference.abstract?.includes('Copyright of'))).toEqual([]);
    expect(record(file, 1).abstract).toMatch(/^Within a neo-liberal economic orthodoxy, the gambling industry has succeeded/);
  });

  it('PubMed MEDLINE .txt: wrapped title and abstract joined, full author names, PMID and DOI', () => {
    const file = 'synthesisr__PubMed_example.txt';
    const ref = record(file, 1);
    expect(ref.title).toBe('Differences in nitrate and phosphorus export between wooded and grassed riparian zones from farmland to receiving waterways under varying rainfall conditions.');
    expect(ref.authors).toEqual(['Neilen, Amanda D', 'Chen, Chengrong R', 'Parker, Brett M', 'Faggotter, Stephen J', 'Burford, Michele A']);
    expect(ref.abstract).toMatch(/^Agricultural activities in catchments can cause excessive nutrient loads in waterways\. Catchment/);
    expect(ref.abstract).toMatch(/the relative importance of which was driven by hydrological conditions\.$/);
    expect(ref.pmid).toBe('28441597');
    expect(ref.doi).toBe('10.1016/j.scitotenv.2017.04.075');
    expect(parsed(file).records.map((r) => r.reference.pmid)).toEqual(['28441597', '30868313', '29967742']);
  });

  it('Web of Science .txt: ten authors in order, DOI and year', () => {
    const ref = record('synthesisr__WoS_txt_example.txt', 1);
    expect(ref.title).toBe('Soil fauna diversity at different stages of reed restoration in a lakeshore wetland at Lake Taihu, China');
    expect(ref.authors).toHaveLength(10);
    expect(ref.authors[0]).toBe('Li, Wei');
    expect(ref.authors[9]).toBe('Pan, Xu');
    expect(ref.doi).toBe('10.1080/20964129.2020.1722034');
    expect(ref.year).toBe(2020);
    expect(ref.abstract).toMatch(/developed a theoretical basis for restoring the lakeshore wetland ecosystem\.$/);
  });

  it('Inspec subscripts in titles become <sub>', () => {
    expect(record('jabref__IsiImporterTestInspec.isi', 2).title).toBe(
      'Optical and photoelectric spectroscopy of photorefractive Sn<sub>2</sub>P<sub>2</sub>S<sub>6</sub> crystals',
    );
  });

  it('JabRef BibTeX: LaTeX accents in names, crossref to a book, multi-paragraph abstract', () => {
    const ref = record('bibtexparser__BBT_does_not_import_groups_from_JabRef_5.1_1641.bib', 1);
    expect(ref.authors).toEqual(['Bogadóttir, Ragnheiður']);
    expect(ref.type).toBe('chapter');
    expect(ref.journal).toBe('Ecology and Power: Struggles over Land and Material Resources in the Past, Present and Future');
    expect(ref.publisher).toBe('Routledge');
    expect(ref.abstract).toContain('a trans-disciplinary, global, and historical framework.\n\nPart 1: Theoretical Perspectives');
  });

  it('BibTeX in Cyrillic and Chinese comes through unchanged', () => {
    expect(record('bibtexparser__primo_nlr_ru.bib', 1).title).toBe(
      'Как делать полезные заметки = How to take smart notes : эффективная система организации идей по методу Zettelkasten',
    );
    expect(record('bibtextidy__orcid-chinese_citation.bib', 1).title).toBe('人的素質提昇之重要性–建立在法治精神之上的多元主義');
  });

  it('PubMed XML keeps <i> in the title and labels nothing it should not', () => {
    const ref = record('jabref__MedlineImporterTestArticleItalics.xml', 1);
    expect(ref.title).toBe('Genome-wide significant risk factors on chromosome 19 and the <i>APOE</i> locus.');
    expect(ref.abstract).toMatch(/^The apolipoprotein E \( APOE\) gene on chromosome 19q13\.32/);
    expect(ref.pmid).toBe('29872490');
    expect(ref.doi).toBe('10.18632/oncotarget.25083');
    expect(ref.authors[0]).toBe('Moreno-Grau, Sonia');
  });

  it('EndNote XML: style runs flattened, authors in order, DOI', () => {
    const ref = record('jabref__EndnoteXmlImporterTestArticle.xml', 1);
    expect(ref.title).toBe('Trends in the lifetime risk of developing cancer in Great Britain: comparison of risk for those born from 1930 to 1960');
    expect(ref.authors).toEqual(['Ahmad, AS', 'Ormiston-Smith, N', 'Sasieni, PD']);
    expect(ref.journal).toBe('Br J Cancer');
    expect(ref.doi).toBe('10.1038/bjc.2014.606');
  });

  it('EndNote tagged without %0 lines still gives one record per blank-line block', () => {
    const file = 'colrev__ais_enl.txt';
    expect(parsed(file).records.map((r) => r.lineStart)).toEqual([1, 17, 27, 37, 50, 61]);
    const ref = record(file, 1);
    expect(ref.title).toMatch(/^How Trust Leads to Commitment on Microsourcing Platforms: Unraveling/);
    expect(ref.authors).toEqual(['Guo, Wenbo', 'Straub, Detmar W.', 'Zhang, Pengzhu', 'Cai, Zhao']);
    expect(ref.journal).toBe('Management Information Systems Quarterly');
  });

  it('Ovid native: source line split into journal, volume, issue and pages', () => {
    const ref = record('jabref__OvidImporterTest4.txt', 1);
    expect(ref.title).toBe('Cloud water interception and element deposition differ largely between Norway spruce stands along an elevation transect in Harz Mountains, Germany.');
    expect(ref.authors).toEqual(['Kohler, Lars', 'Leuschner, Christoph', 'Hauck, Markus', 'Hertel, Dietrich']);
    expect([ref.journal, ref.volume, ref.issue, ref.pages, ref.year]).toEqual(['Ecohydrology', '8', '6', '1048-1064', 2015]);
    expect(ref.doi).toBe('10.1002/eco.1563');
  });

  it('CSV: ASReview/SRD columns, "and" and ";" author lists, PubMed IDs', () => {
    const nsaids = record('srd__NSAIDS.csv', 1);
    expect(nsaids.title).toBe('Quality of life in arthritis patients using nonsteroidal anti-inflammatory drugs.');
    expect(nsaids.authors).toEqual(['Wiklund, I']);
    expect(nsaids.pmid).toBe('10203431');
    expect(nsaids.keywords.slice(0, 2)).toEqual(['Aged', 'Anti-Inflammatory Agents, Non-Steroidal']);
    expect(record('srd__NSAIDS.csv', 6).authors).toEqual(['Kalyoncu, A F', 'Karakaya, G', 'Sahin, A A', 'Bariş, Y I']);
    const bannach = record('srd__Bannach-Brown_2019.csv', 1);
    expect(bannach.authors).toEqual(['Whistler, R. L.', 'Lake, W. C.']);
    expect(bannach.year).toBe(1972);
    expect(record('srd__Bannach-Brown_2019.csv', 4).authors).toEqual([
      'Quintino-dos-Santos, J. W.', 'Muller, C. J.', 'Santos, A. M.', 'Tufik, S.', 'Rosa, C. A.', 'Schenberg, L. C.',
    ]);
  });

  it('records without a title but with an abstract, authors or a year are imported as untitled', () => {
    const empty = parsed('asreview__baseline_empty_values.ris');
    expect(empty.records.map((r) => [r.position, r.reference.title, r.reference.abstract])).toEqual([
      [1, 'Title of reference', null],
      [2, '', 'Lorem ipsum dolor sit amet, consectetuer adipiscing elit.'],
      [3, 'Title of reference', null],
      [4, '', 'Lorem ipsum dolor sit amet, consectetuer adipiscing elit.'],
    ]);
    expect(empty.warnings).toContainEqual({ message: '2 records have no title; they are imported as [No title] (records 2, 4).' });
    expect(record('citationjs__authors_with_non-ASCII_characters.bib', 1)).toMatchObject({ title: '', authors: expect.arrayContaining(['von Helmholtz, Hermann']) });
    expect(record('bibtextidy__endnote.txt', 1)).toMatchObject({ title: '', year: 1999, volume: '59' });
  });

  it('semicolon CSV rows holding nothing but a malformed DOI are empty: failures with their line and text', () => {
    const result = parsed('asreview__duplicate_records.csv');
    expect(result.failures.map((f) => [f.record, f.lineStart, f.raw])).toEqual([
      [11, 12, ';;10.4;lorem'],
      [12, 13, ';;10.5;lorem'],
      [13, 14, '   ;   ;10.6;lorem'],
      [14, 15, '   ;   ;10.7;lorem'],
    ]);
    expect(result.failures[0]?.message).toBe('The record is empty: it has no title, authors, abstract, source, year, DOI, PMID or link.');
  });

  it('BibTeX crossref chains, duplicate Mendeley keys and a stray EBSCO brace', () => {
    expect(parsed('bibtextidy__crossref_entries.bib').records.map((r) => r.reference.journal).slice(0, 2)).toEqual(['Graphs of the Continent', 'Graphs of the Continent']);
    expect(parsed('bibtexparser__web_page_and_other_mendeley_idiocy.bib').warnings.filter((w) => /is also used by record/.test(w.message))).toHaveLength(25);
    const ebsco = parsed('colrev__ebsco_bib.bib');
    expect(ebsco.records.map((r) => r.reference.title)).toEqual(['Paper title.', 'When sharing fixes prices.']);
    expect(ebsco.warnings.some((w) => w.record === 2 && /closes a brace more than it opens/.test(w.message))).toBe(true);
  });

  it('Latin-1 and UTF-16 BibTeX files are decoded, and say how', () => {
    const latin1 = parsed('bibtextidy__encoding3.bib');
    expect(latin1.encoding).toBe('windows-1252');
    expect(record('bibtextidy__encoding3.bib', 1).title).toBe('Söme title');
    expect(latin1.warnings[0]?.message).toMatch(/not valid UTF-8; it was read as Windows-1252/);
    expect(record('jabref__encoding-windows-1252-with-header.bib', 1)).toMatchObject({ title: '', abstract: '25° C' });
    const utf16 = parsed('jabref__tiny-LE-withBOM.bib');
    expect(utf16.encoding).toBe('utf-16le');
    const ref = record('jabref__tiny-LE-withBOM.bib', 1);
    expect(ref.title).toBe('Investigation of the best suture pattern to close a stuffed Christmas turkey');
    expect(ref.authors).toEqual(['Verwilghen, D.', 'Busoni, V.', 'van Galen, G.', 'Wilke, M.']);
    expect(ref.doi).toBe('10.1136/vr.d6221');
  });
});
