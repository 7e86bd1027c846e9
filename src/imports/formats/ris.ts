import type { ImportFormat } from '../import-format.js';
import type { Warn } from '../record-collector.js';
import type { ReferenceDraft } from '../reference.js';
import { pageRange, splitKeywords, yearFrom } from '../field-values.js';
import { editorNames } from '../names.js';
import { fieldTexts, firstText, lineValues, type TaggedDialect, type TaggedField } from '../tagged-lines.js';
import { readTaggedRecords } from './tagged-format.js';

/** RIS type -> CSL type. */
const TYPES: Record<string, string> = {
  ABST: 'article-journal', ADVS: 'motion_picture', AGGR: 'dataset', ANCIENT: 'manuscript', ART: 'graphic', BILL: 'bill',
  BLOG: 'post-weblog', BOOK: 'book', CASE: 'legal_case', CHAP: 'chapter', CHART: 'figure',
  CLSWK: 'classic', COMP: 'software', CONF: 'paper-conference', CPAPER: 'paper-conference',
  CTLG: 'book', DATA: 'dataset', DBASE: 'dataset', DICT: 'entry-dictionary', EBOOK: 'book',
  ECHAP: 'chapter', EDBOOK: 'book', EJOUR: 'article-journal', ELEC: 'webpage',
  ENCYC: 'entry-encyclopedia', EQUA: 'document', FIGURE: 'figure', GEN: 'document', GOVDOC: 'report',
  GRANT: 'document', GRNT: 'document', HEAR: 'hearing', ICOMM: 'personal_communication', INPR: 'article-journal', INTV: 'interview',
  JFULL: 'periodical', JOUR: 'article-journal', LEGAL: 'legislation', MANSCPT: 'manuscript',
  MAP: 'map', MGZN: 'article-magazine', MPCT: 'motion_picture', MULTI: 'document', MUSIC: 'song',
  NEWS: 'article-newspaper', PAMP: 'pamphlet', PAT: 'patent', PCOMM: 'personal_communication', POD: 'song', PRESS: 'article-newspaper',
  RPRT: 'report', SER: 'periodical', SLIDE: 'speech', SOUND: 'song', STAND: 'standard',
  STAT: 'legislation', STD: 'standard', THES: 'thesis', UNBILL: 'bill', UNPB: 'manuscript', UNPD: 'manuscript',
  VIDEO: 'motion_picture', WEB: 'webpage',
};

// Whole books carry their own title in BT; for every other type BT names the containing book.
const BOOK_TYPES = new Set(['BOOK', 'EBOOK', 'EDBOOK', 'CTLG', 'CLSWK']);

/** Types whose ED/A2 are the editors of the book or proceedings the work is in (or of the edited book). */
const EDITED_TYPES = new Set(['CHAP', 'ECHAP', 'BOOK', 'EBOOK', 'EDBOOK', 'CONF', 'CPAPER', 'ENCYC', 'DICT']);

/** Tags of the RIS specification and its common vendor extensions; anything else is reported once per file. */
const KNOWN_TAGS = new Set(
  ('TY ER ID T1 TI T2 T3 CT BT ST TT A1 AU A2 A3 A4 ED Y1 PY Y2 DA N1 N2 AB KW RP JF JO JA J1 J2 VL VO IS CP ' +
    'SP EP CY PB SN AD AV M1 M2 M3 U1 U2 U3 U4 U5 UR L1 L2 L3 L4 LK DO DI DB DP AN CN CA C1 C2 C3 C4 C5 C6 C7 C8 ' +
    'ET LA LB NV OP RI RN SE SF SV WT OL PP MH OT').split(' '),
);

const RIS_DIALECT: TaggedDialect = {
  // "TY  - JOUR", "ER  -" without the trailing space, "TI  -Title" without the one after the dash, and
  // (as Zotero reads RIS) one space before the dash, but for RIS tags only: prose like "UK - based"
  // stays a continuation line.
  tagLine: new RegExp(`^([A-Z][A-Z0-9](?=  )|(?:${[...KNOWN_TAGS].join('|')})(?= )) {1,2}- ?(.*)$`, 's'),
  isStartTag: (tag) => tag === 'TY',
  startAlwaysSplits: true,
  endTag: 'ER',
  blankLineEndsRecord: false,
};

/**
 * Priorities (first non-empty wins):
 * - title: TI, T1, CT, then BT for whole books, then ST (short title) as a last resort;
 * - journal/source: T2, JF, JO, JA, J2, J1, BT (full names before abbreviations; T2 first because
 *   Zotero, EndNote and Scopus put the container there);
 * - abstract: every AB line (several AB lines are paragraphs; EBSCO's "Copyright of ... is the property of"
 *   notice is dropped), and only when there is no AB, N2 (older RIS puts the abstract there);
 * - year: PY, Y1, DA; DOI: DO, DI, M3, a "doi:" mention in N1, then a DOI inside UR/L3 links;
 * - editors (CSL `editor`): ED and A2 of chapters, books and conference papers, where A2 names the
 *   book's or proceedings' editors (and Coreview's own RIS export writes them); a journal article's
 *   A2 is not read (Ovid via Zotero puts the cited authors there);
 * - "NA" (how R rewrites missing values) counts as empty.
 */
function buildRis(fields: TaggedField[], warn: Warn): ReferenceDraft {
  const present = fields.filter((f) => !(f.lines.length === 1 && f.lines[0] === 'NA'));
  const risType = (lineValues(present, 'TY')[0] ?? '').toUpperCase();
  if (risType === '') warn('The record has no RIS type (TY).');
  else if (!(risType in TYPES)) warn(`Unknown RIS type "${risType}"; imported as a generic document.`);
  const isBook = BOOK_TYPES.has(risType);

  const text = (...tags: string[]) => firstText(present, tags, false);
  const notes = fieldTexts(present, ['N1'], false).join('\n');
  const abstracts = fieldTexts(present, ['AB'], false).filter((a) => !/^Copyright of .+ is the property of /s.test(a));

  return {
    cslType: TYPES[risType] ?? 'document',
    title: text('TI', 'T1', 'CT', ...(isBook ? ['BT'] : []), 'ST'),
    authors: lineValues(present, 'AU', 'A1').flatMap((name) => name.split(';')),
    year: pickYear(lineValues(present, 'PY', 'Y1', 'DA')),
    journal: text('T2', 'JF', 'JO', 'JA', 'J2', 'J1', ...(isBook ? [] : ['BT'])),
    volume: text('VL', 'VO'),
    issue: text('IS', 'CP'),
    pages: pageRange(text('SP'), text('EP')),
    doi: [text('DO', 'DI'), text('M3'), /\bdoi:?\s*(10\.\d{4,9}\/\S+)/i.exec(notes)?.[1], ...lineValues(present, 'UR', 'L3')],
    pmid: /nlm|pubmed|medline/i.test(text('DP', 'DB') ?? '') ? text('AN') : null,
    abstract: abstracts.length > 0 ? abstracts.join('\n\n') : fieldTexts(present, ['N2'], false).join('\n\n'),
    keywords: lineValues(present, 'KW', 'MH', 'OT').flatMap((k) => splitKeywords(k)),
    urls: lineValues(present, 'UR', 'LK', 'L2'),
    language: text('LA'),
    issn: text('SN'),
    publisher: text('PB'),
    csl: {
      'collection-title': text('T3') ?? undefined,
      'publisher-place': text('CY') ?? undefined,
      edition: text('ET') ?? undefined,
      editor: EDITED_TYPES.has(risType) ? editorNames(lineValues(present, 'ED', 'A2')) : undefined,
    },
  };
}

/** The first year-bearing value, or the first value at all so the warning can quote it. */
function pickYear(values: readonly string[]): string | null {
  return values.find((v) => yearFrom(v) !== null) ?? values[0] ?? null;
}

export const risFormat: ImportFormat = {
  id: 'ris',
  label: 'RIS',
  detect: (sample) => /^TY {1,2}-/m.test(sample) || (/^ER {1,2}-/m.test(sample) && /^[A-Z][A-Z0-9] {1,2}- /m.test(sample)),
  parse(text, out) {
    const unknown = new Map<string, number>();
    readTaggedRecords(text, RIS_DIALECT, out, (record, warn) => {
      for (const tag of new Set(record.fields.map((f) => f.tag))) {
        if (!KNOWN_TAGS.has(tag)) unknown.set(tag, (unknown.get(tag) ?? 0) + 1);
      }
      return buildRis(record.fields, warn);
    });
    if (unknown.size > 0) {
      const list = [...unknown].map(([tag, count]) => `${tag} (${count} record${count > 1 ? 's' : ''})`).join(', ');
      out.warn(`Tags that are not standard RIS were kept in the raw text but not imported: ${list}.`);
    }
  },
};
