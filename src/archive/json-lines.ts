import type { Readable } from 'node:stream';

/**
 * One JSON value per line. U+2028 and U+2029 are escaped when written (JSON.stringify leaves them
 * as they are, and Node 24's readline splits lines there), and lines are split on `\n` only when
 * read, so either half alone would keep a record whole.
 */
export function toJsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029') + '\n';
}

/** Longer than any row Coreview writes (a record with its raw text is a few hundred KB at most). */
const MAX_LINE_CHARS = 64 * 1024 * 1024;

/** The values of a JSON-lines stream, in order; `where` names the source in an error. */
export async function* readJsonLines(stream: Readable, where: string): AsyncGenerator<unknown> {
  let rest = '';
  let line = 0;
  stream.setEncoding('utf8');
  for await (const chunk of stream as AsyncIterable<string>) {
    rest += chunk;
    let start = 0;
    let end: number;
    while ((end = rest.indexOf('\n', start)) >= 0) {
      line++;
      const text = rest.slice(start, end);
      start = end + 1;
      if (text !== '') yield parse(text, where, line);
    }
    rest = rest.slice(start);
    if (rest.length > MAX_LINE_CHARS) throw new SyntaxError(`${where}, line ${line + 1}: longer than any line Coreview writes`);
  }
  if (rest !== '') yield parse(rest, where, line + 1);
}

function parse(text: string, where: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SyntaxError(`${where}, line ${line}: not valid JSON`);
  }
}

