import { describe, expect, it } from 'vitest';
import {
  bibliographyHtml, bibliographyText, britishLocale, formatBibliography, formatItems, IN_PROCESS_LIMIT, piecesOf, referenceItem,
} from '../../../src/exports/bibliography.js';
import { readEntryRuns } from '../../../src/exports/reference-runs.js';
import { NO_EXTRAS } from '../../../src/exports/extras.js';
import { fixtureFile, fixtureNames } from '../../support/fixture-exports.js';
import { makeRecord, storedRecords } from './export-fixtures.js';

const ARTICLE = makeRecord({ id: 1, extras: { ...NO_EXTRAS, labels: ['SECRET LABEL'] }, csl: { type: 'article-journal', note: 'SECRET NOTE' } });
const BOOK = makeRecord({
  id: 2, title: 'Making good: How ex-convicts reform and rebuild their lives', authors: ['Maruna, Shadd'], type: 'book', journal: '', volume: '',
  issue: '', pages: '', doi: null, publisher: 'American Psychological Association', csl: { type: 'book', 'publisher-place': 'Washington, DC' },
});
const ITALIAN = makeRecord({
  id: 3, title: 'Social co-operatives in <i>Italy</i> & the UK', authors: ['Ødegård, Åse', 'van der Berg, Jan', 'World Health Organization'],
  year: 2019, journal: 'Journal of Co-operative Studies', volume: '52', issue: '1', pages: '5-20', doi: '10.1/abc',
  csl: { type: 'article-journal', issued: { 'date-parts': [[2019, 3, 15]] } },
});

describe('the formatted bibliography', () => {
  it('APA 7th edition, sorted by author, from the columns as edited', async () => {
    const edited = { ...ITALIAN, csl: { ...ITALIAN.csl, title: 'The imported title' } };
    const entries = await formatBibliography([ITALIAN.id === 3 ? edited : ITALIAN, BOOK, ARTICLE], 'apa');
    expect(entries.map((e) => [e.id, e.text])).toEqual([
      [2, 'Maruna, S. (2001). Making good: How ex-convicts reform and rebuild their lives. American Psychological Association.'],
      [1, 'Maruna, S., & Farrall, S. (2001). Desistance and social co-operatives. Probation Journal, 48(2), 101–115. https://doi.org/10.1177/0264550501048002'],
      [3, 'Ødegård, Å., van der Berg, J., & World Health Organization. (2019). Social co-operatives in Italy & the UK. Journal of Co-Operative Studies, 52(1), 5–20. https://doi.org/10.1/abc'],
    ]);
    expect(entries[2]!.runs).toEqual([
      { text: 'Ødegård, Å., van der Berg, J., & World Health Organization. (2019). Social co-operatives in ' },
      { text: 'Italy', italic: true },
      { text: ' & the UK. ' },
      { text: 'Journal of Co-Operative Studies', italic: true },
      { text: ', ' },
      { text: '52', italic: true },
      { text: '(1), 5–20. https://doi.org/10.1/abc' },
    ]);
  });

  it('names a record without a title "[No title]", as APA asks for a description in brackets', async () => {
    const entries = await formatBibliography([makeRecord({ id: 4, title: '' })], 'apa');
    expect(entries.map((e) => e.text)).toEqual([
      'Maruna, S., & Farrall, S. (2001). [No title]. Probation Journal, 48(2), 101–115. https://doi.org/10.1177/0264550501048002',
    ]);
  });

  it('Harvard (Cite Them Right) with British quotes and punctuation', async () => {
    const entries = await formatBibliography([ARTICLE, BOOK, ITALIAN], 'harvard');
    expect(entries.map((e) => e.text)).toEqual([
      'Maruna, S. (2001) Making good: How ex-convicts reform and rebuild their lives. Washington, DC: American Psychological Association.',
      'Maruna, S. and Farrall, S. (2001) ‘Desistance and social co-operatives’, Probation Journal, 48(2), pp. 101–115. Available at: https://doi.org/10.1177/0264550501048002.',
      'Ødegård, Å., van der Berg, J., and World Health Organization (2019) ‘Social co-operatives in Italy & the UK’, Journal of Co-operative Studies, 52(1), pp. 5–20. Available at: https://doi.org/10.1/abc.',
    ]);
  });

  it('never carries notes, labels or abstracts into the items it formats', () => {
    const item = referenceItem(ARTICLE);
    expect(item).not.toHaveProperty('note');
    expect(item).not.toHaveProperty('abstract');
    expect(item).not.toHaveProperty('keyword');
    expect(JSON.stringify(item)).not.toMatch(/SECRET/);
  });

  it('writes text one reference per paragraph, and HTML with only italics and bold as markup', async () => {
    const hostile = makeRecord({ id: 4, title: 'A <b>bold</b> claim about "<script>alert(1)</script>" & more', authors: ['Zed, Z.'] });
    const entries = await formatBibliography([ARTICLE, hostile], 'apa');
    expect(bibliographyText(entries)).toBe(`${entries[0]!.text}\n\n${entries[1]!.text}\n`);
    const html = bibliographyHtml(entries, { title: 'References <of> “Desistance”', subtitle: 'Included studies & more' });
    expect(html).toContain('<title>References &lt;of&gt; “Desistance”</title>');
    expect(html).toContain('<p>Included studies &amp; more</p>');
    expect(html).toContain('<p class="csl-entry">Zed, Z. (2001). A <b>bold</b> claim about “&lt;script&gt;alert(1)&lt;/script&gt;” &amp; more. <i>Probation Journal</i>');
    const tags = new Set([...html.split('<div class="csl-bib-body">')[1]!.matchAll(/<\/?([a-z0-9]+)/g)].map((m) => m[1]));
    expect([...tags].sort()).toEqual(['b', 'body', 'div', 'html', 'i', 'p']);
  });

  it('reads citeproc HTML into text and the four formatting elements only', () => {
    expect(piecesOf(readEntryRuns('  <div class="csl-entry"><span style="font-style:italic;">A</span> <a href="javascript:x">B</a> &#38; <span style="font-variant:small-caps;">c</span><sup>2</sup> &lt;i&gt;</div>\n'))).toEqual([
      { tag: 'i', children: ['A'] }, ' B & c', { tag: 'sup', children: ['2'] }, ' <i>',
    ]);
  });

  it('derives a British locale from the bundled American one', async () => {
    const { plugins } = await import('@citation-js/core');
    await import('@citation-js/plugin-csl');
    const us = plugins.config.get('@csl')!.locales.get('en-US')!;
    const gb = britishLocale(us)!;
    expect(gb).toContain('xml:lang="en-GB"');
    expect(gb).toContain('<style-options punctuation-in-quote="false"/>');
    expect(gb).toContain('<term name="open-quote">‘</term>');
    expect(britishLocale('<locale/>')).toBeNull();
  });

  it('formats big sets in a worker thread, with the same result', async () => {
    // The synthetic exports of every kind, numbered anew: varied references, more than one process formats.
    const all = fixtureNames().flatMap((name) => storedRecords(fixtureFile(name), name));
    const records = all.map((record, i) => ({ ...record, id: i + 1 })).slice(0, IN_PROCESS_LIMIT + 10);
    expect(records.length).toBe(IN_PROCESS_LIMIT + 10);
    const inWorker = await formatBibliography(records, 'harvard');
    const inProcess = await formatItems(records.map(referenceItem), 'harvard');
    expect(inWorker).toHaveLength(records.length);
    expect(inWorker).toEqual(inProcess);
  }, 60_000);

  it('formats nothing for no records', async () => {
    expect(await formatBibliography([], 'apa')).toEqual([]);
    expect(bibliographyText([])).toBe('');
  });
});
