/**
 * What the synthesis DOCX exports share. docx builds the package — the styles (Word's own ids:
 * Heading 1–3, Quote, Bibliography, lightly formatted so the document looks right on its own and
 * takes on a thesis template's look when the template is applied), settings, properties, content
 * types — and the body (word/document.xml) is written here as WordprocessingML text and handed to
 * docx's Packer as an override of that one part.
 *
 * Why not docx's object model for the body: at the bench size (2,000 studies) the matrix table is
 * ~50,000 cells and the chapter ~100,000 paragraphs; docx built and serialised them in 2.9 s at a
 * 900 MB peak (matrix) and 12 s (chapter), most of it garbage collection of its per-run objects. The
 * body here is a handful of element kinds (paragraph with style, runs with bold/italic/size and line
 * breaks, a table with fixed widths), written in the element order docx itself writes and the schema
 * requires; text and attribute values are escaped and characters XML 1.0 forbids are dropped.
 */
import { Document, HeadingLevel, Packer, PageOrientation, type IPropertiesOptions } from 'docx';
import type { FormattedReference } from '../exports/reference-runs.js';

/** A4 in twips, portrait. */
const A4 = { width: 11_906, height: 16_838 };
/** 2 cm. */
export const MARGIN = 1_134;
export const LANDSCAPE_TEXT_WIDTH = A4.height - 2 * MARGIN;

/** Styles: built-in ids only (a template's own definitions win when it is applied). */
const documentStyles: IPropertiesOptions['styles'] = {
  default: {
    document: { run: { font: 'Calibri', size: 22 } },
    heading1: { run: { size: 32, bold: true }, paragraph: { spacing: { before: 360, after: 160 }, keepNext: true } },
    heading2: { run: { size: 28, bold: true }, paragraph: { spacing: { before: 280, after: 120 }, keepNext: true } },
    heading3: { run: { size: 24, bold: true, italics: true }, paragraph: { spacing: { before: 200, after: 100 }, keepNext: true } },
    bibliography: { paragraph: { indent: { left: 720, hanging: 720 }, spacing: { after: 120 } } },
  },
  paragraphStyles: [
    {
      id: 'Quote',
      name: 'Quote',
      basedOn: 'Normal',
      next: 'Normal',
      quickFormat: true,
      run: { italics: true },
      paragraph: { indent: { left: 720, right: 720 }, spacing: { after: 120 } },
    },
  ],
};

/** The style ids the body uses; the headings are docx's HeadingLevel values ("Heading1"…). */
export const STYLE = {
  heading1: HeadingLevel.HEADING_1,
  heading2: HeadingLevel.HEADING_2,
  heading3: HeadingLevel.HEADING_3,
  quote: 'Quote',
  bibliography: 'Bibliography',
} as const;

/**
 * A .docx of the given body (paragraphs and tables from this module, in order), A4 in the given
 * orientation. The body may be a generator: it is turned into UTF-8 a megabyte at a time, so a long
 * chapter never sits in memory as thousands of strings and their one joined copy at once.
 */
export async function packDocx(options: { title: string; orientation: 'portrait' | 'landscape'; body: Iterable<string> }): Promise<Buffer> {
  const landscape = options.orientation === 'landscape';
  const document = new Document({
    creator: 'Coreview',
    title: stripInvalid(options.title),
    styles: documentStyles,
    sections: [{ children: [] }],
  });
  const width = landscape ? A4.height : A4.width;
  const height = landscape ? A4.width : A4.height;
  const chunks: Buffer[] = [
    Buffer.from(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
        '<w:body>',
    ),
  ];
  let pending: string[] = [];
  let pendingLength = 0;
  for (const part of options.body) {
    pending.push(part);
    pendingLength += part.length;
    if (pendingLength >= 1 << 20) {
      chunks.push(Buffer.from(pending.join('')));
      pending = [];
      pendingLength = 0;
    }
  }
  chunks.push(
    Buffer.from(
      pending.join('') +
        `<w:sectPr><w:pgSz w:w="${width}" w:h="${height}" w:orient="${landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT}"/>` +
        `<w:pgMar w:top="${MARGIN}" w:right="${MARGIN}" w:bottom="${MARGIN}" w:left="${MARGIN}" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>` +
        '</w:body></w:document>',
    ),
  );
  // docx types an override's data as a string but zips bytes as they are (its packer's bytesOf). Handing
  // it the UTF-8 bytes spares a 20 MB string and its encoding again: the chapter at 2,000 studies peaks
  // 111 MB above its data instead of 224 MB. docx is pinned, and the tests read every document back.
  const xml = Buffer.concat(chunks) as unknown as string;
  return Packer.toBuffer(document, false, [{ path: 'word/document.xml', data: xml }]);
}

// ---------------------------------------------------------------- runs and paragraphs

export interface RunStyle {
  bold?: boolean;
  /** true: italic; false: explicitly not italic (inside an italic style such as Quote). */
  italics?: boolean;
  /** Half-points: 18 is 9 pt. */
  size?: number;
  /** Raised or lowered, smaller (w:vertAlign). */
  script?: 'sub' | 'sup';
}

/** Text as one run: line breaks as w:br, tabs as w:tab (a "\n" inside w:t shows as a space in Word). */
export function run(text: string, style: RunStyle = {}): string {
  let props = '';
  if (style.bold) props += '<w:b/><w:bCs/>';
  if (style.italics === true) props += '<w:i/><w:iCs/>';
  else if (style.italics === false) props += '<w:i w:val="false"/><w:iCs w:val="false"/>';
  if (style.size !== undefined) props += `<w:sz w:val="${style.size}"/><w:szCs w:val="${style.size}"/>`;
  if (style.script) props += `<w:vertAlign w:val="${style.script === 'sup' ? 'superscript' : 'subscript'}"/>`;
  const content = stripInvalid(text)
    .replace(/\r\n?/g, '\n')
    .split(/(\n|\t)/)
    .map((part) => (part === '\n' ? '<w:br/>' : part === '\t' ? '<w:tab/>' : part === '' ? '' : `<w:t xml:space="preserve">${escapeText(part)}</w:t>`))
    .join('');
  return `<w:r>${props === '' ? '' : `<w:rPr>${props}</w:rPr>`}${content}</w:r>`;
}

export interface ParagraphOptions {
  style?: string;
  keepNext?: boolean;
  indent?: { left?: number; right?: number };
  align?: 'left' | 'right' | 'center';
}

/** A paragraph of runs (from `run`). */
export function paragraph(runs: string | readonly string[], options: ParagraphOptions = {}): string {
  let props = '';
  if (options.style) props += `<w:pStyle w:val="${escapeAttribute(options.style)}"/>`;
  if (options.keepNext) props += '<w:keepNext/>';
  if (options.indent) props += `<w:ind${options.indent.left === undefined ? '' : ` w:left="${options.indent.left}"`}${options.indent.right === undefined ? '' : ` w:right="${options.indent.right}"`}/>`;
  if (options.align && options.align !== 'left') props += `<w:jc w:val="${options.align}"/>`;
  const content = (props === '' ? '' : `<w:pPr>${props}</w:pPr>`) + (typeof runs === 'string' ? runs : runs.join(''));
  return content === '' ? '<w:p/>' : `<w:p>${content}</w:p>`;
}

export function heading(text: string, level: 1 | 2 | 3): string {
  return paragraph(run(text), { style: level === 1 ? STYLE.heading1 : level === 2 ? STYLE.heading2 : STYLE.heading3 });
}

/**
 * "References" (a heading at the level given) and one Bibliography paragraph per entry, as given
 * (already formatted, e.g. APA), its runs as Word runs: the journal and volume in italics.
 */
export function referenceList(references: readonly FormattedReference[], level: 1 | 2): string[] {
  if (references.length === 0) return [];
  const runs = (entry: FormattedReference) => entry.map((r) => run(r.text, { italics: r.italic, bold: r.bold, script: r.script }));
  return [heading('References', level), ...references.map((entry) => paragraph(runs(entry), { style: STYLE.bibliography }))];
}

// ---------------------------------------------------------------- tables

export interface TableCellSpec {
  /** Runs (from `run`). */
  runs: string;
  align?: 'left' | 'right';
}

export interface TableRowSpec {
  cells: readonly TableCellSpec[];
  /** Repeated at the top of every page (and shaded). */
  header?: boolean;
}

const CELL_MARGINS = '<w:tblCellMar><w:top w:type="dxa" w:w="30"/><w:left w:type="dxa" w:w="60"/><w:bottom w:type="dxa" w:w="30"/><w:right w:type="dxa" w:w="60"/></w:tblCellMar>';
const BORDERS =
  '<w:tblBorders>' +
  ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((side) => `<w:${side} w:val="single" w:color="auto" w:sz="4"/>`).join('') +
  '</w:tblBorders>';
const HEADER_SHADING = '<w:shd w:fill="E8ECEF" w:color="auto" w:val="clear"/>';

/**
 * A table with fixed column widths (twips): Word lays it out at once, where an autofit one of
 * thousands of rows takes long. Rows never split across pages. Yields its XML a row at a time.
 */
export function* table(widths: readonly number[], rows: Iterable<TableRowSpec>): Generator<string> {
  const total = widths.reduce((a, b) => a + b, 0);
  const tcPr = widths.map((w) => `<w:tcW w:type="dxa" w:w="${w}"/>`);
  yield `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${total}"/>${BORDERS}<w:tblLayout w:type="fixed"/>${CELL_MARGINS}</w:tblPr>`;
  yield `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`;
  for (const row of rows) {
    let xml = `<w:tr><w:trPr><w:cantSplit/>${row.header ? '<w:tblHeader/>' : ''}</w:trPr>`;
    row.cells.forEach((cell, i) => {
      const jc = cell.align === 'right' ? '<w:pPr><w:jc w:val="right"/></w:pPr>' : '';
      const content = jc + cell.runs;
      xml += `<w:tc><w:tcPr>${tcPr[i]}${row.header ? HEADER_SHADING : ''}</w:tcPr>${content === '' ? '<w:p/>' : `<w:p>${content}</w:p>`}</w:tc>`;
    });
    yield `${xml}</w:tr>`;
  }
  yield '</w:tbl>';
}

// ---------------------------------------------------------------- escaping

/** Characters XML 1.0 does not allow (C0 controls but tab, line feed and carriage return; U+FFFE/U+FFFF; lone surrogates). */
function stripInvalid(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** As docx escapes text (all five entities), so the two write the same bytes. */
function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function escapeAttribute(text: string): string {
  return escapeText(stripInvalid(text));
}
