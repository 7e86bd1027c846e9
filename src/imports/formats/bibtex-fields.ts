import { RecordError } from '../errors.js';
import type { Warn } from '../record-collector.js';

/** Field values as written (LaTeX and case-protecting braces kept), with @string macros and "#" resolved. */
export type BibFields = Map<string, string>;

const FIELD_START = /,[ \t\n]*[^\s=,{}"#][^=,{}"#]*=/g;

// BibTeX's predefined month macros.
const MONTHS: Record<string, string> = {
  jan: 'January', feb: 'February', mar: 'March', apr: 'April', may: 'May', jun: 'June',
  jul: 'July', aug: 'August', sep: 'September', oct: 'October', nov: 'November', dec: 'December',
};

/**
 * Reads "key, name = value, ..." from an entry body; tolerant of what real exports do: no key
 * (EndNote: "@article{ author = ..."), field names with spaces or dots ("funding_text 1",
 * "colrev.dblp.dblp_key"), a missing comma between fields, a trailing comma.
 * A repeated field keeps its first value.
 */
export function parseEntry(body: string, macros: ReadonlyMap<string, string>, warn: Warn): { key: string | null; fields: BibFields } {
  const keyEnd = body.search(/[,=]/);
  const hasKey = keyEnd === -1 || body.charAt(keyEnd) === ',';
  const key = hasKey ? body.slice(0, keyEnd === -1 ? body.length : keyEnd).trim() : '';
  const fields = parseFields(body, hasKey ? (keyEnd === -1 ? body.length : keyEnd + 1) : 0, macros, warn);
  return { key: key === '' ? null : key, fields };
}

/** The "name = value" list of an entry or of an @string. */
export function parseFields(body: string, from: number, macros: ReadonlyMap<string, string>, warn: Warn): BibFields {
  const fields: BibFields = new Map();
  let pos = from;
  let previous: string | null = null;
  for (;;) {
    pos = skip(body, pos, ' \t\n,');
    if (pos >= body.length) break;
    const nameEnd = indexOfAny(body, pos, '=,{}"#');
    if (nameEnd === -1 || body.charAt(nameEnd) !== '=') {
      // Skip to the next ", name =" in one go, so a mangled value costs one warning, not one per comma.
      FIELD_START.lastIndex = pos;
      const next = FIELD_START.exec(body)?.index ?? body.length;
      warn(`Unreadable text ${previous ? `after field "${previous}"` : 'in the entry'} was skipped: "${clip(body.slice(pos, next))}".`);
      pos = next + 1;
      continue;
    }
    const name = body.slice(pos, nameEnd).trim().replace(/\s+/g, ' ').toLowerCase();
    const value = readValue(body, nameEnd + 1, name, macros, warn);
    pos = skip(body, value.end, ' \t\n');
    if (fields.has(name)) warn(`Field "${name}" appears more than once; the first value was kept.`);
    else fields.set(name, value.text);
    previous = name;
    if (pos < body.length && body.charAt(pos) !== ',') warn(`A comma is missing after field "${name}".`);
  }
  return fields;
}

function readValue(body: string, from: number, field: string, macros: ReadonlyMap<string, string>, warn: Warn): { text: string; end: number } {
  let text = '';
  let pos = from;
  for (;;) {
    pos = skip(body, pos, ' \t\n');
    const c = body.charAt(pos);
    if (c === '{' || c === '"') {
      const end = c === '{' ? closingBrace(body, pos) : closingQuote(body, pos);
      if (end === -1) throw new RecordError(`The value of field "${field}" never closes (unbalanced ${c === '{' ? 'braces' : 'quotes'}).`);
      text += body.slice(pos + 1, end);
      pos = end + 1;
    } else {
      const end = indexOfAny(body, pos, ' \t\n,#{}"');
      const word = body.slice(pos, end === -1 ? body.length : end);
      if (word === '') break;
      pos += word.length;
      if (/^\d+$/.test(word)) text += word;
      else {
        const macro = macros.get(word.toLowerCase()) ?? MONTHS[word.toLowerCase()];
        if (macro === undefined) warn(`@string "${word}" used in field "${field}" is not defined; its name was kept as the value.`);
        text += macro ?? word;
      }
    }
    pos = skip(body, pos, ' \t\n');
    if (body.charAt(pos) !== '#') break;
    pos++;
  }
  return { text, end: pos };
}

/** Index of the "}" that closes the "{" at `open`, or -1. Like BibTeX (and the splitter), every brace counts. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b) depth++;
    else if (c === 0x7d && --depth === 0) return i;
  }
  return -1;
}

/** Index of the '"' that closes the one at `open`; quotes inside braces, or escaped as \", do not count. */
function closingQuote(text: string, open: number): number {
  let depth = 0;
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x7b) depth++;
    else if (c === 0x7d) depth--;
    else if (c === 0x22 && depth <= 0) return i;
  }
  return -1;
}

function skip(text: string, from: number, chars: string): number {
  let i = from;
  while (i < text.length && chars.includes(text.charAt(i))) i++;
  return i;
}

function indexOfAny(text: string, from: number, chars: string): number {
  for (let i = from; i < text.length; i++) if (chars.includes(text.charAt(i))) return i;
  return -1;
}

const clip = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
};
