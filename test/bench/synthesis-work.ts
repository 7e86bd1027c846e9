/**
 * The synthesis bench's work, run in a process of its own so its memory is its own (a full bench run
 * has other cases' data in the harness): `node --expose-gc --import tsx test/bench/synthesis-work.ts
 * <runs>` generates the synthesis of 2,000 included studies, 60 codes, 20 fields and 20,000 excerpts
 * (synthesisFixture, seed 1), warms every step up once, then times each step per run and prints one
 * JSON line: medians in ms, output sizes, the peak RSS of each export (the kernel's high-water mark
 * reset just before it, /proc/self/clear_refs) and of the whole process. Each export is read back
 * (row counts of the XLSX matrix sheet and the DOCX table) so a broken file cannot pass as fast.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import JSZip from 'jszip';
import type { FormattedReference } from '../../src/exports/reference-runs.js';
import { chapterDocx } from '../../src/synthesis/chapter-docx.js';
import { chapterMarkdown } from '../../src/synthesis/chapter-markdown.js';
import { chapterSections } from '../../src/synthesis/chapter-sections.js';
import { frameworkAxes } from '../../src/synthesis/framework-axes.js';
import { matrixCsv } from '../../src/synthesis/export-csv.js';
import { matrixDocx } from '../../src/synthesis/export-docx.js';
import { matrixMarkdown } from '../../src/synthesis/export-markdown.js';
import { matrixXlsx } from '../../src/synthesis/export-xlsx.js';
import { buildMatrix, NO_FILTERS, type ColumnSpec } from '../../src/synthesis/matrix.js';
import { buildPivot } from '../../src/synthesis/pivot.js';
import { synthesisFixture } from '../support/synthesis-fixture.js';
import { median, round } from './measure.js';
import { peakRssMb } from './server-process.js';

const SIZE = { studies: 2_000, codes: 60, fields: 20, excerpts: 20_000 } as const;

const runs = Number(process.argv[2] ?? 3);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write('usage: synthesis-work.ts <runs>\n');
  process.exit(2);
}
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

const { data, ids } = synthesisFixture({ ...SIZE, seed: 1 });
gc();
const dataRssMb = process.memoryUsage().rss / 1024 / 1024;
const groups: ColumnSpec[] = [ids.levelGroup, ids.directionGroup, ids.themesGroup, ids.jurisdictionGroup].map((codeId) => ({ kind: 'group', codeId }));
const fields: ColumnSpec[] = data.fields.map((f) => ({ kind: 'field', fieldId: f.id }));
const allCodes: ColumnSpec[] = data.codes.filter((c) => c.depth > 0).map((c) => ({ kind: 'code', codeId: c.id }));
const specs = [...groups, ...fields];
const filters = { codes: [ids.themes[0]!], field: { fieldId: ids.fields[1]!, value: 'Qualitative' }, appraisal: [] };
// What the citation-js helper hands over: one formatted entry per study, APA-like, ~200 characters, the journal in italics.
const references: FormattedReference[] = data.studies.map((s) => [
  { text: `${s.authors.join(', ')} (${s.year ?? 'n.d.'}). ${s.title}. ` },
  { text: s.journal ?? '', italic: true },
  { text: `.${s.doi ? ` https://doi.org/${s.doi}` : ''}` },
]);

/** Resets the kernel's peak RSS of this process to its current RSS (Linux); false where that is not allowed. */
function resetPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}
const generationPeakMb = peakRssMb(process.pid);
const canResetPeak = resetPeak();
let overallPeakMb = generationPeakMb;

const times: Record<string, number[]> = {};
const peaks: Record<string, number> = {};
const sizes: Record<string, number> = {};
async function step<T>(name: string, work: () => T | Promise<T>, measured: boolean, size?: (result: T) => number): Promise<T> {
  gc();
  resetPeak();
  const start = performance.now();
  const result = await work();
  const ms = performance.now() - start;
  if (canResetPeak) overallPeakMb = Math.max(overallPeakMb, peakRssMb(process.pid));
  if (measured) {
    (times[name] ??= []).push(ms);
    if (canResetPeak) peaks[name] = Math.max(peaks[name] ?? 0, peakRssMb(process.pid));
    if (size) sizes[name] = size(result);
  }
  return result;
}

let xlsx: Buffer = Buffer.alloc(0);
let docx: Buffer = Buffer.alloc(0);
for (let run = 0; run <= runs; run++) {
  const measured = run > 0; // run 0 warms the JIT and loads every module
  await step('baseline', () => {
    // The least any matrix must do: look at every code of every study and excerpt once.
    const seen = new Set<number>();
    for (const study of data.studies) {
      for (const id of study.codeIds) seen.add(id);
      for (const excerpt of study.excerpts) for (const id of excerpt.codeIds) seen.add(id);
    }
    return seen.size;
  }, measured);
  const matrix = await step('matrix', () => buildMatrix(data, specs, NO_FILTERS), measured);
  await step('matrixFiltered', () => buildMatrix(data, specs, filters), measured);
  await step('matrixAllCodes', () => buildMatrix(data, [...groups, ...allCodes, ...fields], NO_FILTERS), measured);
  const pivot = await step('pivot', () => buildPivot(data, { kind: 'field', fieldId: ids.fields[0]! }, ids.levelGroup, { splitGroupId: ids.directionGroup }), measured);
  const sections = await step('sections', () => chapterSections(data, frameworkAxes(data)!), measured);
  await step('csv', () => matrixCsv(matrix), measured, (s) => Buffer.byteLength(s));
  await step('markdown', () => matrixMarkdown(matrix, { title: data.reviewTitle, pivot }), measured, (s) => Buffer.byteLength(s));
  xlsx = await step('xlsx', () => matrixXlsx(data, matrix, { pivot }), measured, (b) => b.length);
  docx = await step('docx', () => matrixDocx(matrix, { title: data.reviewTitle, pivot, references }), measured, (b) => b.length);
  await step('chapterMarkdown', () => chapterMarkdown(sections, { title: 'A framework of desistance', references }), measured, (s) => Buffer.byteLength(s));
  await step('chapterDocx', () => chapterDocx(sections, { title: 'A framework of desistance', references }), measured, (b) => b.length);
}

// Read the files back: the matrix sheet has a header and a row per study, the DOCX table too.
const xlsxSheet = await (await JSZip.loadAsync(xlsx)).file('xl/worksheets/sheet1.xml')!.async('string');
const xlsxRows = (xlsxSheet.match(/<row /g) ?? []).length;
const docxXml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
const firstTable = docxXml.slice(docxXml.indexOf('<w:tbl>'), docxXml.indexOf('</w:tbl>'));
const docxRows = (firstTable.match(/<w:tr>/g) ?? []).length;
if (xlsxRows !== SIZE.studies + 1 || docxRows !== SIZE.studies + 1) throw new Error(`exports read back wrong: XLSX ${xlsxRows} rows, DOCX ${docxRows} rows`);

const ms = (name: string) => round(median(times[name]!));
const mb = (name: string) => (canResetPeak ? round(peaks[name]!) : Number.NaN);
process.stdout.write(
  JSON.stringify({
    ...SIZE,
    columns: specs.length,
    allCodesColumns: groups.length + allCodes.length + fields.length,
    baselineMs: round(median(times.baseline!), 4),
    matrixMs: ms('matrix'),
    matrixFilteredMs: ms('matrixFiltered'),
    matrixAllCodesMs: ms('matrixAllCodes'),
    pivotMs: ms('pivot'),
    sectionsMs: ms('sections'),
    csvMs: ms('csv'),
    markdownMs: ms('markdown'),
    xlsxMs: ms('xlsx'),
    docxMs: ms('docx'),
    chapterMarkdownMs: ms('chapterMarkdown'),
    chapterDocxMs: ms('chapterDocx'),
    bytes: sizes,
    readBack: { xlsxMatrixRows: xlsxRows, docxTableRows: docxRows },
    dataRssMb: round(dataRssMb),
    xlsxPeakRssMb: mb('xlsx'),
    docxPeakRssMb: mb('docx'),
    chapterDocxPeakRssMb: mb('chapterDocx'),
    markdownPeakRssMb: mb('markdown'),
    ratio: round(median(times.matrix!.map((t, i) => t / times.baseline![i]!))),
    // Without clear_refs the kernel's high-water mark was never reset and is the whole run's anyway.
    peakRssMb: round(canResetPeak ? Math.max(overallPeakMb, peakRssMb(process.pid)) : peakRssMb(process.pid)),
  }) + '\n',
);
