import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BenchCase } from '../bench-case.js';
import { median, percentile, round } from '../measure.js';
import { withServer } from '../server-process.js';
import { expectStatus, signInWithReview } from '../sign-in.js';
import { seedSynthesis } from '../synthesis-seed.js';
import { withTempDir } from '../temp-dir.js';

const SLUG = 'synthesis-bench';
const PAGE_REQUESTS = 20;
const PIVOT_CHANGES = 5;
/** The other downloads of the framework synthesis, each timed once per run. */
const EXPORTS = ['synthesis/chapter.md', 'synthesis/chart.xlsx', 'synthesis/chart.docx', 'characteristics/included.xlsx', 'characteristics/included.docx', 'findings/soqf.docx'];

/**
 * The synthesis through the real server at 2,000 included studies, 60 codes, 20 fields and 20,000
 * excerpts (synthesis-seed.ts): the matrix page with its default columns (every code group, the
 * first six fields, the jurisdiction × level pivot), one request at a time, and the XLSX, DOCX and
 * chapter DOCX downloads, the framework chart, characteristics and SoQF downloads, and the
 * excerpt-level pivot's first view after each of several coding changes. The data is kept until the
 * review's data changes and the formatted references until the citing records do, so the first page
 * (`pageColdMs`) and the first DOCX (`firstDocxMs`, 2,000 references through citation-js, begun in
 * the background when the page was sent) are reported apart. Baseline:
 * `/healthz` one request at a time in the same run.
 */
export const synthesisPageCase: BenchCase = {
  name: 'synthesis-page',
  description: 'synthesis matrix page and XLSX/DOCX downloads over HTTP at 2,000 studies, 60 codes, 20 fields, 20,000 excerpts',
  defaultRuns: 3,
  async run({ runs, log }) {
    return withTempDir((workDir) =>
      withServer({ dataDir: join(workDir, 'data'), logFile: join(workDir, 'server.log') }, async (server) => {
        const owner = await signInWithReview(server.baseUrl, { title: 'Synthesis at scale', slug: SLUG });
        seedSynthesis(join(workDir, 'data', 'coreview.sqlite'), { slug: SLUG, studies: 2000, codes: 60, fields: 20, excerpts: 20_000 });
        const timed = async (path: string) => {
          const started = performance.now();
          const response = await owner.get(path);
          const ms = performance.now() - started;
          expectStatus(`GET ${path}`, response.status, 200, response.body.slice(0, 300));
          return { ms, bytes: Buffer.byteLength(response.body) };
        };
        // The first page after a change reads the data anew; later ones reuse it (synthesis-cache.ts).
        const coldMs = (await timed(`/reviews/${SLUG}/synthesis`)).ms;
        // The excerpt-level pivot (jurisdiction × level × direction, the page's default) on its own
        // page with one matrix column, first view after a change: a coding edit on a second
        // connection, as another process's write would be, moves the synthesis version each time.
        const dbFile = join(workDir, 'data', 'coreview.sqlite');
        const writer = new Database(dbFile);
        writer.pragma('busy_timeout = 10000');
        const level = writer.prepare("SELECT id FROM code WHERE name = 'Level' AND parent_id IS NULL").pluck().get() as number;
        const pivotPath = `/reviews/${SLUG}/synthesis?col=group:${level}`;
        const touch = writer.prepare("UPDATE excerpt SET memo = CASE WHEN memo = '' THEN '.' ELSE '' END WHERE id = (SELECT min(id) FROM excerpt)");
        const pivotFirst: number[] = [];
        for (let i = 0; i < PIVOT_CHANGES * runs; i++) {
          touch.run();
          pivotFirst.push((await timed(pivotPath)).ms);
        }
        writer.close();
        const exportsMs: Record<string, number[]> = Object.fromEntries(EXPORTS.map((e) => [e, []]));
        const page: number[] = [];
        const healthz: number[] = [];
        const xlsx: number[] = [];
        const docx: number[] = [];
        const chapter: number[] = [];
        let pageBytes = 0;
        // The first DOCX formats the 2,000 references with citation-js; later ones reuse them.
        let firstDocxMs = 0;
        for (let run = 1; run <= runs; run++) {
          for (let i = 0; i < PAGE_REQUESTS; i++) {
            const measured = await timed(`/reviews/${SLUG}/synthesis`);
            page.push(measured.ms);
            pageBytes = measured.bytes;
            healthz.push((await timed('/healthz')).ms);
          }
          if (run === 1) firstDocxMs = (await timed(`/reviews/${SLUG}/synthesis/matrix.docx`)).ms;
          xlsx.push((await timed(`/reviews/${SLUG}/synthesis/matrix.xlsx`)).ms);
          docx.push((await timed(`/reviews/${SLUG}/synthesis/matrix.docx`)).ms);
          chapter.push((await timed(`/reviews/${SLUG}/synthesis/chapter.docx`)).ms);
          for (const path of EXPORTS) exportsMs[path]!.push((await timed(`/reviews/${SLUG}/${path}`)).ms);
          log(`run ${run}/${runs}: page p50 ${round(median(page))} ms, XLSX ${round(xlsx.at(-1)!)} ms, DOCX ${round(docx.at(-1)!)} ms, chapter DOCX ${round(chapter.at(-1)!)} ms`);
        }
        return {
          runs,
          studies: 2000,
          pageColdMs: round(coldMs),
          pageP50Ms: round(median(page)),
          pageP99Ms: round(percentile(page, 99)),
          pageKb: round(pageBytes / 1024),
          xlsxMs: round(median(xlsx)),
          firstDocxMs: round(firstDocxMs),
          docxMs: round(median(docx)),
          chapterDocxMs: round(median(chapter)),
          pivotFirstAfterChangeP50Ms: round(median(pivotFirst)),
          pivotFirstAfterChangeMaxMs: round(Math.max(...pivotFirst)),
          otherExportsMs: Object.fromEntries(EXPORTS.map((e) => [e, round(median(exportsMs[e]!))])),
          baseline: 'GET /healthz, one at a time',
          healthzP50Ms: round(median(healthz)),
          ratio: round(median(page) / median(healthz)),
          peakRssMb: round(server.peakRssMb()),
        };
      }),
    );
  },
};
