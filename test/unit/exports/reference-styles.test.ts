import { describe, expect, it } from 'vitest';
import { citeThemRightStyle, formatBibliography, type BibliographyEntry } from '../../../src/exports/bibliography.js';
import type { ExportRecord } from '../../../src/exports/export-record.js';
import { referenceText } from '../../../src/exports/reference-runs.js';
import { parseFile } from '../../../src/imports/parse-file.js';
import { referenceMarkdown } from '../../../src/synthesis/chapter-markdown.js';
import { packDocx, referenceList } from '../../../src/synthesis/docx-parts.js';
import { unescapeMarkdown } from '../../support/markdown-reading.js';
import { readDocx, styledRuns } from '../../support/office-files.js';
import { APA, HARVARD, PREPRINT_CSL_JSON, REFERENCES_RIS } from '../../support/reference-fixtures.js';
import { makeRecord, storedRecords, writeAll } from './export-fixtures.js';

/** The records as an import stores them: RIS and Zotero CSL-JSON through the real parsers. */
const records: ExportRecord[] = [
  ...storedRecords(new TextEncoder().encode(REFERENCES_RIS), 'wos.ris'),
  ...storedRecords(new TextEncoder().encode(PREPRINT_CSL_JSON), 'zotero.json'),
].map((record, i) => ({ ...record, id: i + 1 }));

const byAuthor = (entries: readonly BibliographyEntry[]) => Object.fromEntries(entries.map((e) => [e.text.split(',')[0]!, e]));
const italics = (entry: BibliographyEntry) => entry.runs.filter((r) => r.italic).map((r) => r.text);

describe('APA 7 references of imported records', async () => {
  const entries = await formatBibliography(records, 'apa');
  const apa = byAuthor(entries);

  it('writes each work as the Publication Manual does, in the order of a reference list', () => {
    expect(entries.map((e) => e.text)).toEqual([APA.Farrall.text, APA.Maruna.text, APA.Weaver.text, APA.Zed.text]);
  });

  it('italicises the journal and volume, the book a chapter is in, and a preprint’s title, nothing else', () => {
    for (const name of ['Maruna', 'Farrall', 'Weaver', 'Zed'] as const) expect(italics(apa[name]!), name).toEqual(APA[name].italic);
  });

  it('keeps a book chapter’s editors from RIS A2, from EndNote %E and from Web of Science BE, and through Coreview’s own RIS', async () => {
    const chapter = records.find((r) => r.type === 'chapter')!;
    const editors = [{ family: 'Ugwudike', given: 'Pamela' }, { family: 'Raynor', given: 'Peter' }];
    expect(chapter.csl['editor']).toEqual(editors);
    expect(storedRecords(new TextEncoder().encode(writeAll('ris', [chapter])), 'export.ris')[0]!.csl['editor']).toEqual(editors);
    const endnote = '%0 Book Section\n%A Farrall, Stephen\n%E Ugwudike, Pamela\n%E Raynor, Peter\n%D 2013\n%T Work and desistance\n%B What works in offender compliance\n%P 100-120\n%I Palgrave Macmillan\n';
    const wos = 'FN Clarivate Analytics Web of Science\nVR 1.0\nPT B\nAU Farrall, S\nBE Ugwudike, P\n   Raynor, P\nTI Work and desistance\nSO WHAT WORKS IN OFFENDER COMPLIANCE\nDT Article; Book Chapter\nPU PALGRAVE MACMILLAN\nPY 2013\nBP 100\nEP 120\nER\nEF\n';
    for (const [name, text] of [['endnote.enw', endnote], ['wos.txt', wos]] as const) {
      const parsed = parseFile(new TextEncoder().encode(text), name);
      expect(parsed.records[0]!.reference.csl['editor'], name).toEqual([{ family: 'Ugwudike', given: name === 'wos.txt' ? 'P' : 'Pamela' }, { family: 'Raynor', given: name === 'wos.txt' ? 'P' : 'Peter' }]);
      const [entry] = await formatBibliography(storedRecords(new TextEncoder().encode(text), name), 'apa');
      expect(entry!.text, name).toBe('Farrall, S. (2013). Work and desistance. In P. Ugwudike & P. Raynor (Eds.), What works in offender compliance (pp. 100–120). Palgrave Macmillan.');
    }
  });

  it('takes no editors for a journal article, where Ovid’s RIS puts cited authors in A2, and prints none an item carries', async () => {
    const ovid = 'TY  - JOUR\nAU  - Maruna, Shadd\nA2  - Andres, Bucchianeri, Buote\nPY  - 2001\nTI  - Desistance\nT2  - Probation Journal\nVL  - 48\nER  - \n';
    const [stored] = storedRecords(new TextEncoder().encode(ovid), 'ovid.ris');
    expect(stored!.csl).not.toHaveProperty('editor');
    // A BibTeX @article may name the journal's editors: no style prints them for an article.
    const edited = makeRecord({ csl: { type: 'article-journal', editor: [{ family: 'Ugwudike', given: 'Pamela' }] } });
    for (const style of ['apa', 'harvard'] as const) expect((await formatBibliography([edited], style))[0]!.text, style).not.toMatch(/Ugwudike|Edited|Ed\./);
  });

  it('labels a record typed as a preprint "[Preprint]" with its server, wherever the import put the server', async () => {
    // As the scripted review has it: a preprint whose server came in as its journal (RIS T2).
    const preprint = makeRecord({ id: 9, type: 'preprint', journal: 'SocArXiv', volume: '', issue: '', pages: '', doi: '10.31234/osf.io/abc12', csl: { type: 'preprint' } });
    const [entry] = await formatBibliography([preprint], 'apa');
    expect(entry!.text).toBe('Maruna, S., & Farrall, S. (2001). Desistance and social co-operatives [Preprint]. SocArXiv. https://doi.org/10.31234/osf.io/abc12');
  });
});

describe('Harvard (Cite Them Right) references of imported records', async () => {
  const harvard = byAuthor(await formatBibliography(records, 'harvard'));

  it('never labels a journal article "[Preprint]", even one published online first without volume or pages', () => {
    expect(harvard.Maruna!.text).toBe(HARVARD.Maruna);
    expect(harvard.Weaver!.text).toBe(HARVARD.Weaver);
  });

  it('labels a preprint "[Preprint]" after its server', () => {
    expect(harvard.Zed!.text).toBe(HARVARD.Zed);
  });

  it('derives its style from the bundled harvard1, or uses harvard1 as it is when the rule is no longer there', async () => {
    const { plugins } = await import('@citation-js/core');
    await import('@citation-js/plugin-csl');
    const harvard1 = plugins.config.get('@csl')!.styles.get('harvard1')!;
    const derived = citeThemRightStyle(harvard1)!;
    expect(derived).toContain('<if type="article"><choose><if match="none" variable="page volume"><text value="Preprint"');
    expect(derived.length - harvard1.length).toBe('<if type="article">'.length - '<if type="article article-journal" match="any">'.length);
    expect(citeThemRightStyle('<style/>')).toBeNull();
  });
});

describe('references in Word and Markdown', async () => {
  const entries = await formatBibliography(records, 'apa');

  it('writes italic runs in Word where the style italicises, plain runs elsewhere', async () => {
    const doc = await readDocx(await packDocx({ title: 'R', orientation: 'portrait', body: referenceList(entries.map((e) => e.runs), 1) }));
    const paragraphs = styledRuns(doc.xml, 'Bibliography');
    expect(paragraphs.map((runs) => runs.map((r) => r.text).join(''))).toEqual([APA.Farrall.text, APA.Maruna.text, APA.Weaver.text, APA.Zed.text]);
    expect(paragraphs[1]!.filter((r) => r.italic).map((r) => r.text)).toEqual(['Probation Journal', '48']);
    expect(paragraphs[0]!.filter((r) => r.italic).map((r) => r.text)).toEqual(APA.Farrall.italic);
  });

  it('writes *italics* in Markdown, and the text escaped, reading back as the reference', () => {
    const markdown = entries.map((e) => referenceMarkdown(e.runs));
    expect(markdown[1]).toBe(
      'Maruna, S., & Farrall, S. (2001). Desistance and social co-operatives in the UK: A review of the evidence. *Probation Journal*, *48*(2), 101–115. https://doi.org/10.1177/0264550501048002',
    );
    expect(markdown[3]).toBe('Zed, A. (2022). *Social co-operatives and desistance: A realist synthesis* \\[Preprint\\]. SocArXiv. https://doi.org/10.31235/osf.io/abc12');
    const hostile = referenceMarkdown([{ text: 'A *b* <c> [d] ' }, { text: ' _Journal_ | x ', italic: true }, { text: ', 4.' }]);
    expect(hostile).toBe('A \\*b\\* \\<c\\> \\[d\\]  *\\_Journal\\_ \\| x* , 4.');
    expect(unescapeMarkdown(hostile.replace(/(?<!\\)\*/g, ''))).toBe(referenceText([{ text: 'A *b* <c> [d] ' }, { text: ' _Journal_ | x ' }, { text: ', 4.' }]));
  });
});
