/**
 * Text helpers shared by the synthesis exports: column headings, citations from "Author (Year)"
 * labels, page locations, spreadsheet formula neutralising and Markdown escaping. Everything a
 * person typed (code names, titles, excerpts, memos, field values) goes through these.
 */
import { languageName } from '../coding/excerpt-language.js';
import type { CellStudy, ChapterCell, ChapterFinding, ChapterSections, ChapterTheme, JurisdictionRow } from './chapter-sections.js';
import type { MatrixColumn } from './matrix.js';
import type { SynthesisCode, SynthesisExcerpt, SynthesisStudy } from './synthesis-data.js';

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

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** The chapter's opening paragraph: what the draft is, its grain, and how it was put together. */
export function chapterIntro(sections: Pick<ChapterSections, 'axes' | 'citedStudies' | 'maxExcerpts'>): string {
  const n = sections.citedStudies.length;
  const { axes } = sections;
  const direction = axes.directions ? ` and direction of “${axes.directions.name}”` : '';
  return (
    `A first draft built from the coding of ${plural(n, 'included study', 'included studies')}, at the excerpt level: a section per theme of ` +
    `“${axes.themes.name}”, each opening with the analyst’s charted summary and the review findings on it, then the evidence at each level of ` +
    `“${axes.levels.name}”${direction}: the excerpts coded with the theme, the level${axes.directions ? ' and the direction' : ''} together, grouped by study` +
    `${axes.jurisdiction ? ', and a comparison of the jurisdictions the excerpts speak from' : ''}. ` +
    `Each study quotes at most ${sections.maxExcerpts} key excerpts per sub-section, the longest first; passages in another language are quoted in translation, with the original in a note.`
  );
}

/** How much evidence a theme has, and the studies that carry it on the study as a whole only. */
export function themeLead(theme: Pick<ChapterTheme, 'excerpts' | 'studies' | 'wholeStudyOnly'>): string {
  const lead = theme.excerpts === 0 ? 'No excerpt carries this theme yet.' : `${plural(theme.excerpts, 'excerpt')} from ${plural(theme.studies.length, 'study', 'studies')} ${theme.excerpts === 1 ? 'carries' : 'carry'} this theme.`;
  const whole = theme.wholeStudyOnly.length === 0 ? '' : ` Coded on the study as a whole, with no excerpt to quote: ${theme.wholeStudyOnly.map((s) => s.label).join('; ')}.`;
  return lead + whole;
}

export function subCodesLine(theme: Pick<ChapterTheme, 'subCodes'>): string {
  return theme.subCodes.length === 0 ? '' : `Includes ${theme.subCodes.map((c) => c.name).join('; ')}.`;
}

/** A theme's heading: its name, marked when it emerged from the data rather than the a-priori framework. */
export function themeHeading(theme: Pick<SynthesisCode, 'name' | 'origin'>): string {
  return theme.origin === 'emergent' ? `${theme.name} (emergent theme)` : theme.name;
}

export function cellLead(cell: Pick<ChapterCell, 'excerpts' | 'studies' | 'level'>): string {
  if (cell.excerpts === 0) return 'No excerpt carries this theme here.';
  const cite = parentheticalCitation(cell.studies.map((s) => s.study));
  return cell.level === null
    ? `${plural(cell.excerpts, 'excerpt')} on this theme ${cell.excerpts === 1 ? 'carries' : 'carry'} no level ${cite}.`
    : `${plural(cell.excerpts, 'excerpt')} from ${plural(cell.studies.length, 'study', 'studies')} ${cite}.`;
}

/** What follows a study's narrative citation: its appraisal, then ":" or how many of its excerpts are quoted. */
export function studyLeadTail(entry: Pick<CellStudy, 'keyExcerpts' | 'excerpts' | 'appraisal'>): string {
  const appraisal = entry.appraisal === null ? '' : ` [appraisal: ${entry.appraisal}]`;
  const n = entry.excerpts.length;
  return n > entry.keyExcerpts.length ? `${appraisal} — ${entry.keyExcerpts.length} of ${n} excerpts:` : `${appraisal}:`;
}

/** The words a quotation shows: the translation when there is one. */
export function quotedText(excerpt: Pick<SynthesisExcerpt, 'text' | 'translation'>): string {
  return (excerpt.translation.trim() === '' ? excerpt.text : excerpt.translation).trim();
}

/** The note under a translated quotation: "Original (Italian), translated by Anna Rossi: …"; '' when not translated. */
export function originalNote(excerpt: Pick<SynthesisExcerpt, 'text' | 'translation' | 'language' | 'translator'>): string {
  if (excerpt.translation.trim() === '') return excerpt.language === '' ? '' : `Quoted in ${languageName(excerpt.language)}, not translated.`;
  const by = excerpt.translator.trim() === '' ? '' : `, translated by ${excerpt.translator.trim()}`;
  return `Original (${languageName(excerpt.language)})${by}: ${excerpt.text.trim()}`;
}

/** What follows a quotation: its location "(p. 12)" and the theme's sub-codes it carries "[Hope]". */
export function quoteTail(excerpt: Pick<SynthesisExcerpt, 'location' | 'codeIds'>, subCodes: readonly SynthesisCode[]): string {
  const where = pageLocation(excerpt.location);
  const sub = subCodes.filter((c) => excerpt.codeIds.includes(c.id)).map((c) => c.name);
  return `${where === '' ? '' : ` (${where})`}${sub.length === 0 ? '' : ` [${sub.join('; ')}]`}`;
}

/** A review finding as the chapter states it, with its GRADE-CERQual confidence. */
export function findingLine(finding: ChapterFinding): string {
  const confidence = finding.confidence === null ? 'CERQual confidence not yet assessed' : `${finding.confidence} (GRADE-CERQual)${finding.explanation.trim() === '' ? '' : `: ${finding.explanation.trim()}`}`;
  return `Finding ${finding.number}: ${finding.statement.trim()} — ${confidence}`;
}

export const JURISDICTION_LEAD = 'Excerpts (and the studies they come from) per jurisdiction, in each sub-section that holds evidence; an excerpt from a study set in two jurisdictions counts in both.';

export function jurisdictionLabel(row: Pick<JurisdictionRow, 'label' | 'detail'>): string {
  return row.detail === '' ? row.label : `${row.label} (${row.detail})`;
}
