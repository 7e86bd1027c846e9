import type { RecordLocation } from './types.js';

/**
 * One tolerant line tokenizer for the tagged formats (RIS, MEDLINE/nbib, Web of Science, EndNote
 * tagged, Ovid). It accepts tags in any order, repeated tags, continuation lines, a missing end
 * tag, an end tag without its trailing space, junk between records, and tags after an end tag (Ovid
 * writes `NL` there): they belong to the record before, unless their own end tag closes them, which
 * makes them a record that lost its start tag. A dialect only says what a tag line looks like and
 * which tags open and close a record.
 */
export interface TaggedDialect {
  /**
   * Group 1 is the tag; group 2, when present, the value on the tag line. Lines never hold `\n`, so
   * patterns take the `s` flag: without it `.` stops at U+2028 and U+2029, which EBSCO's exports
   * carry inside values, and a title holding one was lost.
   */
  readonly tagLine: RegExp;
  readonly isStartTag: (tag: string) => boolean;
  /**
   * True (RIS): every start tag opens a record, so a missing ER loses nothing. False: only a second
   * start tag does, because some exporters put a tag before it (colrev's EndNote export has %T before %0).
   */
  readonly startAlwaysSplits: boolean;
  readonly endTag?: string;
  /** Tags about the file, not a record (Web of Science FN, VR, EF); they close any open record. */
  readonly fileTags?: ReadonlySet<string>;
  /** MEDLINE and EndNote separate records by blank lines; a tag after a blank line starts a new record. */
  readonly blankLineEndsRecord: boolean;
}

export interface TaggedField {
  tag: string;
  /** The value on the tag line, then each continuation line, trimmed; '' marks a blank line inside the value. */
  lines: string[];
}

export interface TaggedRecord extends RecordLocation {
  fields: TaggedField[];
}

interface OpenRecord {
  fields: TaggedField[];
  startOffset: number;
  endOffset: number;
  lineStart: number;
  lineEnd: number;
  hasStartTag: boolean;
}

/**
 * Splits LF-normalised text into records, yielding each as soon as it ends so a caller can build it
 * and let its fields go (memory stays flat on 100 MB files); `onStrayLine` hears about lines outside any record.
 */
export function* splitTaggedRecords(text: string, dialect: TaggedDialect, onStrayLine: (line: number) => void): Generator<TaggedRecord> {
  const finish = (record: OpenRecord): TaggedRecord => ({
    fields: record.fields,
    lineStart: record.lineStart,
    lineEnd: record.lineEnd,
    raw: text.slice(record.startOffset, record.endOffset),
  });
  let open: OpenRecord | null = null;
  // Ended by the end tag, but tags may still follow it (held in `open` meanwhile).
  let closed: OpenRecord | null = null;
  let afterBlank = false;
  let offset = 0;
  let lineNumber = 0;
  while (offset < text.length) {
    let end = text.indexOf('\n', offset);
    if (end === -1) end = text.length;
    const start = offset;
    const line = text.slice(start, end);
    offset = end + 1;
    lineNumber++;

    if (isBlank(line)) {
      afterBlank = open !== null;
      continue;
    }
    const match = dialect.tagLine.exec(line);
    if (!match) {
      const last = open?.fields.at(-1);
      if (open && last) {
        if (afterBlank) last.lines.push('');
        last.lines.push(line.trim());
        open.endOffset = end;
        open.lineEnd = lineNumber;
      } else {
        onStrayLine(lineNumber);
      }
      afterBlank = false;
      continue;
    }

    const tag = match[1] ?? '';
    const isStart = dialect.isStartTag(tag);
    const fileTag = dialect.fileTags?.has(tag) === true;
    if (closed && (isStart || fileTag)) {
      if (open) appendTrailing(closed, open);
      open = null;
      yield finish(closed);
      closed = null;
    }
    if (open && (fileTag || (isStart && (dialect.startAlwaysSplits || open.hasStartTag)) || (afterBlank && dialect.blankLineEndsRecord))) {
      yield finish(open);
      open = null;
    }
    afterBlank = false;
    if (fileTag) continue;
    if (tag === dialect.endTag) {
      if (open) {
        open.endOffset = end;
        open.lineEnd = lineNumber;
        if (closed) yield finish(closed);
        closed = open;
        open = null;
      } else {
        onStrayLine(lineNumber);
      }
      continue;
    }
    open ??= { fields: [], startOffset: start, endOffset: end, lineStart: lineNumber, lineEnd: lineNumber, hasStartTag: false };
    if (isStart) open.hasStartTag = true;
    open.fields.push({ tag, lines: [(match[2] ?? '').trim()] });
    open.endOffset = end;
    open.lineEnd = lineNumber;
  }
  if (closed && open) appendTrailing(closed, open);
  if (closed) yield finish(closed);
  else if (open) yield finish(open);
}

/** Tags after a record's end tag join it, and its line range grows to take them in. */
function appendTrailing(record: OpenRecord, trailing: OpenRecord): void {
  record.fields.push(...trailing.fields);
  record.endOffset = trailing.endOffset;
  record.lineEnd = trailing.lineEnd;
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0xa0) return false;
  }
  return true;
}

/** All values of the tags, in file order: the tag-line value and continuation lines as separate items. */
export function lineValues(fields: readonly TaggedField[], ...tags: string[]): string[] {
  const out: string[] = [];
  for (const field of fields) {
    if (tags.includes(field.tag)) for (const line of field.lines) if (line !== '') out.push(line);
  }
  return out;
}

/**
 * Each occurrence of the tags as one text. `wrapped` formats (MEDLINE, WoS) break long values at a
 * fixed width, so their lines join with spaces; others keep each line break. A blank line inside a
 * value is a paragraph break either way.
 */
export function fieldTexts(fields: readonly TaggedField[], tags: readonly string[], wrapped: boolean): string[] {
  const out: string[] = [];
  for (const field of fields) {
    if (!tags.includes(field.tag)) continue;
    let text = '';
    for (const line of field.lines) {
      if (line === '') text += text === '' ? '' : '\n\n';
      else text += text === '' || text.endsWith('\n') ? line : (wrapped ? ' ' : '\n') + line;
    }
    if (text.trim() !== '') out.push(text);
  }
  return out;
}

/** The first non-empty text among the tags, tried in the order given (the documented priority). */
export function firstText(fields: readonly TaggedField[], tags: readonly string[], wrapped: boolean): string | null {
  for (const tag of tags) {
    const text = fieldTexts(fields, [tag], wrapped)[0];
    if (text !== undefined) return text;
  }
  return null;
}
