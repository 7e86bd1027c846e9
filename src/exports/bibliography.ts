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
 * citeproc's HTML is not passed on: each entry is read into runs of text with their italics, bold
 * and scripts (reference-runs.ts), which Word and Markdown write as their own formatting and the HTML
 * file and the page as <i>, <b>, <sub>, <sup> (piecesOf), the text escaped. Before formatting, each
 * item is fitted to the style (styled-item.ts: sentence case, journal names, preprint servers).
 *
 * Harvard is British: citation-js bundles only the en-US locale, so an en-GB one is derived from
 * it (single quotes outside punctuation, day-month-year dates). No style or locale is ever fetched.
 * The bundled harvard1 labels any journal article without volume and pages "[Preprint]" (an article
 * published online first, or one whose record lacks them); the style Coreview registers from it
 * (citeThemRightStyle) keeps that label for preprints (CSL `article`) only.
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
import { readEntryRuns, referenceText, type FormattedReference, type ReferenceRun } from './reference-runs.js';
import { BIBLIOGRAPHY_STYLES, type BibliographyStyleId } from './bibliography-styles.js';
import { styledItem } from './styled-item.js';


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
  runs: ReferenceRun[];
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
    const csl = plugins.config.get('@csl');
    const us = csl?.locales.get('en-US');
    if (csl && us && !csl.locales.has('en-GB')) {
      const gb = britishLocale(us);
      if (gb !== null) csl.locales.add('en-GB', gb);
    }
    const harvard = csl?.styles.get('harvard1');
    if (csl && harvard && !csl.styles.has(BIBLIOGRAPHY_STYLES.harvard.template)) {
      // Should a future harvard1 no longer read as expected, it is used as it is.
      csl.styles.add(BIBLIOGRAPHY_STYLES.harvard.template, citeThemRightStyle(harvard) ?? harvard);
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
 * harvard1 with "[Preprint]" after the container for CSL `article` (a preprint) only, where the
 * bundled style also gives it to an `article-journal` that has no volume and no page. Null if the
 * style no longer holds that rule.
 */
export function citeThemRightStyle(harvard1: string): string | null {
  const rule = /<if type="article article-journal" match="any">(<choose><if match="none" variable="page volume"><text value="Preprint" prefix="\[" suffix="\]"\/>)/;
  return rule.test(harvard1) ? harvard1.replace(rule, '<if type="article">$1') : null;
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
  return cite.format(items.map((item) => styledItem(item, style)), { template, lang }).map(([id, html]) => {
    const runs = readEntryRuns(html);
    return { id: Number(id), runs, text: referenceText(runs) };
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

/** The entry as nested elements for HTML (a page's preview, the HTML file): runs grouped by italic, then bold, then script. */
export function piecesOf(runs: FormattedReference): BibliographyPiece[] {
  return group(runs, 0);
}

const LAYERS: ReadonlyArray<(run: ReferenceRun) => FormatTag | null> = [(r) => (r.italic ? 'i' : null), (r) => (r.bold ? 'b' : null), (r) => r.script ?? null];

function group(runs: FormattedReference, layer: number): BibliographyPiece[] {
  if (layer === LAYERS.length) return [runs.map((r) => r.text).join('')];
  const tagOf = LAYERS[layer]!;
  const out: BibliographyPiece[] = [];
  for (let i = 0; i < runs.length; ) {
    const tag = tagOf(runs[i]!);
    let j = i + 1;
    while (j < runs.length && tagOf(runs[j]!) === tag) j++;
    // Neighbouring groups differ at this layer, so two texts never end up side by side.
    const children = group(runs.slice(i, j), layer + 1);
    if (tag !== null) out.push({ tag, children });
    else out.push(...children);
    i = j;
  }
  return out;
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
  const items = entries.map((e) => `<p class="csl-entry">${piecesHtml(piecesOf(e.runs))}</p>`).join('\n');
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
