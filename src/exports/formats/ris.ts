/**
 * RIS, written here (citation-js' RIS output maps types and tags its own way and is slow per item).
 * It is written so that Coreview's own RIS reader (src/imports/formats/ris.ts) reads back the same
 * title, authors, year, journal, volume, issue, pages, DOI, PMID, abstract, keywords, type, URL,
 * language, ISSN and publisher; test/unit/exports/round-trip.test.ts checks that on real exports.
 *
 * - Tags: TY, ID (the Coreview record id), TI, AU (one per author), A2 (editors, from the imported
 *   CSL item), PY, DA (the full date when one was imported), T2 (journal or book), VL, IS, SP/EP,
 *   DO, AN + DB "PubMed" (the PMID), AB, KW (one per keyword), UR (L2 for a link that holds a DOI
 *   when the record has none, so a re-import does not take it for one), LA, SN, PB, ET, CY, T3, N1, ER.
 * - Coreview's screening outcome, labels, codes and the decisions the viewer may see go in `N1`
 *   lines that begin with "Coreview" (extras.ts). Notes never become keywords, so a re-import keeps
 *   the keywords as they were; the lines stay in the re-imported record's raw text.
 * - CRLF line ends, UTF-8, no byte-order mark, a blank line after each `ER`.
 * - A line of a multi-line abstract that would read as a tag ("AB  - ...") gets a zero-width space
 *   in front, which every Coreview import drops again; text that would decode as an HTML entity
 *   ("&amp;") has its "&" written as "&amp;", because the reader decodes entities once.
 */
import { cslText, type ExportRecord } from '../export-record.js';
import { extrasLines, oneLine } from '../extras.js';
import { cslTypeOf, issuedParts } from './csl-item.js';
import type { ExportFormat, ExportWriter } from './export-format.js';
import { protectEntities } from './reader-safe.js';

/** CSL type -> RIS type, chosen so that the reader's table maps each back to the same coarse type. */
const RIS_TYPES: Record<string, string> = {
  'article-journal': 'JOUR', review: 'JOUR', 'review-book': 'JOUR', 'article-magazine': 'MGZN', 'article-newspaper': 'NEWS',
  book: 'BOOK', classic: 'CLSWK', chapter: 'CHAP', 'entry-encyclopedia': 'ENCYC', 'entry-dictionary': 'DICT',
  'paper-conference': 'CPAPER', event: 'CONF', thesis: 'THES', report: 'RPRT', standard: 'STAND', legislation: 'STAT',
  bill: 'BILL', legal_case: 'CASE', dataset: 'DATA', webpage: 'ELEC', 'post-weblog': 'BLOG', post: 'BLOG',
  // RIS has no preprint type: an unpublished work is the nearest (it reads back as "other").
  article: 'UNPB', manuscript: 'UNPB', patent: 'PAT', periodical: 'JFULL', software: 'COMP', motion_picture: 'MPCT',
  graphic: 'ART', map: 'MAP', song: 'SOUND', speech: 'SLIDE', personal_communication: 'PCOMM', interview: 'INTV',
  hearing: 'HEAR', figure: 'FIGURE', pamphlet: 'PAMP', document: 'GEN',
};

export function risType(record: Pick<ExportRecord, 'type' | 'csl'>): string {
  return RIS_TYPES[cslTypeOf(record)] ?? 'GEN';
}

const EOL = '\r\n';
const TAG_LIKE = /^[A-Z][A-Z0-9]  -/;
// What the RIS reader takes for a DOI inside a note (src/imports/formats/ris.ts).
const NOTE_DOI = /\b(doi)(?=:?\s*10\.\d)/gi;
export const DOI_IN_LINK = /10\.\d{4,9}\//;

function line(tag: string, value: string): string {
  return `${tag}  - ${protectEntities(oneLine(value))}${EOL}`;
}

/** A multi-line value: continuation lines as they are, blank lines kept (a paragraph break). */
function multiline(tag: string, value: string): string {
  const lines = protectEntities(value).split('\n').map((l) => l.trim());
  const rest = lines.slice(1).map((l) => (TAG_LIKE.test(l) ? `\u200B${l}` : l));
  return [`${tag}  - ${lines[0] ?? ''}`, ...rest].join(EOL) + EOL;
}

/** "12-34" as SP 12 and EP 34; anything else (e12, 12-12, S1-S9-2) whole in SP. */
function pageTags(pages: string): string {
  const range = /^([^-\s]+)-([^-\s]+)$/.exec(pages);
  if (range && range[1] !== range[2]) return line('SP', range[1]!) + line('EP', range[2]!);
  return line('SP', pages);
}

function editors(record: ExportRecord): string[] {
  const value = record.csl['editor'];
  if (!Array.isArray(value)) return [];
  return value.flatMap((n) => {
    if (n === null || typeof n !== 'object') return [];
    const name = n as Record<string, unknown>;
    if (typeof name['literal'] === 'string') return [name['literal']];
    const family = [name['non-dropping-particle'], name['family']].filter((p) => typeof p === 'string' && p !== '').join(' ');
    if (family === '') return [];
    return [[family, name['given'], name['suffix']].filter((p) => typeof p === 'string' && p !== '').join(', ')];
  });
}

/** One record as RIS, ending with "ER  - " and a blank line. */
export function risRecord(record: ExportRecord): string {
  let out = line('TY', risType(record)) + line('ID', String(record.id));
  if (record.title) out += line('TI', record.title);
  for (const author of record.authors) out += line('AU', author);
  for (const editor of editors(record)) out += line('A2', editor);
  if (record.year !== null) out += line('PY', String(record.year));
  const date = issuedParts(record);
  if (date && date.month !== null) {
    const two = (n: number) => String(n).padStart(2, '0');
    out += line('DA', `${date.year}/${two(date.month)}/${date.day === null ? '' : two(date.day)}/`);
  }
  if (record.journal) out += line('T2', record.journal);
  if (record.volume) out += line('VL', record.volume);
  if (record.issue) out += line('IS', record.issue);
  if (record.pages) out += pageTags(record.pages);
  if (record.doi) out += line('DO', record.doi);
  if (record.pmid) out += line('AN', record.pmid) + line('DB', 'PubMed');
  if (record.abstract) out += multiline('AB', record.abstract);
  for (const keyword of record.keywords) out += line('KW', keyword);
  // The reader takes a DOI from a UR link; a record without a DOI keeps its DOI-bearing link in L2, which it does not.
  if (record.url) out += line(!record.doi && DOI_IN_LINK.test(record.url) ? 'L2' : 'UR', record.url);
  if (record.language) out += line('LA', record.language);
  if (record.issn) out += line('SN', record.issn);
  if (record.publisher) out += line('PB', record.publisher);
  for (const [tag, key] of [['ET', 'edition'], ['CY', 'publisher-place'], ['T3', 'collection-title']] as const) {
    const value = cslText(record.csl, key);
    if (value !== null) out += line(tag, value);
  }
  const notes = [cslText(record.csl, 'note'), ...extrasLines(record.extras)].filter((n): n is string => n !== null && n.trim() !== '');
  // Without a DOI of its own, a DOI quoted in a note must not become the record's DOI on re-import.
  for (const note of notes) out += line('N1', record.doi ? note : note.replace(NOTE_DOI, '$1\u200B'));
  return `${out}ER  - ${EOL}${EOL}`;
}

export const risExport: ExportFormat = {
  id: 'ris',
  label: 'RIS',
  extension: 'ris',
  contentType: 'application/x-research-info-systems; charset=utf-8',
  createWriter: (): ExportWriter => ({ start: () => '', record: risRecord, end: () => '' }),
};
