import type { ImportFormat } from '../import-format.js';
import type { Warn } from '../record-collector.js';
import type { ReferenceDraft } from '../reference.js';
import { splitKeywords } from '../field-values.js';
import { editorNames } from '../names.js';
import { fieldTexts, firstText, lineValues, type TaggedDialect, type TaggedField } from '../tagged-lines.js';
import { readTaggedRecords } from './tagged-format.js';

const ENDNOTE_DIALECT: TaggedDialect = {
  tagLine: /^%([0-9A-Za-z@!#$&()*+,\-./:;<=>?[\]^_{|}~])(?: (.*))?$/s,
  isStartTag: (tag) => tag === '0',
  startAlwaysSplits: false,
  blankLineEndsRecord: true,
};

/** EndNote reference type names (%0) -> CSL type. */
const TYPES: Record<string, string> = {
  'journal article': 'article-journal', journal: 'article-journal', 'electronic article': 'article-journal',
  review: 'review', 'magazine article': 'article-magazine', 'newspaper article': 'article-newspaper',
  book: 'book', 'edited book': 'book', 'electronic book': 'book', 'book section': 'chapter',
  'electronic book section': 'chapter', conference: 'paper-conference', 'conference paper': 'paper-conference',
  'conference proceedings': 'paper-conference', thesis: 'thesis', report: 'report', 'government document': 'report',
  'web page': 'webpage', dataset: 'dataset', generic: 'document', patent: 'patent', manuscript: 'manuscript',
  'unpublished work': 'manuscript',
};

/** Title %T; authors %A; editors %E; journal %J, else %B (secondary title); DOI %R, else a doi.org link in %U; abstract %X. */
function buildEndnote(fields: TaggedField[], warn: Warn): ReferenceDraft {
  const text = (...tags: string[]) => firstText(fields, tags, false);
  const typeName = text('0');
  const cslType = typeName === null ? 'document' : TYPES[typeName.toLowerCase()];
  if (typeName !== null && cslType === undefined) warn(`Unknown EndNote reference type "${typeName}"; imported as a generic document.`);
  const urls = lineValues(fields, 'U');
  return {
    cslType: cslType ?? 'document',
    title: text('T'),
    authors: lineValues(fields, 'A'),
    year: text('D', '8'),
    journal: text('J', 'B'),
    volume: text('V'),
    issue: text('N'),
    pages: text('P'),
    doi: [text('R'), ...urls],
    pmid: /nlm|pubmed|medline/i.test(text('W', '~') ?? '') ? text('M') : null,
    abstract: fieldTexts(fields, ['X'], false).join('\n\n'),
    keywords: lineValues(fields, 'K').flatMap((k) => splitKeywords(k)),
    urls,
    language: text('G'),
    issn: text('@'),
    publisher: text('I'),
    csl: { 'publisher-place': text('C') ?? undefined, edition: text('7') ?? undefined, editor: editorNames(lineValues(fields, 'E')) },
  };
}

export const endnoteTaggedFormat: ImportFormat = {
  id: 'endnote-tagged',
  label: 'EndNote tagged (enw/refer)',
  detect: (sample) => /^%0(?: |$)/m.test(sample) || (sample.match(/^%[A-Z0-9@] \S/gm)?.length ?? 0) >= 2,
  parse(text, out) {
    readTaggedRecords(text, ENDNOTE_DIALECT, out, (record, warn) => buildEndnote(record.fields, warn));
  },
};
