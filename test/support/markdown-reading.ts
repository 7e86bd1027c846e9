/**
 * Reading back the Markdown the exports write, as a CommonMark/GFM reader would for the parts we
 * produce: literal text (backslash escapes), GFM pipe tables, headings and block quotes.
 */

/** A backslash before ASCII punctuation drops, as CommonMark reads it. */
export function unescapeMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** Every GFM table in the document: rows of cell texts (delimiter row dropped, `<br>` read as a line break, escapes undone). */
export function markdownTables(markdown: string): string[][][] {
  const tables: string[][][] = [];
  let current: string[][] | null = null;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      current = null;
      continue;
    }
    if (current === null) tables.push((current = []));
    const cells = line
      .slice(1, line.endsWith('|') && !line.endsWith('\\|') ? -1 : undefined)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim());
    if (cells.every((cell) => /^:?-{3,}:?$/.test(cell))) continue;
    current.push(cells.map((cell) => unescapeMarkdown(cell.replace(/<br>/g, '\n'))));
  }
  return tables;
}

/** Headings as [level, text]. */
export function markdownHeadings(markdown: string): Array<[number, string]> {
  return [...markdown.matchAll(/^(#{1,6}) (.*)$/gm)].map((m) => [m[1]!.length, unescapeMarkdown(m[2]!)]);
}

/** Each block quote's text (consecutive "> " lines joined by line breaks, a hard-break backslash at a line's end dropped, escapes undone). */
export function markdownQuotes(markdown: string): string[] {
  return [...markdown.matchAll(/(?:^>(?: .*)?$\n?)+/gm)].map((m) =>
    unescapeMarkdown(
      m[0]
        .trimEnd()
        .split('\n')
        .map((line) => line.replace(/^> ?/, '').replace(/(?<!\\)((?:\\\\)*)\\$/, '$1'))
        .join('\n'),
    ),
  );
}
