/**
 * BibTeX and BibLaTeX, parsed here rather than through citation-js. Measured on citation-js 0.8.2
 * (plugin-bibtex, `@biblatex/entry+object` per entry): `{\aa}` came out as "\aa", `{\'\i}` as
 * "ı́" (dotless i plus a loose accent), JabRef's `{\d}` threw away the whole entry, its value
 * grammar recurses per brace level (hostile nesting overflows the stack), and the conversion alone
 * took ~0.19 ms an entry, most of the 50k-entry budget. So: a brace-counting splitter, a tolerant
 * field reader with @string/# and crossref, a stack-based LaTeX decoder and BibTeX name rules, and
 * a small type map to CSL. Each entry is still read on its own, so one bad entry fails alone.
 */
import type { ImportFormat } from '../import-format.js';
import { LineCounter } from '../line-counter.js';
import { latexToUnicode } from '../latex.js';
import { listNumbers, type Warn } from '../record-collector.js';
import type { ReferenceDraft } from '../reference.js';
import { pageRange } from '../field-values.js';
import { RecordError } from '../errors.js';
import { inheritCrossrefs, type CrossrefEntry } from './bibtex-crossref.js';
import { parseEntry, parseFields } from './bibtex-fields.js';
import { parseBibtexNames } from './bibtex-names.js';
import { splitBibtex, type BibChunk } from './bibtex-split.js';

/** Entry type -> CSL type; BibLaTeX, classic BibTeX and the Mendeley/Zotero oddities seen in real files. */
const TYPES: Record<string, string> = {
  article: 'article-journal', book: 'book', mvbook: 'book', bookinbook: 'chapter', booklet: 'pamphlet',
  inbook: 'chapter', incollection: 'chapter', inreference: 'chapter', suppbook: 'chapter', suppcollection: 'chapter',
  book_section: 'chapter', booksection: 'chapter', collection: 'book', mvcollection: 'book', reference: 'book',
  mvreference: 'book', proceedings: 'book', mvproceedings: 'book', inproceedings: 'paper-conference',
  conference: 'paper-conference', manual: 'report', techreport: 'report', report: 'report',
  mastersthesis: 'thesis', phdthesis: 'thesis', thesis: 'thesis', misc: 'document', generic: 'document',
  online: 'webpage', electronic: 'webpage', www: 'webpage', webpage: 'webpage', web_page: 'webpage',
  unpublished: 'manuscript', patent: 'patent', periodical: 'periodical', suppperiodical: 'article-journal',
  dataset: 'dataset', data: 'dataset', software: 'software', film: 'motion_picture',
  magazine_article: 'article-magazine', newspaper_article: 'article-newspaper', standard: 'standard',
  legislation: 'legislation', legal: 'legal_case', jurisdiction: 'legal_case', audio: 'song', video: 'motion_picture',
  artwork: 'graphic', image: 'graphic', letter: 'personal_communication', map: 'map', hearing: 'hearing',
  bill: 'bill', statute: 'legislation', case: 'legal_case', preprint: 'article',
};

const BOOKS = new Set(['book', 'mvbook', 'collection', 'mvcollection', 'proceedings', 'mvproceedings', 'reference', 'mvreference', 'booklet']);

interface Entry extends CrossrefEntry {
  chunk: BibChunk;
  warnings: string[];
  failure?: string;
}

export const bibtexFormat: ImportFormat = {
  id: 'bibtex',
  label: 'BibTeX / BibLaTeX',
  detect: (sample) => /^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]/m.test(sample),
  parse(text, out) {
    const stray = new Set<number>();
    const lines = new LineCounter(text);
    const chunks = splitBibtex(text, (offset) => stray.add(offset));

    // @string macros first, in file order, so an entry may use one defined after it.
    const macros = new Map<string, string>();
    for (const chunk of chunks) {
      if (chunk.type !== 'string' || chunk.broken) continue;
      const fileWarn: Warn = (message) => out.warn(`@string at line ${lines.lineAt(chunk.start)}: ${message}`);
      for (const [name, value] of parseFields(chunk.body, 0, macros, fileWarn)) macros.set(name, value);
    }

    const entries: Entry[] = [];
    // A BibLaTeX @set only names entries that are records of their own (biber reads it so too).
    const sets: number[] = [];
    for (const chunk of chunks) {
      if (chunk.type === 'string' || chunk.type === 'preamble') continue;
      if (chunk.type === 'set') {
        sets.push(lines.lineAt(chunk.start));
        continue;
      }
      const entry: Entry = { chunk, type: chunk.type, key: null, fields: new Map(), warnings: chunk.warning ? [chunk.warning] : [] };
      if (chunk.broken) entry.failure = chunk.broken;
      else {
        try {
          Object.assign(entry, parseEntry(chunk.body, macros, (message) => entry.warnings.push(message)));
        } catch (error) {
          entry.failure = error instanceof Error ? error.message : String(error);
        }
      }
      entries.push(entry);
    }
    inheritCrossrefs(entries, (entry, message) => entry.warnings.push(message));
    const firstUse = new Map<string, number>();

    entries.forEach((entry, index) => {
      const lineStart = lines.lineAt(entry.chunk.start);
      const location = { lineStart, lineEnd: lines.lineAt(entry.chunk.end - 1), raw: text.slice(entry.chunk.start, entry.chunk.end).trimEnd() };
      out.add(location, (warn) => {
        for (const message of entry.warnings) warn(message);
        if (entry.failure) throw new RecordError(entry.failure);
        if (entry.key) {
          const earlier = firstUse.get(entry.key);
          if (earlier === undefined) firstUse.set(entry.key, index + 1);
          else warn(`Citation key "${entry.key}" is also used by record ${earlier}; both were kept.`);
        }
        return draftOf(entry, warn);
      });
    });
    if (sets.length > 0) {
      const [what, verb] = sets.length === 1 ? ['1 @set entry only groups', 'was not imported as a record'] : [`${sets.length} @set entries only group`, 'were not imported as records'];
      out.warn(`${what} other entries and ${verb} (${listNumbers(sets, 'line')}).`);
    }
    if (stray.size > 0) {
      const strayLines = [...stray].map((offset) => lines.lineAt(offset)).sort((a, b) => a - b);
      out.warn(`Text outside any entry was ignored (${listNumbers([...new Set(strayLines)], 'line')}).`);
    }
  },
};

function draftOf(entry: Entry, warn: Warn): ReferenceDraft {
  const { fields, type } = entry;
  const cslType = TYPES[type];
  if (cslType === undefined) warn(`Unknown entry type "@${type}"; imported as a generic document.`);
  const raw = (...names: string[]) => {
    for (const name of names) {
      const value = fields.get(name);
      if (value !== undefined && value.trim() !== '') return value;
    }
    return null;
  };
  const text = (...names: string[]) => {
    const value = raw(...names);
    return value === null ? null : latexToUnicode(value);
  };
  const title = text('title') ?? (BOOKS.has(type) ? text('booktitle', 'maintitle') : null);
  const subtitle = text('subtitle');
  const names = (...fieldNames: string[]) => {
    const value = raw(...fieldNames);
    return value === null ? [] : parseBibtexNames(value);
  };
  const eprintType = (text('eprinttype', 'archiveprefix') ?? '').toLowerCase();
  const eprint = text('eprint');
  const keywords = text('keywords', 'keyword', 'author_keywords', 'author-keywords');
  const editors = names('editor');

  return {
    cslType: cslType ?? 'document',
    title: title && subtitle ? `${title}: ${subtitle}` : title,
    authors: names('author'),
    year: text('year') ?? text('date'),
    journal: text('journal', 'journaltitle', ...(BOOKS.has(type) ? [] : ['booktitle'])),
    volume: text('volume'),
    issue: text('number', 'issue'),
    pages: pageRange(text('pages')),
    doi: [text('doi'), eprintType === 'doi' ? eprint : null, text('url')],
    pmid: text('pmid') ?? (eprintType === 'pubmed' || eprintType === 'pmid' ? eprint : null),
    abstract: paragraphs(text('abstract')),
    keywords: keywords === null ? [] : keywords.split(keywords.includes(';') ? ';' : ','),
    urls: [text('url'), text('howpublished')].filter((u): u is string => u !== null),
    language: text('language', 'langid'),
    issn: text('issn'),
    publisher: text('publisher', 'institution', 'school', 'organization'),
    csl: {
      'citation-key': entry.key ?? undefined,
      editor: editors.length > 0 ? editors : undefined,
      edition: text('edition') ?? undefined,
      'publisher-place': text('address', 'location') ?? undefined,
      'collection-title': text('series') ?? undefined,
      ISBN: text('isbn') ?? undefined,
      note: text('note') ?? undefined,
    },
  };
}

/** In BibTeX a single line break is just wrapping; a blank line is a paragraph. */
function paragraphs(value: string | null): string | null {
  if (value === null) return null;
  return value
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/\n/g, ' '))
    .join('\n\n');
}
