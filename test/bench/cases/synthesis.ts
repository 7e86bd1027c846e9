import type { BenchCase, Json } from '../bench-case.js';
import { runNode } from '../server-process.js';

/**
 * The synthesis at 2,000 included studies, 60 codes, 20 fields and 20,000 excerpts, pure, in a
 * process of its own (`synthesis-work.ts`): the matrix (all four code groups and the 20 fields as
 * columns), the pivot, the chapter's sections and every export, with the peak RSS of each export.
 * Baseline: one pass over every code of every study and excerpt in the same runs; `ratio` = matrix ÷
 * baseline. The matrix page over HTTP is the lead's to add (loader, route and view).
 */
export const synthesisCase: BenchCase = {
  name: 'synthesis',
  description: 'synthesis matrix, pivot, chapter and exports (CSV, Markdown, XLSX, DOCX) at 2,000 studies, 60 codes, 20 fields, 20,000 excerpts',
  defaultRuns: 3,
  async run({ runs, log }) {
    log(`generating the data and running ${runs} measured runs (plus one warm-up) in a child process`);
    const { stdout } = await runNode(['--expose-gc', '--import', 'tsx', 'test/bench/synthesis-work.ts', String(runs)], 15 * 60_000);
    const figures = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, Json> & { ratio: number; peakRssMb: number };
    log(`matrix ${figures.matrixMs} ms, pivot ${figures.pivotMs} ms, XLSX ${figures.xlsxMs} ms, DOCX ${figures.docxMs} ms, chapter DOCX ${figures.chapterDocxMs} ms, peak RSS ${figures.peakRssMb} MB`);
    return {
      runs,
      ...figures,
      baseline: 'one pass over every code of every study and excerpt',
      ratio: figures.ratio,
      peakRssMb: figures.peakRssMb,
    };
  },
};
