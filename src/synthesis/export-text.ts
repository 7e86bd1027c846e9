/**
 * Text helpers shared by the synthesis exports: column headings, citations from "Author (Year)"
 * labels, page locations, spreadsheet formula neutralising and Markdown escaping. Everything a
 * person typed (code names, titles, excerpts, memos, field values) goes through these.
 */
import type { EvidenceExcerpt, LevelSection, SectionStudy, ThemeSection, ThemeSections } from './evidence.js';
import type { MatrixColumn } from './matrix.js';
import type { SynthesisCode, SynthesisStudy } from './synthesis-data.js';

/** A column's heading with its place in the codebook: "Themes › Employment"; a field's label alone. */
export function columnHeading(column: Pick<MatrixColumn, 'label' | 'context'>): string {
  return column.context === '' ? column.label : `${column.context} › ${column.label}`;
}

// ---------------------------------------------------------------- citations

/** "Maruna (2001)" → { author: "Maruna", year: "2001" }; a label without "(…)" at the end is all author. */
export function splitLabel(label: string): { author: string; year: string } {
  const match = /^(.*\S)\s*\(([^()]*)\)$/.exec(label);
  return match ? { author: match[1]!, year: match[2]! } : { author: label, year: '' };
}

/** The narrative citation, as the label already is: "Maruna (2001)", "Weaver et al. (2012)". */
export function narrativeCitation(study: Pick<SynthesisStudy, 'label'>): string {
  return study.label;
}

/**
 * The parenthetical citation of several studies, APA style, in the order given:
 * "(Maruna, 2001; McNeill & Weaver, 2010; Farrall et al., 2014)". Two authors' "and" becomes "&"
 * only when the study has exactly two authors (an organisation's name keeps its "and").
 */
export function parentheticalCitation(studies: ReadonlyArray<Pick<SynthesisStudy, 'label' | 'authors'>>): string {
  if (studies.length === 0) return '';
  return `(${studies.map(citationInParentheses).join('; ')})`;
}

function citationInParentheses(study: Pick<SynthesisStudy, 'label' | 'authors'>): string {
  const { author, year } = splitLabel(study.label);
  const ampersand = study.authors.length === 2 ? author.replace(/ and (?!.* and )/, ' & ') : author;
  return year === '' ? ampersand : `${ampersand}, ${year}`;
}

/**
 * A location as a citation shows it: "p. 12" and "pp. 12–13" stay; a bare number becomes "p. 12",
 * a bare range "pp. 12–13"; anything else ("ch. 3", "para 4") as written; '' when none.
 */
export function pageLocation(location: string): string {
  const text = location.trim();
  if (/^\d+$/.test(text)) return `p. ${text}`;
  const range = /^(\d+)\s*[-–—]\s*(\d+)$/.exec(text);
  if (range) return `pp. ${range[1]}–${range[2]}`;
  return text;
}

// ---------------------------------------------------------------- spreadsheets

const PLAIN_NUMBER = /^[-+]?(\d+([.,]\d+)*|\.\d+)(e[-+]?\d+)?%?$/i;

/**
 * A text cell that cannot start a formula when a spreadsheet opens the file ("CSV injection",
 * OWASP): text beginning with = + - @ (or a tab or carriage return, which some readers strip
 * before looking) gets a leading apostrophe. A plain number ("-3.5", "+2") is left alone: it is
 * not a formula and the apostrophe would turn it into text.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

// ---------------------------------------------------------------- Markdown

/**
 * Inline text as literal Markdown (CommonMark/GFM): a backslash before every character that could
 * start emphasis, a link or image, HTML or an autolink, code, a table cell, strikethrough or a block
 * quote, before an `&` that would read as an entity, and before what would open a heading, a list or
 * a thematic break at the start of a line (`#`, `-`, `+`, `=`, `1.`).
 * Newlines are kept (callers decide what a line break becomes).
 */
export function markdownText(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~]/g, '\\$&')
    .replace(/&(?=#?[a-z0-9]+;)/gi, '\\&')
    .replace(/^(\s*)([-+=#])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

/** One GFM table cell: escaped, its line breaks as `<br>` (GFM keeps that one tag), trimmed. */
export function markdownCell(text: string): string {
  return markdownText(text.replace(/\r\n?/g, '\n').trim()).replace(/\n/g, '<br>');
}

/** A GFM table: header row, delimiter row, body rows; every value already escaped. */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>, align: ReadonlyArray<'left' | 'right'> = []): string {
  const delimiter = header.map((_, i) => (align[i] === 'right' ? '---:' : '---'));
  return [header, delimiter, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/**
 * Text as a block quote: each line prefixed "> " and ended by a hard break (a backslash) when another
 * line follows, so an interview's turns stay on their lines; blank lines stay paragraph breaks inside
 * the quote; leading spaces are dropped so no line reads as code.
 */
export function markdownBlockquote(text: string): string {
  const lines = markdownText(text.replace(/\r\n?/g, '\n').trim().replace(/^[ \t]+/gm, '')).split('\n');
  return lines
    .map((line, i) => {
      if (line === '') return '>';
      const next = lines[i + 1];
      return next !== undefined && next !== '' ? `> ${line}\\` : `> ${line}`;
    })
    .join('\n');
}

// ---------------------------------------------------------------- chapter phrases (plain text; each format escapes)

/** The chapter's opening paragraph: what the draft is and how it was put together. */
export function chapterIntro(sections: Pick<ThemeSections, 'themesGroup' | 'levelGroup' | 'citedStudies' | 'maxExcerpts'>): string {
  const n = sections.citedStudies.length;
  return (
    `A first draft built from the coding of ${n} included ${n === 1 ? 'study' : 'studies'}: a section per theme of “${sections.themesGroup.name}”, ` +
    `and within it the studies contributing at each level of “${sections.levelGroup.name}”. A study contributes at a level when it carries ` +
    `both the theme and that level, on the study as a whole or on any excerpt. The quotations are each study's key excerpts on the theme ` +
    `(at most ${sections.maxExcerpts}): those also coded with the level first, then those coded with no level, the longest first; ` +
    `an excerpt coded with another level only is quoted under that level.`
  );
}

export function themeLead(theme: Pick<ThemeSection, 'studyCount'>): string {
  return theme.studyCount === 0
    ? 'No included study carries this theme yet.'
    : `${theme.studyCount} ${theme.studyCount === 1 ? 'study contributes' : 'studies contribute'} to this theme.`;
}

export function subCodesLine(theme: Pick<ThemeSection, 'subCodes'>): string {
  return theme.subCodes.length === 0 ? '' : `Includes ${theme.subCodes.map((c) => c.name).join('; ')}.`;
}

export function levelLead(section: Pick<LevelSection, 'studies' | 'level'>): string {
  const k = section.studies.length;
  if (k === 0) return 'No included study carries this theme at this level.';
  const cite = parentheticalCitation(section.studies.map((s) => s.study));
  return section.level === null
    ? `${k} ${k === 1 ? 'study carries' : 'studies carry'} this theme without any level coded ${cite}.`
    : `${k} ${k === 1 ? 'study contributes' : 'studies contribute'} here ${cite}.`;
}

/** What follows a study's narrative citation: ":" before its quotations, or why there are none. */
export function studyLeadTail(entry: Pick<SectionStudy, 'keyExcerpts' | 'themeExcerpts'>): string {
  const n = entry.themeExcerpts;
  if (n === 0) return ' — the theme is coded for the study as a whole; no excerpt.';
  if (entry.keyExcerpts.length === 0) return ` — ${n === 1 ? 'its excerpt on this theme is' : `its ${n} excerpts on this theme are`} coded at other levels.`;
  if (n > entry.keyExcerpts.length) return ` — ${entry.keyExcerpts.length} of ${n} excerpts on this theme:`;
  return ':';
}

/** What follows a quotation: its location "(p. 12)" and, when it is coded below the theme, which sub-codes "[Hope]". */
export function quoteTail(item: EvidenceExcerpt, theme: Pick<SynthesisCode, 'name'>): string {
  const where = pageLocation(item.excerpt.location);
  const sub = item.codes.filter((name) => name !== theme.name);
  return `${where === '' ? '' : ` (${where})`}${sub.length === 0 ? '' : ` [${sub.join('; ')}]`}`;
}
