import { RecordError } from '../errors.js';
import type { ImportFormat } from '../import-format.js';
import { LineCounter } from '../line-counter.js';
import type { CslName } from '../names.js';
import type { ReferenceDraft } from '../reference.js';
import { splitKeywords } from '../field-values.js';

/** Offsets of each top-level item of a JSON array (or of the single top-level object), found without parsing. */
function jsonItems(text: string): { start: number; end: number }[] {
  const first = text.search(/\S/);
  if (text.charAt(first) === '{') return [{ start: first, end: text.trimEnd().length }];
  const items: { start: number; end: number }[] = [];
  let depth = 0;
  let inString = false;
  let itemStart = -1;
  for (let i = first; i < text.length; i++) {
    const c = text.charAt(i);
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth === 1 && itemStart === -1) itemStart = i;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 1 && itemStart !== -1) {
        items.push({ start: itemStart, end: i + 1 });
        itemStart = -1;
      }
      if (depth === 0) return items;
    }
  }
  // Truncated file: whatever item was open becomes a failure of its own.
  if (itemStart !== -1) items.push({ start: itemStart, end: text.length });
  return items;
}

const str = (value: unknown): string | null =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : Array.isArray(value) ? str(value[0]) : null;

function names(value: unknown): CslName[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((n): CslName[] => {
    if (typeof n === 'string') return [{ literal: n }];
    if (n === null || typeof n !== 'object') return [];
    const name = n as Record<string, unknown>;
    const out: CslName = {};
    for (const key of ['family', 'given', 'non-dropping-particle', 'suffix', 'literal'] as const) {
      const part = str(name[key]);
      if (part) out[key] = part;
    }
    return [out];
  });
}

function year(issued: unknown): string | null {
  if (issued === null || typeof issued !== 'object') return str(issued);
  const date = issued as Record<string, unknown>;
  const parts = date['date-parts'];
  const first = Array.isArray(parts) && Array.isArray(parts[0]) ? str(parts[0][0]) : null;
  return first ?? str(date['raw']) ?? str(date['literal']);
}

function draftOf(item: Record<string, unknown>): ReferenceDraft {
  const keyword = item['keyword'];
  return {
    cslType: str(item['type']) ?? 'document',
    title: str(item['title']),
    authors: names(item['author']),
    year: year(item['issued']),
    journal: str(item['container-title']),
    volume: str(item['volume']),
    issue: str(item['issue']),
    pages: str(item['page']),
    doi: [str(item['DOI'])],
    pmid: str(item['PMID']),
    abstract: str(item['abstract']),
    keywords: Array.isArray(keyword) ? keyword.map((k) => str(k) ?? '') : splitKeywords(str(keyword) ?? '', true),
    urls: [str(item['URL']) ?? ''],
    language: str(item['language']),
    issn: str(item['ISSN']),
    publisher: str(item['publisher']),
    csl: item,
  };
}

export const cslJsonFormat: ImportFormat = {
  id: 'csl-json',
  label: 'CSL-JSON',
  detect: (sample) => /^\s*[[{]/.test(sample) && /"(?:title|type|author|DOI|issued|container-title)"\s*:/.test(sample),
  parse(text, out) {
    const lines = new LineCounter(text);
    for (const { start, end } of jsonItems(text)) {
      const raw = text.slice(start, end);
      out.add({ lineStart: lines.lineAt(start), lineEnd: lines.lineAt(end - 1), raw }, () => {
        let item: unknown;
        try {
          item = JSON.parse(raw);
        } catch (error) {
          throw new RecordError(`Not valid JSON: ${error instanceof Error ? error.message : String(error)}.`);
        }
        if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new RecordError('The item is not a JSON object.');
        return draftOf(item as Record<string, unknown>);
      });
    }
  },
};
