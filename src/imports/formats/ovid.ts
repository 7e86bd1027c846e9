import type { ImportFormat } from '../import-format.js';
import type { ReferenceDraft } from '../reference.js';
import { splitKeywords, yearFrom } from '../field-values.js';
import { fieldTexts, firstText, type TaggedDialect, type TaggedField } from '../tagged-lines.js';
import { readTaggedRecords } from './tagged-format.js';

/** Ovid's own export: "<1>" opens a record, a field label sits alone at the margin, its value is indented below. */
const OVID_DIALECT: TaggedDialect = {
  tagLine: /^(\S.*?)\s*$/s,
  isStartTag: (label) => /^<\d+>$/.test(label),
  startAlwaysSplits: true,
  blankLineEndsRecord: false,
};

// "Ecohydrology.   8(6):1048-1064, September 2015."
const SOURCE = /^(.+?)\.\s+(\d+)(?:\(([^)]*)\))?:\s*([\w-]+)/;

/** "Kohler, Lars 1, 2" -> "Kohler, Lars". */
function withoutAffiliationNumbers(name: string): string {
  const words = name.trim().split(/\s+/);
  while (words.length > 1 && /^[\d,]+$/.test(words.at(-1) ?? '')) words.pop();
  return words.join(' ').replace(/,$/, '');
}

function buildOvid(fields: TaggedField[]): ReferenceDraft {
  const labelled = fields.map((field) => ({ ...field, tag: field.tag.toLowerCase() }));
  const values = (...labels: string[]) => fieldTexts(labelled, labels, true);
  // Ovid ends most values with a full stop: "English.", "...; throughfall.".
  const text = (...labels: string[]) => firstText(labelled, labels, true)?.replace(/\.$/, '') ?? null;
  const source = text('source') ?? '';
  const parts = SOURCE.exec(source);
  const kind = text('publication type', 'document type') ?? '';
  return {
    cslType: /book/i.test(kind) ? 'book' : /conference/i.test(kind) ? 'paper-conference' : 'article-journal',
    // Ovid appends the publication type to the title: "...in Harz Mountains, Germany.[Article]".
    title: text('title')?.replace(/\s*\[[^\]]*\]\s*$/, '') ?? null,
    authors: values('author', 'authors', 'authors full name')
      .flatMap((line) => line.split(';'))
      .map(withoutAffiliationNumbers),
    year: text('year of publication', 'publication date') ?? (yearFrom(source) === null ? null : source),
    journal: text('journal name', 'journal title') ?? parts?.[1] ?? null,
    volume: text('volume') ?? parts?.[2] ?? null,
    issue: text('issue') ?? parts?.[3] ?? null,
    pages: text('pages') ?? parts?.[4] ?? null,
    doi: [text('doi number', 'digital object identifier', 'doi')],
    pmid: text('pubmed id', 'unique identifier'),
    abstract: values('abstract').join('\n\n'),
    keywords: values('author keywords', 'keywords', 'keyword heading', 'mesh subject headings').flatMap((k) => splitKeywords(k.replace(/\.$/, ''))),
    urls: values('url', 'link to the ovid full text or citation'),
    language: text('language'),
    issn: text('issn', 'international standard serial number'),
    publisher: text('publisher'),
  };
}

export const ovidFormat: ImportFormat = {
  id: 'ovid',
  label: 'Ovid',
  detect: (sample) => /^\s*<\d+>\s*\n(?:[A-Z][\w ()/-]*\n {2}\S)/.test(sample),
  parse(text, out) {
    readTaggedRecords(text, OVID_DIALECT, out, (record) => buildOvid(record.fields));
  },
};
