import type { ImportFormat } from '../import-format.js';
import type { ReferenceDraft } from '../reference.js';
import { pageRange, splitKeywords } from '../field-values.js';
import { editorNames } from '../names.js';
import { fieldTexts, firstText, lineValues, type TaggedDialect, type TaggedField } from '../tagged-lines.js';
import { readTaggedRecords } from './tagged-format.js';

const WOS_DIALECT: TaggedDialect = {
  // "AU Li, Wei" with continuation lines indented by three spaces; "ER" alone ends a record.
  tagLine: /^([A-Z][A-Z0-9])(?: (.*))?$/s,
  isStartTag: (tag) => tag === 'PT',
  startAlwaysSplits: false,
  endTag: 'ER',
  fileTags: new Set(['FN', 'VR', 'EF']),
  blankLineEndsRecord: false,
};

function cslTypeOf(publicationType: string, documentType: string): string {
  if (/proceedings|conference|meeting/i.test(documentType) || publicationType === 'C') return 'paper-conference';
  if (/chapter/i.test(documentType)) return 'chapter';
  if (/^book$/i.test(documentType) || publicationType === 'B') return 'book';
  if (publicationType === 'P' || /patent/i.test(documentType)) return 'patent';
  if (/thesis|dissertation/i.test(documentType)) return 'thesis';
  if (/^data ?set$/i.test(documentType)) return 'dataset';
  return 'article-journal';
}

/** Web of Science and Inspec write sub- and superscripts as "H/sub 2/O" and "He/sup +/". */
function scripts(title: string): string {
  return title.replace(/\/(sub|sup) ([^/]{1,20}?) ?\//g, '<$1>$2</$1>');
}

/**
 * Authors AF (full names), else AU, one per line, plus CA group authors; editors BE; journal SO; pages BP-EP,
 * else the article number AR; year PY, else PD; keywords DE (author) then ID (Keywords Plus).
 */
function buildWos(fields: TaggedField[]): ReferenceDraft {
  const text = (...tags: string[]) => firstText(fields, tags, true);
  const fullNames = lineValues(fields, 'AF');
  const title = text('TI');
  // Inspec records use ID for identifiers (DOI among them), not for Keywords Plus.
  const inspec = /^INSPEC:/i.test(text('UT') ?? '');
  return {
    cslType: cslTypeOf(text('PT') ?? '', text('DT') ?? ''),
    title: title === null ? null : scripts(title),
    authors: [...(fullNames.length > 0 ? fullNames : lineValues(fields, 'AU')), ...lineValues(fields, 'CA').map((literal) => ({ literal }))],
    year: text('PY', 'PD'),
    journal: text('SO', 'SE', 'BS'),
    volume: text('VL'),
    issue: text('IS'),
    pages: pageRange(text('BP'), text('EP')) ?? text('AR'),
    doi: [text('DI'), text('D2'), inspec ? text('ID') : null],
    pmid: text('PM'),
    abstract: fieldTexts(fields, ['AB'], true).join('\n\n'),
    keywords: fieldTexts(fields, inspec ? ['DE'] : ['DE', 'ID'], true).flatMap((k) => splitKeywords(k)),
    language: text('LA'),
    issn: text('SN', 'EI'),
    publisher: text('PU'),
    csl: { editor: editorNames(lineValues(fields, 'BE')) },
  };
}

export const wosFormat: ImportFormat = {
  id: 'wos',
  label: 'Web of Science tagged',
  detect: (sample) => /^FN (?:Clarivate|Thomson|ISI)/m.test(sample) || (/^PT [A-Z]\s*$/m.test(sample) && /^ER\s*$/m.test(sample)),
  parse(text, out) {
    readTaggedRecords(text, WOS_DIALECT, out, (record) => buildWos(record.fields));
  },
};
