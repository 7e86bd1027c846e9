import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../src/imports/parse-file.js';
import { fixtureFile } from '../../support/fixture-exports.js';
import { onlyReference, parseText } from './parse-text.js';

const fixture = (file: string) => parseFile(fixtureFile(file), file);

describe('BibTeX', () => {
  it('@string macros, "#" concatenation (spaces kept) and the month macros', () => {
    const ref = onlyReference(`
      @string{j = {Journal of }}
      @STRING(pub-FRED:adr = "London, UK")
      @article{k, title = "Title", journal = j # "Desistance" # {, Italy}, address = pub-FRED:adr, month = dec, year = 2020}
    `);
    expect(ref.journal).toBe('Journal of Desistance, Italy');
    expect(ref.csl['publisher-place']).toBe('London, UK');
  });

  it('@string defined after its use still applies; an undefined one is reported', () => {
    const parsed = parseText('@article{k, title = {T}, journal = later # nowhere}\n@string{later = "Later "}');
    expect(parsed.records[0]?.reference.journal).toBe('Later nowhere');
    expect(parsed.warnings).toContainEqual({ record: 1, message: '@string "nowhere" used in field "journal" is not defined; its name was kept as the value.' });
  });

  it('crossref: a chapter inherits the book title as its source, and the publisher and year', () => {
    const parsed = parseText(`
      @incollection{chapter, title = {Co-operatives after prison}, author = {Rossi, Anna}, crossref = {book}, pages = {1--20}}
      @collection{book, title = {Social Co-operatives}, editor = {Bianchi, Luca}, publisher = {Il Mulino}, year = {2019}}
    `);
    const chapter = parsed.records[0]?.reference;
    expect([chapter?.title, chapter?.journal, chapter?.publisher, chapter?.year, chapter?.pages]).toEqual([
      'Co-operatives after prison', 'Social Co-operatives', 'Il Mulino', 2019, '1-20',
    ]);
    expect(chapter?.csl['editor']).toEqual([{ family: 'Bianchi', given: 'Luca' }]);
    expect(parsed.records[1]?.reference.title).toBe('Social Co-operatives');
  });

  it('crossref chains resolve; a missing parent is reported', () => {
    // Two chapters -> their volume -> the multi-volume work, which alone has the publisher and year.
    const chapters = fixture('biblatex.bib').records.slice(0, 2).map((r) => r.reference);
    expect(chapters.map((c) => [c.journal, c.volume, c.publisher, c.year])).toEqual([
      ['Work and Reintegration', '2', 'Halden Press', 2018],
      ['Work and Reintegration', '2', 'Halden Press', 2018],
    ]);
    const parsed = parseText('@inproceedings{a, title = {T}, crossref = {missing}}');
    expect(parsed.warnings).toContainEqual({ record: 1, message: 'The crossref "missing" names no entry in this file; nothing was inherited.' });
  });

  it('keyless entries (EndNote) import; duplicate keys keep both records, with a warning', () => {
    const parsed = parseText(`
      @article{
        author = {Huang, Y. and Mucke, L.},
        title = {Alzheimer mechanisms and therapeutic strategies},
        year = {2012}
      }
      @article{dup, title = {First}}
      @article{dup, title = {Second}}
    `);
    expect(parsed.records.map((r) => r.reference.title)).toEqual(['Alzheimer mechanisms and therapeutic strategies', 'First', 'Second']);
    expect(parsed.records[0]?.reference.authors).toEqual(['Huang, Y.', 'Mucke, L.']);
    expect(parsed.records[0]?.reference.csl).not.toHaveProperty('citation-key');
    expect(parsed.warnings).toContainEqual({ record: 3, message: 'Citation key "dup" is also used by record 2; both were kept.' });
    expect(fixture('mendeley.bib').warnings.filter((w) => /is also used by record/.test(w.message))).toEqual([
      { record: 2, message: 'Citation key "Rossi2019" is also used by record 1; both were kept.' },
      { record: 5, message: 'Citation key "Svensson2020" is also used by record 4; both were kept.' },
    ]);
  });

  it('@comment blocks, @preamble, % comments and text between entries are not records', () => {
    const parsed = parseText(`% Encoding: UTF-8
      @preamble{"\\newcommand{\\noop}[1]{}"}
      @comment{jabref-meta: databaseType:biblatex;}
      @comment{ @article{hidden, title = {Commented out}} }
      % @article{alsohidden, title = {Commented out}}
      some stray text
      @article{k, title = {Shown}}
    `);
    expect(parsed.records.map((r) => r.reference.title)).toEqual(['Shown']);
    expect(parsed.warnings).toContainEqual({ message: 'Text outside any entry was ignored (line 6).' });
  });

  it('a BibLaTeX @set only groups entries: not a record, named in one warning', () => {
    const parsed = parseText(`@set{both, entryset = {a,b}}
      @article{a, title = {First}}
      @article{b, title = {Second}}
      @set(again, entryset = {a})
    `);
    expect([parsed.found, parsed.failures]).toEqual([2, []]);
    expect(parsed.records.map((r) => [r.position, r.reference.title])).toEqual([[1, 'First'], [2, 'Second']]);
    expect(parsed.warnings).toContainEqual({ message: '2 @set entries only group other entries and were not imported as records (lines 1, 4).' });
  });

  it('LaTeX accents and commands become Unicode in titles and names', () => {
    const ref = onlyReference(String.raw`@article{k,
      title = {{\AA}ngstr{\"o}m, {\'\i}ntegration and Stra\ss e in \textit{Homo sapiens}: H$_2$O, 50\% \& more},
      author = {M{\"u}ller, J{\"o}rg and de la Fontaine, Jean and Ragnhei{\d}ur Bogad\'{o}ttir and {World Health Organization} and others}
    }`);
    expect(ref.title).toBe('Ångström, íntegration and Straße in <i>Homo sapiens</i>: H<sub>2</sub>O, 50% & more');
    expect(ref.authors).toEqual(['Müller, Jörg', 'de la Fontaine, Jean', 'Bogadóttir, Ragnheiður', 'World Health Organization']);
    expect(ref.csl['author']).toContainEqual({ family: 'Fontaine', given: 'Jean', 'non-dropping-particle': 'de la' });
  });

  it('reads all four spellings of a name with non-ASCII letters the same way', () => {
    const ref = onlyReference(String.raw`@article{myarticle, title = {T},
      author = {von Helmholtz, Hermann and von Helmhöltz, Hermänñ and von Helmh\"oltz, Herm\"an\~n and von Helmh{\"o}ltz, Herm{\"a}n{\~n}}}`);
    expect(ref.authors).toEqual(['von Helmholtz, Hermann', 'von Helmhöltz, Hermänñ', 'von Helmhöltz, Hermänñ', 'von Helmhöltz, Hermänñ']);
  });

  it('tolerates a missing comma between fields, names with spaces or dots, and stray CRs', () => {
    const ref = onlyReference('@article{k,\r  title = {{Huaynaputina,\rsouthern Peru}}\n  journal = {Bulletin}\r\n  funding_text 1={Grant},\n  colrev.dblp.key = {x},\n}');
    expect([ref.title, ref.journal]).toEqual(['Huaynaputina, southern Peru', 'Bulletin']);
  });

  it('a BibTeX abstract keeps paragraphs but not its line wrapping', () => {
    const ref = onlyReference('@article{k, title = {T}, abstract = {First line\n  wraps here.\n\n  Second paragraph.}}');
    expect(ref.abstract).toBe('First line wraps here.\n\nSecond paragraph.');
  });

  it('an entry whose braces never close fails alone; the next entry still imports', () => {
    const parsed = parseText('@article{bad, title = {Unclosed\n\n@article{good, title = {Fine}}\n');
    expect(parsed.found).toBe(2);
    expect(parsed.failures[0]).toMatchObject({ record: 1, lineStart: 1, lineEnd: 2, message: "The entry's braces are not balanced, so it never closes." });
    expect(parsed.records[0]?.reference.title).toBe('Fine');
  });

  it('a value with a stray closing brace (EBSCO "@type:Person}") still yields the fields after it', () => {
    const parsed = fixture('ebsco.bib');
    expect(parsed.records.map((r) => [r.reference.title, r.reference.year])).toEqual([['Working with a record.', 2022], ['Paying for justice: court fines and debt.', 2023]]);
    expect(parsed.warnings.some((w) => w.record === 2 && /closes a brace more than it opens/.test(w.message))).toBe(true);
  });

  it('Latin-1 (Emacs coding cookie) and UTF-16LE files decode before parsing', () => {
    expect(fixture('latin1-coding-cookie.bib').records[0]?.reference).toMatchObject({ title: 'Fängelse och arbete: en studie av frigivna', authors: ['Söderberg, Märta'] });
    const utf16 = fixture('utf16le-bom.bib');
    expect([utf16.encoding, utf16.found, utf16.records[0]?.reference.journal]).toEqual(['utf-16le', 1, 'European Journal of Probation']);
  });

  it('maps entry types, including Mendeley and BibLaTeX ones, and reports unknown types', () => {
    const parsed = parseText(['article', 'inproceedings', 'book_section', 'phdthesis', 'techreport', 'online', 'boo']
      .map((type, i) => `@${type}{k${i}, title = {T${i}}}`).join('\n'));
    expect(parsed.records.map((r) => r.reference.type)).toEqual(['journal-article', 'conference-paper', 'chapter', 'thesis', 'report', 'webpage', 'other']);
    expect(parsed.warnings).toContainEqual({ record: 7, message: 'Unknown entry type "@boo"; imported as a generic document.' });
  });

  it('keeps DOI, URL, keywords and the CSL citation key', () => {
    const ref = onlyReference('@article{Key1, title = {T}, doi = {https://doi.org/10.1000/ABC}, url = {https://example.org/a_b}, keywords = {a, b; c}}');
    expect([ref.doi, ref.url, ref.keywords, ref.csl['citation-key']]).toEqual(['10.1000/abc', 'https://example.org/a_b', ['a, b', 'c'], 'Key1']);
  });
});
