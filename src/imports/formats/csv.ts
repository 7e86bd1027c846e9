import { parse } from 'csv-parse/sync';
import { UnreadableFileError } from '../errors.js';
import type { ImportFormat } from '../import-format.js';
import { pageRange, splitKeywords } from '../field-values.js';
import { splitNameList } from '../names.js';
import type { RecordCollector } from '../record-collector.js';
import { cslTypeFromName } from '../reference-type.js';

type Column =
  | 'title' | 'abstract' | 'authors' | 'year' | 'doi' | 'keywords' | 'journal' | 'volume' | 'issue'
  | 'pages' | 'startPage' | 'endPage' | 'pmid' | 'url' | 'language' | 'issn' | 'publisher' | 'type';

/**
 * Column names as ASReview, Rayyan, Zotero, Scopus, Web of Science and EndNote write them, compared
 * after lower-casing and turning punctuation into spaces ("publication_year" = "Publication Year").
 */
export const ALIASES: Record<Column, readonly string[]> = {
  title: ['title', 'primary title', 'article title', 'document title', 'ti', 't1'],
  abstract: ['abstract', 'abstract note', 'notes abstract', 'ab', 'n2', 'description'],
  authors: ['authors', 'author', 'author s', 'author names', 'author full names', 'first authors', 'au', 'a1'],
  year: ['year', 'publication year', 'pubyear', 'py', 'year published', 'publication date', 'date'],
  doi: ['doi', 'di', 'do', 'doi link'],
  keywords: ['keywords', 'keyword', 'author keywords', 'index keywords', 'manual tags', 'mesh terms', 'kw'],
  journal: ['journal', 'source title', 'secondary title', 'publication title', 'journal title', 'journal book', 'container title', 'source', 'jo', 'jf', 't2', 'so'],
  volume: ['volume', 'vol', 'vl'],
  issue: ['issue', 'number', 'is'],
  pages: ['pages', 'page', 'page range', 'pp'],
  startPage: ['start page', 'page start', 'sp', 'bp'],
  endPage: ['end page', 'page end', 'ep'],
  pmid: ['pmid', 'pubmed id', 'pubmedid', 'pubmed'],
  url: ['url', 'link', 'ur'],
  language: ['language', 'language of original document', 'la'],
  issn: ['issn', 'sn'],
  publisher: ['publisher', 'pb'],
  type: ['type', 'type of reference', 'item type', 'document type', 'publication type', 'ty'],
};

export const normaliseHeader = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** Column indexes for each field; keywords may come from several columns (Scopus has two). */
function mapColumns(header: readonly string[]): Map<Column, number[]> {
  const names = header.map(normaliseHeader);
  const map = new Map<Column, number[]>();
  for (const [column, aliases] of Object.entries(ALIASES) as [Column, readonly string[]][]) {
    const indexes = column === 'keywords'
      ? names.flatMap((n, i) => (aliases.includes(n) ? [i] : []))
      : aliases.map((a) => names.indexOf(a)).filter((i) => i !== -1).slice(0, 1);
    if (indexes.length > 0) map.set(column, indexes);
  }
  return map;
}

/** The delimiter that occurs most often in the header line, outside quotes. */
export function sniffDelimiter(headerLine: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const c of headerLine) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c in counts) counts[c as keyof typeof counts]++;
  }
  return (Object.entries(counts) as [',' | ';' | '\t', number][]).reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

/** The first non-blank line. */
export function headerLine(text: string): string {
  const start = text.search(/\S/);
  const end = text.indexOf('\n', start);
  return text.slice(Math.max(start, 0), end === -1 ? text.length : end);
}

function looksLikeTable(sample: string, wantTabs: boolean): boolean {
  const line = headerLine(sample);
  const delimiter = sniffDelimiter(line);
  if ((delimiter === '\t') !== wantTabs || !line.includes(delimiter)) return false;
  return mapColumns(line.split(delimiter).map((h) => h.replace(/^"|"$/g, ''))).size > 0;
}

function parseTable(text: string, out: RecordCollector): void {
  const delimiter = sniffDelimiter(headerLine(text));
  const broken: { lineEnd: number; raw: string; message: string }[] = [];
  // With raw and info, csv-parse returns { record, raw, info } per row; its typings do not say so.
  const rows: unknown = parse(text, {
    delimiter,
    raw: true,
    info: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error, raw) => {
      broken.push({ lineEnd: Number(error?.lines ?? 0), raw: (raw ?? '').trimEnd(), message: `The row could not be read: ${error?.message ?? 'malformed CSV'}.` });
    },
  });

  const [header, ...data] = rows as { record: string[]; raw: string; info: { lines: number } }[];
  if (!header) throw new UnreadableFileError('The table has no header row.');
  const columns = mapColumns(header.record);
  if (!columns.has('title')) {
    throw new UnreadableFileError(
      `The table has no title column (its columns are: ${header.record.join(', ')}). Coreview needs at least a title to screen a record; ` +
        'a list of DOIs or IDs alone is not a reference export. Export the references with titles and abstracts.',
    );
  }
  // Rows that could not be parsed were reported during parsing; put them back in file order.
  let next = 0;
  const failUpTo = (line: number) => {
    for (let row = broken[next]; row && row.lineEnd <= line; row = broken[++next]) {
      out.fail({ lineStart: row.lineEnd - countLines(row.raw) + 1, lineEnd: row.lineEnd, raw: row.raw }, row.message);
    }
  };
  for (const { record, raw, info } of data) {
    failUpTo(info.lines);
    if (record.every((cell) => cell.trim() === '')) continue;
    const rawText = raw.trimEnd();
    const cell = (column: Column) => {
      const index = columns.get(column)?.[0];
      const value = index === undefined ? undefined : record[index]?.trim();
      return value ? value : null;
    };
    const type = cell('type');
    out.add({ lineStart: info.lines - countLines(rawText) + 1, lineEnd: info.lines, raw: rawText }, () => ({
      cslType: (type && cslTypeFromName(type)) ?? (cell('journal') ? 'article-journal' : 'document'),
      title: cell('title'),
      authors: splitNameList(cell('authors') ?? ''),
      year: cell('year'),
      journal: cell('journal'),
      volume: cell('volume'),
      issue: cell('issue'),
      pages: pageRange(cell('pages') ?? cell('startPage'), cell('pages') ? null : cell('endPage')),
      doi: [cell('doi')],
      pmid: cell('pmid'),
      abstract: cell('abstract'),
      keywords: (columns.get('keywords') ?? []).flatMap((i) => listCell(record[i] ?? '')),
      urls: [cell('url') ?? ''],
      language: cell('language'),
      issn: cell('issn'),
      publisher: cell('publisher'),
    }));
  }
  failUpTo(Number.POSITIVE_INFINITY);
}

/** "['a', 'b']" (ASReview), "a; b" or "a, b". */
function listCell(value: string): string[] {
  const trimmed = value.trim();
  if (trimmed === '') return [];
  return trimmed.startsWith('[') ? splitNameList(trimmed) : splitKeywords(trimmed, true);
}

const countLines = (text: string) => text.split('\n').length;

export const csvFormat: ImportFormat = {
  id: 'csv',
  label: 'CSV',
  detect: (sample) => looksLikeTable(sample, false),
  parse: parseTable,
};

export const tsvFormat: ImportFormat = {
  id: 'tsv',
  label: 'TSV (tab-separated)',
  detect: (sample) => looksLikeTable(sample, true),
  parse: parseTable,
};
