import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BenchCase, BenchResult } from '../bench-case.js';
import { FormClient } from '../form-client.js';
import { median, percentile, round } from '../measure.js';
import { seedScreening } from '../screening-seed.js';
import { scopusLikeRecords } from '../search-corpus.js';
import { withServer } from '../server-process.js';
import { addReviewer, signInWithReview } from '../sign-in.js';
import { withTempDir } from '../temp-dir.js';
import { REPO_ROOT } from '../../support/run-process.js';

const RECORDS = 50_000;
const PDFS = 100;
const PDF_BYTES = 1024 * 1024;
const SCREENERS = 10;
const ALONE_MS = 10_000;
const SLUG = 'archive-bench';
const PAGE = `/reviews/${SLUG}/screening/title-abstract`;
const MB = 1024 * 1024;

/**
 * Backup and review archives at 50,000 records (95% screened by two, blind), with the search's
 * original export (~130 MB of RIS) and 100 full-text PDFs of 1 MB. Per run: `coreview backup` with
 * nobody working; ten loops posting screening decisions as fast as they are answered, for 10 s alone
 * and then while a second backup runs (every answer is timed; any 5xx fails the case); then
 * `coreview review export` of the review and
 * `coreview review import` of that file into a new, empty Coreview. Each command is
 * a process of its own beside the running server, as an administrator runs it. Baseline: reading
 * every file the backup holds (database, original, PDFs) once, in the harness.
 */
export const archiveCase: BenchCase = {
  name: 'archive',
  description: `backup (idle and under ${SCREENERS} screening loops), review export and import at ${RECORDS.toLocaleString('en-GB')} records with an original and ${PDFS} PDFs`,
  defaultRuns: 1,
  async run({ runs, log }) {
    return withTempDir((workDir) => {
      const dataDir = join(workDir, 'data');
      return withServer({ dataDir, logFile: join(workDir, 'server.log') }, async (server) => {
        const owner = await signInWithReview(server.baseUrl, { title: 'Archives at scale', slug: SLUG });
        const reviewers: FormClient[] = [];
        for (const name of ['rita', 'sam']) reviewers.push(await reviewer(server.baseUrl, owner, name));
        const { openIds } = seedScreening(join(dataDir, 'coreview.sqlite'), { slug: SLUG, reviewerEmails: ['rita@bench.example', 'sam@bench.example'], records: RECORDS, screenedShare: 0.95 });
        const files = storeFiles(dataDir);
        log(`seeded ${RECORDS} records, the original (${round(files.originalBytes / MB)} MB) and ${PDFS} PDFs`);

        const results: Array<Record<string, number>> = [];
        for (let run = 1; run <= runs; run++) {
          const baselineMs = await readAll([join(dataDir, 'coreview.sqlite'), ...files.paths]);
          const idle = await coreview(dataDir, ['backup', '--out', join(workDir, `idle-${run}.zip`)]);
          // The same loops without a backup first: what the backup adds to a decision's time.
          const alone = await screening(reviewers, openIds, () => new Promise((resolve) => setTimeout(resolve, ALONE_MS)));
          let loaded = 0;
          const answers = await screening(reviewers, openIds, async () => {
            loaded = await coreview(dataDir, ['backup', '--out', join(workDir, `loaded-${run}.zip`)]);
          });
          const archive = join(workDir, `review-${run}.zip`);
          const exported = await coreview(dataDir, ['review', 'export', '--review', SLUG, '--out', archive]);
          // Into another, new Coreview: the server's review stays the same size run after run.
          const target = join(workDir, `target-${run}`);
          const imported = await coreview(target, ['review', 'import', '--from', archive]);
          checkCopy(join(dataDir, 'coreview.sqlite'), join(target, 'coreview.sqlite'));
          results.push({
            baselineMs,
            idleBackupMs: idle,
            loadedBackupMs: loaded,
            backupMb: statSync(join(workDir, `loaded-${run}.zip`)).size / MB,
            decisionsDuringBackup: answers.length,
            decisionP99Ms: percentile(answers.map((a) => a.ms), 99),
            decisionP99MsAlone: percentile(alone.map((a) => a.ms), 99),
            exportMs: exported,
            reviewArchiveMb: statSync(archive).size / MB,
            importMs: imported,
          });
          log(`run ${run}/${runs}: backup ${round(idle / 1000)} s idle, ${round(loaded / 1000)} s under load (${answers.length} decisions, p99 ${round(results.at(-1)!.decisionP99Ms!)} ms; ${round(results.at(-1)!.decisionP99MsAlone!)} ms without a backup); export ${round(exported / 1000)} s, import ${round(imported / 1000)} s`);
        }
        const m = (key: string) => round(median(results.map((r) => r[key]!)));
        const result: BenchResult = {
          runs,
          records: RECORDS,
          pdfs: PDFS,
          databaseMb: round(statSync(join(dataDir, 'coreview.sqlite')).size / MB),
          originalMb: round(files.originalBytes / MB),
          idleBackupSeconds: round(m('idleBackupMs') / 1000),
          loadedBackupSeconds: round(m('loadedBackupMs') / 1000),
          backupMb: m('backupMb'),
          decisionsDuringBackup: m('decisionsDuringBackup'),
          decisionP99MsDuringBackup: m('decisionP99Ms'),
          decisionP99MsWithoutBackup: m('decisionP99MsAlone'),
          reviewExportSeconds: round(m('exportMs') / 1000),
          reviewArchiveMb: m('reviewArchiveMb'),
          reviewImportSeconds: round(m('importMs') / 1000),
          baseline: 'reading the database, the original and the PDFs once',
          baselineMs: m('baselineMs'),
          ratio: round(m('loadedBackupMs') / m('baselineMs')),
          peakRssMb: round(server.peakRssMb()),
        };
        return result;
      });
    });
  },
};

async function reviewer(baseUrl: string, owner: FormClient, name: string): Promise<FormClient> {
  const client = await addReviewer(baseUrl, owner, SLUG, { name, email: `${name}@bench.example`, password: `${name}-password-1` });
  await client.get(PAGE);
  return client;
}

/** The search's original and the PDFs, in the data dir under their SHA-256 and named by the rows, as the app stores them. */
function storeFiles(dataDir: string): { paths: string[]; originalBytes: number } {
  const bytes = Buffer.from([...scopusLikeRecords(RECORDS)].map((r) => r.raw).join('\n'), 'utf8');
  const sha = createHash('sha256').update(bytes).digest('hex');
  mkdirSync(join(dataDir, 'originals'), { recursive: true });
  mkdirSync(join(dataDir, 'fulltexts'), { recursive: true });
  const paths = [join(dataDir, 'originals', sha)];
  writeFileSync(paths[0]!, bytes);
  const db = new Database(join(dataDir, 'coreview.sqlite'));
  db.pragma('busy_timeout = 10000');
  db.transaction(() => {
    db.prepare("UPDATE import_batch SET file_sha256 = ?, file_size = ?, file_name = 'scopus.ris'").run(sha, bytes.length);
    const ids = db.prepare('SELECT id, review_id FROM record ORDER BY id LIMIT ?').all(PDFS) as Array<{ id: number; review_id: number }>;
    for (const [i, { id, review_id }] of ids.entries()) {
      // Compressed page streams look random: the archive cannot shrink them, as with real PDFs.
      const pdf = Buffer.concat([Buffer.from(`%PDF-1.7\n% bench ${i}\n`), randomBytes(PDF_BYTES)]);
      const pdfSha = createHash('sha256').update(pdf).digest('hex');
      const path = join(dataDir, 'fulltexts', `${pdfSha}.pdf`);
      writeFileSync(path, pdf);
      paths.push(path);
      db.prepare('INSERT INTO full_text (record_id, review_id, pdf_sha256, pdf_name, pdf_size, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, review_id, pdfSha, `report-${i}.pdf`, pdf.length, new Date().toISOString());
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { paths, originalBytes: bytes.length };
}

/** SCREENERS loops posting decisions while `during` runs; every answer, and none may be a 5xx. */
async function screening(reviewers: readonly FormClient[], openIds: readonly number[], during: () => Promise<void>): Promise<Array<{ status: number; ms: number }>> {
  const stop = { at: Infinity };
  const loops = Promise.all(Array.from({ length: SCREENERS }, (_, i) => screen(reviewers[i % 2]!, openIds, i, stop)));
  try {
    await during();
  } finally {
    stop.at = 0;
  }
  const answers = (await loops).flat();
  const failed = answers.filter((a) => a.status >= 500).length;
  if (failed > 0) throw new Error(`${failed} of ${answers.length} screening requests answered 5xx`);
  return answers;
}

/** One screening loop: a decision on the next open record, as soon as the last one is answered, until stopped. */
async function screen(client: FormClient, openIds: readonly number[], loop: number, stop: { at: number }): Promise<Array<{ status: number; ms: number }>> {
  const answers: Array<{ status: number; ms: number }> = [];
  for (let k = loop; performance.now() < stop.at; k += SCREENERS) {
    const started = performance.now();
    const response = await client.post(`${PAGE}/records/${openIds[k % openIds.length]}`, { decision: k % 4 < 2 ? 'include' : 'exclude' });
    answers.push({ status: response.status, ms: performance.now() - started });
  }
  return answers;
}

async function readAll(paths: readonly string[]): Promise<number> {
  const started = performance.now();
  for (const path of paths) for await (const _chunk of createReadStream(path)) { /* reading is the work */ }
  return performance.now() - started;
}

/** Runs `coreview …` on the data dir; its wall time, or a failure with what it said. */
function coreview(dataDir: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['src/bin/coreview.js', ...args], { cwd: REPO_ROOT, env: { ...process.env, COREVIEW_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let said = '';
    child.stdout.on('data', (chunk) => (said += chunk));
    child.stderr.on('data', (chunk) => (said += chunk));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`coreview ${args.join(' ')} failed (${code}): ${said.trim()}`))));
  });
}

/** The copy has the records, decisions and counters of the original: a broken import cannot pass as fast. */
function checkCopy(from: string, to: string): void {
  const figures = (file: string) => {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare(`SELECT (SELECT count(*) FROM record r JOIN review v ON v.id = r.review_id WHERE v.slug = ?) AS records,
        (SELECT count(*) FROM screening_event e JOIN review v ON v.id = e.review_id WHERE v.slug = ?) AS events,
        (SELECT group_concat(name || '=' || value) FROM (SELECT c.name, c.value FROM review_counter c JOIN review v ON v.id = c.review_id
          WHERE v.slug = ? AND c.value != 0 AND c.name NOT LIKE '%by:%' AND c.name != 'synthesis_version' ORDER BY c.name)) AS counters`).get(SLUG, SLUG, SLUG);
    } finally {
      db.close();
    }
  };
  const [a, b] = [figures(from), figures(to)];
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`the imported review differs: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
}
