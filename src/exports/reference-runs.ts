/**
 * A formatted reference as runs of text that share one formatting (italic, bold, super- or
 * subscript), read from citeproc's HTML. Word (w:r with w:i), Markdown (*…*) and the HTML outputs
 * are written from runs, never from citeproc's markup itself.
 *
 * ```ts
 * readEntryRuns('<div class="csl-entry">Maruna, S. (2001). <i>Probation Journal</i>, <i>48</i>(2)</div>');
 * // [{ text: 'Maruna, S. (2001). ' }, { text: 'Probation Journal', italic: true }, { text: ', ' },
 * //  { text: '48', italic: true }, { text: '(2)' }]
 * ```
 *
 * Only formatting becomes formatting: <i>/<em>, <b>/<strong>, <sub>, <sup> and <span> with
 * font-style, font-weight or vertical-align; every other tag (div, a, small caps) is dropped and its
 * text kept; entities are decoded once, so "&lt;i&gt;" stays the text "<i>". citeproc writes italics
 * inside italics as `<span style="font-style:normal;">` (an italic word in a title that is itself
 * italic), which is read as upright text, as Word and a browser would show it.
 */

export interface ReferenceRun {
  text: string;
  italic?: true;
  bold?: true;
  script?: 'sub' | 'sup';
}

/** A formatted reference: its runs in order. */
export type FormattedReference = readonly ReferenceRun[];

/** A reference without formatting (one run). */
export function plainReference(text: string): FormattedReference {
  return [{ text }];
}

export function referenceText(runs: FormattedReference): string {
  return runs.map((r) => r.text).join('');
}

interface Style {
  italic: boolean;
  bold: boolean;
  script: 'sub' | 'sup' | null;
}

/** What an opening tag changes in the formatting, or null for a tag that changes nothing. */
function effectOf(name: string, attributes: string): Partial<Style> | null {
  if (name === 'i' || name === 'em') return { italic: true };
  if (name === 'b' || name === 'strong') return { bold: true };
  if (name === 'sub' || name === 'sup') return { script: name };
  if (name !== 'span') return null;
  const style = /\bstyle\s*=\s*"([^"]*)"/i.exec(attributes)?.[1] ?? /\bstyle\s*=\s*'([^']*)'/i.exec(attributes)?.[1] ?? '';
  const effect: Partial<Style> = {};
  const fontStyle = /font-style\s*:\s*([a-z]+)/i.exec(style)?.[1]?.toLowerCase();
  if (fontStyle === 'italic' || fontStyle === 'oblique') effect.italic = true;
  else if (fontStyle === 'normal') effect.italic = false;
  const weight = /font-weight\s*:\s*([a-z0-9]+)/i.exec(style)?.[1]?.toLowerCase();
  if (weight === 'bold' || weight === 'bolder' || (weight !== undefined && Number(weight) >= 600)) effect.bold = true;
  else if (weight === 'normal' || weight === 'lighter' || (weight !== undefined && Number(weight) > 0 && Number(weight) < 600)) effect.bold = false;
  const align = /vertical-align\s*:\s*([a-z]+)/i.exec(style)?.[1]?.toLowerCase();
  if (align === 'sup' || align === 'super') effect.script = 'sup';
  else if (align === 'sub') effect.script = 'sub';
  else if (align === 'baseline') effect.script = null;
  return Object.keys(effect).length > 0 ? effect : null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeHtml(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|([a-zA-Z]+));/g, (match, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return ENTITIES[name] ?? match;
    const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g;

/** One citeproc HTML entry as runs; its surrounding white space (citeproc's indentation and line break) removed. */
export function readEntryRuns(html: string): ReferenceRun[] {
  const base: Style = { italic: false, bold: false, script: null };
  // Each open tag with the formatting in force inside it.
  const open: Array<{ name: string; style: Style }> = [];
  const current = () => open.at(-1)?.style ?? base;
  const runs: ReferenceRun[] = [];
  let cursor = 0;
  const addText = (raw: string) => {
    const text = decodeHtml(raw);
    if (text === '') return;
    const run = runOf(text, current());
    const last = runs.at(-1);
    if (last && sameFormat(last, run)) last.text += text;
    else runs.push(run);
  };
  for (const match of html.matchAll(TAG)) {
    addText(html.slice(cursor, match.index));
    cursor = match.index + match[0].length;
    const name = match[2]!.toLowerCase();
    if (match[1] === '') {
      if (match[3]!.trimEnd().endsWith('/')) continue;
      const effect = effectOf(name, match[3]!);
      open.push({ name, style: effect === null ? current() : { ...current(), ...effect } });
    } else {
      const at = open.findLastIndex((o) => o.name === name);
      if (at !== -1) open.length = at;
    }
  }
  addText(html.slice(cursor));
  return trimRuns(runs);
}

function runOf(text: string, style: Style): ReferenceRun {
  const run: ReferenceRun = { text };
  if (style.italic) run.italic = true;
  if (style.bold) run.bold = true;
  if (style.script !== null) run.script = style.script;
  return run;
}

function sameFormat(a: ReferenceRun, b: ReferenceRun): boolean {
  return a.italic === b.italic && a.bold === b.bold && a.script === b.script;
}

function trimRuns(runs: ReferenceRun[]): ReferenceRun[] {
  while (runs.length > 0 && (runs[0]!.text = runs[0]!.text.trimStart()) === '') runs.shift();
  while (runs.length > 0 && (runs.at(-1)!.text = runs.at(-1)!.text.trimEnd()) === '') runs.pop();
  return runs;
}
