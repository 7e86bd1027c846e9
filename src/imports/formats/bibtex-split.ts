/** Splits a BibTeX file into entries by counting braces: cheap, and one broken entry cannot swallow the file. */

export interface BibChunk {
  /** Lower-cased entry type: article, string, preamble... */
  type: string;
  /** Text between the opening and closing delimiters. */
  body: string;
  /** Offsets of the "@" and of the character after the closing delimiter. */
  start: number;
  end: number;
  /** Why the entry could not be delimited, if it could not. */
  broken?: string;
  /** Something the reader should hear about how it was delimited. */
  warning?: string;
}

const HEAD = /@[ \t\n]*([A-Za-z][\w:-]*)[ \t\n]*([{(])/y;
const NEXT_ENTRY = /\n[ \t]*@[ \t]*[A-Za-z][\w:-]*[ \t]*[{(]/g;

/**
 * Outside entries everything is a comment (BibTeX's own rule), except that a line starting with "%"
 * hides any "@" on it. @comment{...} blocks are skipped whole, so an entry commented out that way stays out.
 * `onStray` gets the offsets of non-blank, non-% text between entries.
 */
export function splitBibtex(text: string, onStray: (offset: number) => void): BibChunk[] {
  const chunks: BibChunk[] = [];
  let from = 0;
  let lineStart = 0;
  let lineEnd = -1;
  for (;;) {
    const at = text.indexOf('@', from);
    reportStray(text, from, at === -1 ? text.length : at, onStray);
    if (at === -1) break;
    if (at > lineEnd) {
      lineStart = text.lastIndexOf('\n', at) + 1;
      lineEnd = text.indexOf('\n', at);
      if (lineEnd === -1) lineEnd = text.length;
    }
    if (/^[ \t]*%/.test(text.slice(lineStart, Math.min(at, lineStart + 200)))) {
      from = lineEnd;
      continue;
    }
    HEAD.lastIndex = at;
    const head = HEAD.exec(text);
    if (!head) {
      from = at + 1;
      continue;
    }
    const type = (head[1] ?? '').toLowerCase();
    const open = head[2] ?? '{';
    const bodyStart = HEAD.lastIndex;
    const close = closingDelimiter(text, bodyStart, open);
    if (type === 'comment') {
      from = close === -1 ? lineEnd : close + 1;
      continue;
    }
    if (close === -1) {
      NEXT_ENTRY.lastIndex = bodyStart;
      const next = NEXT_ENTRY.exec(text);
      const end = next ? next.index + 1 : text.length;
      chunks.push({ type, body: text.slice(bodyStart, end), start: at, end, broken: `The entry's ${open === '{' ? 'braces' : 'parentheses'} are not balanced, so it never closes.` });
      from = end;
      continue;
    }
    const end = fieldsAfterClose(text, close);
    if (end === close) chunks.push({ type, body: text.slice(bodyStart, close), start: at, end: close + 1 });
    else {
      const warning = 'The entry closes a brace more than it opens (a value with a stray "}"); the fields after it were read as part of the entry.';
      chunks.push({ type, body: text.slice(bodyStart, end), start: at, end: end + 1, warning });
    }
    from = end + 1;
  }
  return chunks;
}

/**
 * A value with a stray "}" (EBSCO writes "@type:Person}" into keywords) closes its entry early. When
 * "name = ..." lines follow before the next entry, the entry really ends at the last "}" before it.
 */
function fieldsAfterClose(text: string, close: number): number {
  NEXT_ENTRY.lastIndex = close;
  const until = NEXT_ENTRY.exec(text)?.index ?? text.length;
  const tail = text.slice(close + 1, until);
  const last = tail.lastIndexOf('}');
  return last !== -1 && /^[ \t]*[A-Za-z][\w.:-]*[ \t]*=/m.test(tail) ? close + 1 + last : close;
}

/** Index of the delimiter that closes an entry opened with `open`, or -1. */
function closingDelimiter(text: string, from: number, open: string): number {
  const pattern = open === '{' ? /[{}]/g : /[{}()"]/g;
  let depth = open === '{' ? 1 : 0;
  let quoted = false;
  pattern.lastIndex = from;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const c = m[0];
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0 && open === '{') return m.index;
      if (depth < 0) return -1;
    } else if (c === '"' && depth === 0) quoted = !quoted;
    else if (c === ')' && depth === 0 && !quoted) return m.index;
  }
  return -1;
}

function reportStray(text: string, from: number, to: number, onStray: (offset: number) => void): void {
  if (to <= from) return;
  const gap = text.slice(from, to);
  const line = /^[ \t]*[^\s%].*$/m.exec(gap);
  if (line) onStray(from + line.index);
}
