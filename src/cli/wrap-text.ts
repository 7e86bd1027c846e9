/** How wide help text may be: a terminal of 100 columns shows every line whole. */
export const HELP_WIDTH = 100;

/**
 * Breaks one line at spaces so no piece is wider than `width`; continuation lines start with `hang`
 * (by default the line's own indentation). A word longer than the width stays whole on its line.
 *
 * ```ts
 * wrapLine('  import --review NAME [--create] …', 40, '      ')
 * ```
 */
export function wrapLine(line: string, width = HELP_WIDTH, hang = /^\s*/.exec(line)![0]): string {
  if (line.length <= width) return line;
  const indent = /^\s*/.exec(line)![0];
  const lines: string[] = [];
  let current = indent;
  for (const word of line.slice(indent.length).split(/ +/)) {
    const start = lines.length === 0 ? indent : hang;
    if (current.length > start.length && current.length + 1 + word.length > width) {
      lines.push(current);
      current = hang + word;
    } else {
      current = current.length > start.length ? `${current} ${word}` : current + word;
    }
  }
  lines.push(current);
  return lines.join('\n');
}

/** Every line of a text wrapped, each continuing at its own indentation. */
export const wrapText = (text: string, width = HELP_WIDTH) => text.split('\n').map((line) => wrapLine(line, width)).join('\n');
