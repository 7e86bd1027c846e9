import type { BibFields } from './bibtex-fields.js';

export interface CrossrefEntry {
  type: string;
  key: string | null;
  fields: BibFields;
}

// biblatex: these never pass from parent to child.
const NOT_INHERITED = new Set([
  'ids', 'crossref', 'xref', 'entryset', 'entrysubtype', 'execute', 'label', 'options', 'presort', 'related',
  'relatedoptions', 'relatedstring', 'relatedtype', 'shorthand', 'shorthandintro', 'sortkey',
]);

// biblatex's title mapping: a book's title is its chapter's booktitle, a multi-volume work's is a volume's maintitle, a periodical's is an article's journaltitle.
const TITLE_PREFIX: Record<string, string> = {
  mvbook: 'main', mvcollection: 'main', mvreference: 'main', mvproceedings: 'main',
  book: 'book', collection: 'book', reference: 'book', proceedings: 'book', periodical: 'journal',
};

const MAX_CHAIN = 8;

/**
 * Copies fields a child lacks from the entry its `crossref` names (after resolving that parent's own
 * crossref), the way biblatex does. Reports missing parents and over-long or circular chains.
 */
export function inheritCrossrefs<T extends CrossrefEntry>(entries: readonly T[], warn: (entry: T, message: string) => void): void {
  const byKey = new Map<string, T>();
  for (const entry of entries) if (entry.key && !byKey.has(entry.key.toLowerCase())) byKey.set(entry.key.toLowerCase(), entry);
  const done = new Set<T>();

  const resolve = (entry: T, depth: number): void => {
    if (done.has(entry)) return;
    done.add(entry);
    const parentKey = entry.fields.get('crossref')?.trim();
    if (!parentKey) return;
    const parent = byKey.get(parentKey.toLowerCase());
    if (!parent) return warn(entry, `The crossref "${parentKey}" names no entry in this file; nothing was inherited.`);
    if (depth >= MAX_CHAIN || parent === entry) return warn(entry, `The crossref chain from "${entry.key}" is circular or deeper than ${MAX_CHAIN}; stopped there.`);
    resolve(parent, depth + 1);
    const prefix = TITLE_PREFIX[parent.type];
    for (const [name, value] of parent.fields) {
      if (NOT_INHERITED.has(name)) continue;
      const target = prefix && ['title', 'subtitle', 'titleaddon'].includes(name) ? prefix + name : name;
      if (!entry.fields.has(target)) entry.fields.set(target, value);
      if (name === 'author' && (parent.type === 'book' || parent.type === 'mvbook') && !entry.fields.has('bookauthor')) {
        entry.fields.set('bookauthor', value);
      }
    }
  };
  for (const entry of entries) resolve(entry, 0);
}
