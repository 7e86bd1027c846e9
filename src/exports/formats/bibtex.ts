/**
 * BibTeX, written here: citation-js 0.8.2's BibTeX output loses fields and escapes unevenly (see
 * the README's note on its BibTeX), and Coreview's own reader (src/imports/formats/bibtex.ts) is
 * what a re-import goes through. Checked against that reader in test/unit/exports/.
 *
 * - Keys are AuthorYearWord (first author's family name, year or "nd", first significant title
 *   word; ASCII letters and digits only), made unique in the file with b, c, ... suffixes.
 * - Values are braced and LaTeX-escaped (after reader-safe.ts' `protectEntities`): `\{ \} \& \% \$ \# \_`, `\textasciitilde{}`,
 *   `\textasciicircum{}`, `\textbackslash{}`; "--" and "''" are split with `{}` so they stay
 *   themselves; non-ASCII letters are written as UTF-8 (BibLaTeX/biber and modern BibTeX read it).
 *   A brace is written `\{`/`\}` when it has a partner; one without is `\textbraceleft{}` /
 *   `\textbraceright{}` (BibTeX counts every brace, escaped or not), which Coreview's reader drops.
 * - Titles are wrapped in an extra pair of braces, so styles do not change their case; the four
 *   kinds of title markup become \textit, \textbf, \textsubscript and \textsuperscript.
 * - Authors "and"-separated as "Family, Given" ("Family, Suffix, Given" with a suffix); an
 *   organisation's name is braced so it stays one name.
 * - Coreview's screening outcome, labels, codes and visible decisions go in `annote` (extras.ts
 *   lines, one paragraph each), not in `note` (which standard styles print in the bibliography)
 *   and not in `keywords` (which a re-import would take for the paper's keywords).
 */
import { cslText, type ExportRecord } from '../export-record.js';
import { extrasLines } from '../extras.js';
import { cslTypeOf, keywordList } from './csl-item.js';
import type { ExportFormat, ExportWriter } from './export-format.js';
import { protectEntities } from './reader-safe.js';
import { DOI_IN_LINK } from './ris.js';

/** CSL type -> entry type; each reads back (bibtex.ts' table) as the same coarse type. */
const ENTRY_TYPES: Record<string, string> = {
  'article-journal': 'article', review: 'article', 'review-book': 'article',
  // BibLaTeX's way (with entrysubtype); BibTeX has no such types, so they read back as journal articles.
  'article-magazine': 'article', 'article-newspaper': 'article',
  book: 'book', classic: 'book', chapter: 'incollection', 'entry-encyclopedia': 'inreference', 'entry-dictionary': 'inreference',
  'paper-conference': 'inproceedings', event: 'inproceedings', thesis: 'phdthesis', report: 'techreport', standard: 'standard',
  // Not classic BibTeX types (BibLaTeX's, or common extensions); BibTeX styles print them as @misc.
  article: 'preprint', dataset: 'dataset', webpage: 'online', 'post-weblog': 'online', post: 'online',
  legislation: 'legislation', legal_case: 'jurisdiction', patent: 'patent', software: 'software', manuscript: 'unpublished',
  pamphlet: 'booklet', periodical: 'periodical', document: 'misc',
};

/** Types whose container is a `booktitle` rather than a `journal`. */
const IN_BOOK = new Set(['incollection', 'inproceedings', 'inreference']);

export function entryType(record: Pick<ExportRecord, 'type' | 'csl'>): string {
  const csl = cslTypeOf(record);
  if (csl === 'thesis' && /master/i.test(cslText(record.csl, 'genre') ?? '')) return 'mastersthesis';
  return ENTRY_TYPES[csl] ?? 'misc';
}

const SPECIAL: Record<string, string> = {
  '&': '\\&', '%': '\\%', $: '\\$', '#': '\\#', _: '\\_',
  '~': '\\textasciitilde{}', '^': '\\textasciicircum{}', '\\': '\\textbackslash{}',
};

/**
 * Positions of braces that have no partner ("}" before any "{", "{" never closed). BibTeX counts
 * every brace, escaped or not, so only paired ones may be written as `\{ \}`.
 */
function unpairedBraces(text: string): Set<number> {
  const open: number[] = [];
  const unpaired = new Set<number>();
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '{') open.push(i);
    else if (c === '}') {
      if (open.length > 0) open.pop();
      else unpaired.add(i);
    }
  }
  for (const i of open) unpaired.add(i);
  return unpaired;
}

const NEEDS_ESCAPE = /[{}&%$#_~^\\]|--|``|''/;

/** Plain text as a BibTeX value (without the outer braces). */
export function escapeBibtex(value: string): string {
  const text = protectEntities(value);
  if (!NEEDS_ESCAPE.test(text)) return text;
  const unpaired = text.includes('{') || text.includes('}') ? unpairedBraces(text) : null;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    const next = text.charAt(i + 1);
    if (c === '{' || c === '}') out += !unpaired?.has(i) ? `\\${c}` : c === '{' ? '\\textbraceleft{}' : '\\textbraceright{}';
    else if (c in SPECIAL) out += SPECIAL[c];
    // "--" would become a dash, "``" and "''" curly quotes.
    else if ((c === '-' || c === '`' || c === "'") && next === c) out += `${c}{}`;
    else if (c === '\n') out += '\n';
    else out += c;
  }
  return out;
}

const TITLE_MARKUP = /<(\/?)(i|b|sub|sup)>/g;
const MARKUP_COMMAND: Record<string, string> = { i: '\\textit{', b: '\\textbf{', sub: '\\textsubscript{', sup: '\\textsuperscript{' };

/** A title with its <i>, <b>, <sub>, <sup> as LaTeX commands (the stored markup is balanced). */
export function titleToLatex(title: string): string {
  let out = '';
  let cursor = 0;
  for (const match of title.matchAll(TITLE_MARKUP)) {
    out += escapeBibtex(title.slice(cursor, match.index));
    out += match[1] === '/' ? '}' : MARKUP_COMMAND[match[2]!];
    cursor = match.index + match[0].length;
  }
  return out + escapeBibtex(title.slice(cursor));
}

const hasAnd = (text: string) => /(^|\s)and(\s|$)/i.test(text);
const braced = (text: string) => `{${text}}`;

/** One author as BibTeX reads names back: see the module comment. */
export function bibtexName(display: string): string {
  const parts = display.split(', ').map(escapeBibtex);
  if (parts.length === 1) return braced(parts[0]!);
  const family = hasAnd(parts[0]!) || parts[0]!.includes(',') ? braced(parts[0]!) : parts[0]!;
  const protect = (p: string) => (hasAnd(p) || p.includes(',') ? braced(p) : p);
  if (parts.length === 2) return `${family}, ${protect(parts[1]!)}`;
  return `${family}, ${protect(parts.at(-1)!)}, ${protect(parts.slice(1, -1).join(', '))}`;
}

const STOPWORDS = new Set(
  'a an the of on in and or for to with from at by as is are was were be into about between among over under its their our what how why when which who do does not no'.split(' '),
);

const FOLD: Record<string, string> = { ß: 'ss', æ: 'ae', Æ: 'AE', ø: 'o', Ø: 'O', œ: 'oe', Œ: 'OE', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ð: 'd', þ: 'th', ı: 'i' };

/** ASCII letters and digits only, accents dropped: "Müller-Lüdenscheidt" -> "MullerLudenscheidt". */
function asciiWord(text: string): string {
  const folded = text.replace(/[ßæÆøØœŒłŁđĐðþı]/g, (c) => FOLD[c] ?? c).normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return folded
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** The key before making it unique: Maruna2001Making. */
export function baseKey(record: Pick<ExportRecord, 'authors' | 'year' | 'title'>): string {
  const first = record.authors[0] ?? '';
  const author = asciiWord(first.split(', ')[0] ?? '').slice(0, 24) || 'Anon';
  const words = record.title.replace(TITLE_MARKUP, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const word = asciiWord(words.find((w) => !STOPWORDS.has(w) && asciiWord(w) !== '') ?? '').slice(0, 20);
  return `${author}${record.year ?? 'nd'}${word}`;
}

/** Keys unique within one file: the first use plain, then ...b, ...c, ..., ...z, ...aa. */
export class KeyMaker {
  private readonly used = new Set<string>();

  next(base: string): string {
    let key = base;
    for (let n = 1; this.used.has(key.toLowerCase()); n++) key = base + suffix(n);
    this.used.add(key.toLowerCase());
    return key;
  }
}

/** 1 -> "b", 24 -> "z", 25 -> "aa" ... (the first use has no suffix, so "a" is never needed). */
function suffix(n: number): string {
  let value = n + 1;
  let out = '';
  while (value > 0) {
    const digit = (value - 1) % 26;
    out = String.fromCharCode(97 + digit) + out;
    value = Math.floor((value - 1) / 26);
  }
  return out;
}

/** "12-34" -> "12--34"; anything else as it is. */
function bibtexPages(pages: string): string {
  const range = /^([^-\s]+)-([^-\s]+)$/.exec(pages);
  return range ? `${escapeBibtex(range[1]!)}--${escapeBibtex(range[2]!)}` : escapeBibtex(pages);
}

function editors(record: ExportRecord): string[] {
  const value = record.csl['editor'];
  if (!Array.isArray(value)) return [];
  return value.flatMap((n) => {
    if (n === null || typeof n !== 'object') return [];
    const name = n as Record<string, unknown>;
    const text = (key: string) => (typeof name[key] === 'string' && name[key] !== '' ? (name[key] as string) : null);
    if (text('literal')) return [braced(escapeBibtex(text('literal')!))];
    const family = [text('non-dropping-particle'), text('family')].filter(Boolean).join(' ');
    if (!family) return [];
    return [bibtexName([family, text('given'), text('suffix')].filter(Boolean).join(', '))];
  });
}

/** One entry; `key` from a KeyMaker. */
export function bibtexEntry(record: ExportRecord, key: string): string {
  const type = entryType(record);
  const fields: Array<[string, string]> = [];
  const add = (name: string, value: string | null | undefined) => {
    if (value !== null && value !== undefined && value !== '') fields.push([name, value]);
  };
  const text = (value: string | null | undefined) => (value ? escapeBibtex(value) : null);
  if (record.title) add('title', `{${titleToLatex(record.title)}}`);
  const cslType = cslTypeOf(record);
  if (cslType === 'article-magazine' || cslType === 'article-newspaper') add('entrysubtype', cslType.slice('article-'.length));
  add('author', record.authors.map(bibtexName).join(' and '));
  add('editor', editors(record).join(' and '));
  add('year', record.year === null ? null : String(record.year));
  add(IN_BOOK.has(type) ? 'booktitle' : 'journal', text(record.journal));
  add('volume', text(record.volume));
  add('number', text(record.issue));
  add('pages', record.pages ? bibtexPages(record.pages) : null);
  add('doi', text(record.doi));
  add('pmid', text(record.pmid));
  // A blank line is a paragraph; single line breaks read as spaces (as in any BibTeX value).
  add('abstract', text(record.abstract.replace(/\n{2,}/g, '\u0000').replace(/\n/g, ' ').replace(/\u0000/g, '\n\n')));
  add('keywords', text(keywordList(record.keywords)));
  // The reader takes a DOI from `url`, not from `howpublished`: a record without a DOI keeps a DOI-bearing link there.
  add(!record.doi && record.url && DOI_IN_LINK.test(record.url) ? 'howpublished' : 'url', text(record.url));
  add('language', text(record.language));
  add('issn', text(record.issn));
  add(type === 'techreport' ? 'institution' : type.endsWith('thesis') ? 'school' : 'publisher', text(record.publisher));
  add('edition', text(cslText(record.csl, 'edition')));
  add('address', text(cslText(record.csl, 'publisher-place')));
  add('series', text(cslText(record.csl, 'collection-title')));
  add('isbn', text(cslText(record.csl, 'ISBN')));
  add('note', text(cslText(record.csl, 'note')));
  const extras = extrasLines(record.extras);
  add('annote', extras.length > 0 ? extras.map(escapeBibtex).join('\n\n') : null);
  const width = Math.max(...fields.map(([name]) => name.length));
  const body = fields.map(([name, value]) => `  ${name.padEnd(width)} = {${value}}`).join(',\n');
  return `@${type}{${key},\n${body}\n}\n\n`;
}

export const bibtexExport: ExportFormat = {
  id: 'bibtex',
  label: 'BibTeX',
  extension: 'bib',
  contentType: 'application/x-bibtex; charset=utf-8',
  createWriter(): ExportWriter {
    const keys = new KeyMaker();
    return { start: () => '', record: (record) => bibtexEntry(record, keys.next(baseKey(record))), end: () => '' };
  },
};
