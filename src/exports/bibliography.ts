/**
 * Formatted references (APA 7th edition, Harvard) through citation-js' CSL plugin and its bundled
 * styles: `apa` (APA 7th) and `harvard1` (Cite Them Right, the Harvard most UK universities teach).
 * Items are built from the record columns as edited (csl-item.ts), never from csl_json alone.
 *
 * ```ts
 * const entries = await formatBibliography(records, 'harvard');  // sorted as the style sorts
 * bibliographyText(entries);   // one reference per paragraph, plain text
 * bibliographyHtml(entries, { title: 'References', subtitle: '...' });  // a standalone page
 * ```
 *
 * citeproc's HTML is not passed on: each entry is read into text plus <i>, <b>, <sub>, <sup> only
 * (BibliographyPiece), which the HTML file writes escaped and the page renders as elements.
 *
 * Harvard is British: citation-js bundles only the en-US locale, so an en-GB one is derived from
 * it (single quotes outside punctuation, day-month-year dates). No style or locale is ever fetched.
 *
 * Cost, measured on the 2-core test machine with corpus records: 2,000 studies take 3.5-8 s
 * (about 2-4 ms a reference, more for APA than Harvard, and superlinear: 100 take 0.2 s), nearly
 * all inside citeproc, plus ~0.5 s to start a worker. So a bibliography of more than
 * IN_PROCESS_LIMIT references is formatted in a worker thread (bibliography-worker.ts) under a time
 * limit, keeping the server answering, and sets above MAX_BIBLIOGRAPHY are refused.
 */
import { startTsWorker } from '../workers/ts-worker.js';
import type { ExportRecord } from './export-record.js';
import { bibliographicItem } from './formats/csl-item.js';
import { NO_TITLE } from '../records/record-title.js';

export const BIBLIOGRAPHY_STYLES = {
  apa: { label: 'APA 7th edition', template: 'apa', lang: 'en-US' },
  harvard: { label: 'Harvard (Cite Them Right)', template: 'harvard1', lang: 'en-GB' },
} as const;

export type BibliographyStyleId = keyof typeof BIBLIOGRAPHY_STYLES;

export function isBibliographyStyle(value: string): value is BibliographyStyleId {
  return Object.hasOwn(BIBLIOGRAPHY_STYLES, value);
}

/** The most references one bibliography formats. */
export const MAX_BIBLIOGRAPHY = 5000;
/** Up to this many references are formatted on the calling thread (a page's preview); more go to a worker. */
export const IN_PROCESS_LIMIT = 50;
/** How long a worker may take (5,000 references take well under a minute). */
const WORKER_TIME_LIMIT_MS = 180_000;

export type FormatTag = 'i' | 'b' | 'sub' | 'sup';
export type BibliographyPiece = string | { tag: FormatTag; children: BibliographyPiece[] };

export interface BibliographyEntry {
  /** The record's id. */
  id: number;
  pieces: BibliographyPiece[];
  text: string;
}

interface CitationJs {
  format(items: unknown[], options: Record<string, unknown>): Array<[string, string]>;
}

let loaded: Promise<CitationJs> | null = null;

/** citation-js and citeproc are large: loaded on first use, not at start. */
function citationJs(): Promise<CitationJs> {
  loaded ??= (async () => {
    const { plugins } = await import('@citation-js/core');
    await import('@citation-js/plugin-csl');
    const locales = plugins.config.get('@csl')?.locales;
    const us = locales?.get('en-US');
    if (locales && us && !locales.has('en-GB')) {
      const gb = britishLocale(us);
      if (gb !== null) locales.add('en-GB', gb);
    }
    return { format: (items, options) => plugins.output.format('bibliography', items, { ...options, format: 'html', asEntryArray: true }) as Array<[string, string]> };
  })();
  return loaded;
}

/**
 * en-GB from the bundled en-US locale: what CSL's own locales-en-GB.xml changes for these styles.
 * Null (Harvard then uses en-US) if a future en-US file no longer has what is replaced.
 */
export function britishLocale(us: string): string | null {
  const swaps: Array<[RegExp, string]> = [
    [/xml:lang="en-US"/, 'xml:lang="en-GB"'],
    [/<style-options punctuation-in-quote="true"\/>/, '<style-options punctuation-in-quote="false"/>'],
    [/<term name="open-quote">“<\/term>/, '<term name="open-quote">‘</term>'],
    [/<term name="close-quote">”<\/term>/, '<term name="close-quote">’</term>'],
    [/<term name="open-inner-quote">‘<\/term>/, '<term name="open-inner-quote">“</term>'],
    [/<term name="close-inner-quote">’<\/term>/, '<term name="close-inner-quote">”</term>'],
    [
      /<date form="text">[\s\S]*?<\/date>/,
      '<date form="text"><date-part name="day" suffix=" "/><date-part name="month" suffix=" "/><date-part name="year"/></date>',
    ],
    [
      /<date form="numeric">[\s\S]*?<\/date>/,
      '<date form="numeric"><date-part name="day" form="numeric-leading-zeros" suffix="/"/><date-part name="month" form="numeric-leading-zeros" suffix="/"/><date-part name="year"/></date>',
    ],
  ];
  let xml = us;
  for (const [pattern, replacement] of swaps) {
    if (!pattern.test(xml)) return null;
    xml = xml.replace(pattern, replacement);
  }
  return xml;
}

/**
 * The CSL item a bibliography needs: no abstract or keywords (no style prints them, and citeproc
 * would read them). A record without a title is "[No title]", as APA describes an untitled work in brackets.
 */
export function referenceItem(record: ExportRecord): Record<string, unknown> {
  const { abstract: _abstract, keyword: _keyword, ...item } = bibliographicItem(record);
  return { ...item, title: item['title'] ?? NO_TITLE };
}

/** Formats CSL items on this thread (citeproc is synchronous: keep it to small sets or a worker). */
export async function formatItems(items: readonly Record<string, unknown>[], style: BibliographyStyleId): Promise<BibliographyEntry[]> {
  if (items.length === 0) return [];
  const { template, lang } = BIBLIOGRAPHY_STYLES[style];
  const cite = await citationJs();
  return cite.format([...items], { template, lang }).map(([id, html]) => {
    const pieces = readEntryHtml(html);
    return { id: Number(id), pieces, text: piecesText(pieces) };
  });
}

export interface BibliographyTask {
  items: Record<string, unknown>[];
  style: BibliographyStyleId;
}

export class BibliographyTimeout extends Error {}

function formatInWorker(task: BibliographyTask): Promise<BibliographyEntry[]> {
  return new Promise((resolve, reject) => {
    const worker = startTsWorker(new URL('./bibliography-worker.ts', import.meta.url).href, task, ['@citation-js/core', '@citation-js/plugin-csl']);
    let result: BibliographyEntry[] | null = null;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void worker.terminate();
    }, WORKER_TIME_LIMIT_MS);
    worker.on('message', (entries: BibliographyEntry[]) => { result = entries; });
    worker.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    worker.on('exit', (code) => {
      clearTimeout(timer);
      if (timedOut) reject(new BibliographyTimeout(`Formatting the bibliography took longer than ${WORKER_TIME_LIMIT_MS / 1000} s and was stopped.`));
      else if (code === 0 && result !== null) resolve(result);
      else reject(new Error(`bibliography worker exited with code ${code}`));
    });
  });
}

/** The references of `records` in the style, sorted as the style sorts them; big sets in a worker thread. */
export async function formatBibliography(records: readonly ExportRecord[], style: BibliographyStyleId): Promise<BibliographyEntry[]> {
  const items = records.map(referenceItem);
  return items.length <= IN_PROCESS_LIMIT ? formatItems(items, style) : formatInWorker({ items, style });
}

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g;

/** What an opening citeproc tag stands for: one of the four, or nothing (div, span for small caps, a). */
function formatOf(name: string, attributes: string): FormatTag | null {
  const tag = name.toLowerCase();
  if (tag === 'i' || tag === 'em') return 'i';
  if (tag === 'b' || tag === 'strong') return 'b';
  if (tag === 'sub' || tag === 'sup') return tag;
  if (tag === 'span') {
    if (/font-style:\s*italic/i.test(attributes)) return 'i';
    if (/font-weight:\s*bold/i.test(attributes)) return 'b';
    if (/vertical-align:\s*sup/i.test(attributes)) return 'sup';
    if (/vertical-align:\s*sub/i.test(attributes)) return 'sub';
  }
  return null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeHtml(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|([a-zA-Z]+));/g, (match, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return ENTITIES[name] ?? match;
    const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/** One citeproc HTML entry as text and the four formatting elements; every other tag is dropped, its text kept. */
export function readEntryHtml(html: string): BibliographyPiece[] {
  const root: { children: BibliographyPiece[] } = { children: [] };
  // Each open tag, and the element it made (null: a tag that makes none).
  const open: Array<{ name: string; element: { tag: FormatTag; children: BibliographyPiece[] } | null }> = [];
  const current = () => open.findLast((o) => o.element !== null)?.element ?? root;
  let cursor = 0;
  const addText = (raw: string) => {
    const text = decodeHtml(raw);
    if (text === '') return;
    const children = current().children;
    const last = children.at(-1);
    if (typeof last === 'string') children[children.length - 1] = last + text;
    else children.push(text);
  };
  for (const match of html.matchAll(TAG)) {
    addText(html.slice(cursor, match.index));
    cursor = match.index + match[0].length;
    const name = match[2]!.toLowerCase();
    if (match[1] === '') {
      if (match[3]!.trimEnd().endsWith('/')) continue;
      const tag = formatOf(name, match[3]!);
      const element = tag === null ? null : { tag, children: [] };
      if (element) current().children.push(element);
      open.push({ name, element });
    } else {
      const at = open.findLastIndex((o) => o.name === name);
      if (at !== -1) open.length = at;
    }
  }
  addText(html.slice(cursor));
  return trimPieces(root.children);
}

/** Leading and trailing white space of the entry (citeproc's indentation and line break) removed. */
function trimPieces(pieces: BibliographyPiece[]): BibliographyPiece[] {
  const first = pieces[0];
  if (typeof first === 'string') pieces[0] = first.trimStart();
  const last = pieces.at(-1);
  if (typeof last === 'string') pieces[pieces.length - 1] = last.trimEnd();
  return pieces.filter((p) => p !== '');
}

export function piecesText(pieces: readonly BibliographyPiece[]): string {
  return pieces.map((p) => (typeof p === 'string' ? p : piecesText(p.children))).join('');
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function piecesHtml(pieces: readonly BibliographyPiece[]): string {
  return pieces.map((p) => (typeof p === 'string' ? escapeHtml(p) : `<${p.tag}>${piecesHtml(p.children)}</${p.tag}>`)).join('');
}

/** Plain text: one reference per paragraph. */
export function bibliographyText(entries: readonly BibliographyEntry[]): string {
  return entries.map((e) => `${e.text}\n`).join('\n');
}

/** A standalone HTML page (UTF-8): the references with italics, everything else escaped. */
export function bibliographyHtml(entries: readonly BibliographyEntry[], heading: { title: string; subtitle: string }): string {
  const items = entries.map((e) => `<p class="csl-entry">${piecesHtml(e.pieces)}</p>`).join('\n');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(heading.title)}</title>`,
    '<style>body{font-family:Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}',
    '.csl-entry{padding-left:2em;text-indent:-2em;margin:0 0 .7em}</style>',
    '</head>',
    '<body>',
    `<h1>${escapeHtml(heading.title)}</h1>`,
    `<p>${escapeHtml(heading.subtitle)}</p>`,
    '<div class="csl-bib-body">',
    items,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
