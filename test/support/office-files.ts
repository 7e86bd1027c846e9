/**
 * Reading back the Office files the exports write, the way a person's Word would get them: unzip
 * (jszip, which exceljs depends on), check the XML is well formed, then pull out paragraphs (with
 * their style) and tables (rows of cell texts). Workbooks are read with exceljs itself.
 */
import ExcelJS from 'exceljs';
import { XMLValidator } from 'fast-xml-parser';
import JSZip from 'jszip';

export interface DocxParagraph {
  /** w:pStyle, '' for Normal. */
  style: string;
  text: string;
}

export interface DocxContent {
  xml: string;
  /** word/styles.xml. */
  styles: string;
  /** Every paragraph in document order, table cells' paragraphs included. */
  paragraphs: DocxParagraph[];
  /** Every table: rows of cell texts. */
  tables: string[][][];
  /** w:tblHeader rows per table. */
  headerRows: number[];
}

export async function readDocx(buffer: Buffer): Promise<DocxContent> {
  const zip = await JSZip.loadAsync(buffer);
  const file = zip.file('word/document.xml');
  if (!file) throw new Error('no word/document.xml');
  const xml = await file.async('string');
  const styles = (await zip.file('word/styles.xml')?.async('string')) ?? '';
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`word/document.xml is not well formed: ${JSON.stringify(valid)}`);
  const paragraphs = [...xml.matchAll(/<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>/g)].map((m) => ({
    style: /<w:pStyle w:val="([^"]*)"/.exec(m[1]!)?.[1] ?? '',
    text: runText(m[1]!),
  }));
  const tableXml = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((m) => m[1]!);
  const tables = tableXml.map((t) => [...t.matchAll(/<w:tr(?:\s[^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((row) => [...row[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => runText(c[1]!))));
  const headerRows = tableXml.map((t) => (t.match(/<w:tblHeader\/>|<w:tblHeader w:val="(true|1|on)"\/>/g) ?? []).length);
  return { xml, styles, paragraphs, tables, headerRows };
}

/** The text of runs: w:t contents (XML unescaped), w:br as a line break, w:tab as a tab. */
function runText(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:t\/>|<w:br\/>|<w:tab\/>/g)]
    .map((m) => (m[0] === '<w:br/>' ? '\n' : m[0] === '<w:tab/>' ? '\t' : unescapeXml(m[1] ?? '')))
    .join('');
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
}

export async function readXlsx(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

/** A sheet's rows as arrays of cell texts (hyperlinks as their text, numbers as numbers), 1-based columns flattened to 0-based. */
export function sheetValues(sheet: ExcelJS.Worksheet): Array<Array<string | number | null>> {
  const rows: Array<Array<string | number | null>> = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const values: Array<string | number | null> = [];
    for (let c = 1; c <= sheet.columnCount; c++) {
      const value = row.getCell(c).value;
      values.push(value === null || value === undefined ? null : typeof value === 'object' && 'text' in value ? String(value.text) : (value as string | number));
    }
    rows[n - 1] = values;
  });
  return rows;
}

/** Each paragraph of a style as its runs, with whether Word shows the run in italics (w:i on the run itself). */
export function styledRuns(xml: string, style: string): Array<Array<{ text: string; italic: boolean }>> {
  return [...xml.matchAll(/<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>/g)]
    .filter((p) => (/<w:pStyle w:val="([^"]*)"/.exec(p[1]!)?.[1] ?? '') === style)
    .map((p) =>
      [...p[1]!.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map((r) => ({
        text: runText(r[1]!),
        italic: /<w:i\/>|<w:i w:val="(?:true|1|on)"\/>/.test(/<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(r[1]!)?.[1] ?? ''),
      })),
    );
}
