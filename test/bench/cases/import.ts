import { closeSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchCase, BenchResult } from '../bench-case.js';
import type { FormClient } from '../form-client.js';
import { median, percentile, round } from '../measure.js';
import { probeEvery } from '../probe.js';
import { scopusLikeRecords } from '../search-corpus.js';
import { runNode, withServer, type ServerProcess } from '../server-process.js';
import { expectStatus, signInWithReview } from '../sign-in.js';
import { withTempDir } from '../temp-dir.js';

type Format = 'ris' | 'bibtex';

const SIZES = [10_000, 50_000] as const;
const FORMATS: readonly Format[] = ['ris', 'bibtex'];
const SLUG = 'import-bench';
/** How often the harness asks for the job fragment (a browser polls every 700 ms; finer here for timing). */
const POLL_MS = 50;
/** Longest a phase may take before the case fails rather than waiting forever. */
const PHASE_LIMIT_MS = 300_000;
/** /healthz probe during the 50k RIS import: one request every 15 ms, at most 20,000 of them (5 min). */
const PROBE_INTERVAL_MS = 15;
const PROBE_MAX_REQUESTS = 20_000;
const SEARCH = 'desistance';
const SEARCH_SAMPLES = 20;
// The 50k files are ~135-140 MB, over the 100 MB default upload limit.
const SERVER_ENV = { COREVIEW_UPLOAD_LIMIT_MB: '1024' };
const FRAGMENT = { 'hx-request': 'true', 'hx-request-type': 'partial' };

interface RunFigures {
  uploadMs: number;
  parseMs: number;
  commitMs: number;
  totalMs: number;
  duplicateCheckMs: number;
  peakRssMb: number;
  baselineMs: number;
  baselinePeakRssMb: number;
  healthzMs: number[];
  searchMs: number[];
}

/**
 * Import end to end through the real server: generated Scopus exports (RIS and BibTeX, 10k and 50k
 * records of ~2.7 KB) uploaded through the multipart form, read in the worker (preview), committed,
 * each run on a fresh server and data dir so `peakRssMb` is that import's alone. Baseline: reading,
 * decoding and splitting the same file into records in a process of its own, right before each import.
 */
export const importCase: BenchCase = {
  name: 'import',
  description: `upload → preview → commit of ${SIZES.map((n) => `${n / 1000}k`).join(' and ')} Scopus records as RIS and BibTeX, against reading and splitting the file`,
  defaultRuns: 3,
  async run({ runs, log }) {
    return withTempDir(async (workDir) => {
      const results: BenchResult[] = [];
      for (const size of SIZES) {
        const files = writeScopusExports(workDir, size);
        for (const format of FORMATS) {
          const fileMb = statSync(files[format]).size / 1024 / 1024;
          log(`${format} ${size}: ${round(fileMb)} MB`);
          const figures: RunFigures[] = [];
          for (let run = 1; run <= runs; run++) {
            const baseline = await splitBaseline(files[format], format, size);
            const measured = await importOnFreshServer(workDir, files[format], size, {
              probeHealthz: format === 'ris' && size === 50_000,
              search: size === 50_000,
            });
            figures.push({ ...measured, baselineMs: baseline.ms, baselinePeakRssMb: baseline.peakRssMb });
            log(
              `run ${run}/${runs}: ${round(measured.totalMs / 1000)} s (upload ${round(measured.uploadMs / 1000)}, ` +
                `read ${round(measured.parseMs / 1000)}, commit ${round(measured.commitMs / 1000)}), ` +
                `peak RSS ${round(measured.peakRssMb)} MB; split baseline ${round(baseline.ms)} ms, ${round(baseline.peakRssMb)} MB`,
            );
          }
          results.push(summarise(format, size, fileMb, figures));
        }
        rmSync(files.ris);
        rmSync(files.bibtex);
      }
      return results;
    });
  },
};

/** The same `count` generated records as a Scopus RIS and a Scopus BibTeX export, written in slices. */
function writeScopusExports(dir: string, count: number): Record<Format, string> {
  const paths = { ris: join(dir, `scopus-${count}.ris`), bibtex: join(dir, `scopus-${count}.bib`) };
  const ris = openSync(paths.ris, 'w');
  const bibtex = openSync(paths.bibtex, 'w');
  try {
    let slice = { ris: [] as string[], bibtex: [] as string[] };
    const flush = () => {
      writeSync(ris, slice.ris.join(''));
      writeSync(bibtex, slice.bibtex.join(''));
      slice = { ris: [], bibtex: [] };
    };
    for (const record of scopusLikeRecords(count)) {
      slice.ris.push(record.raw, '\n\n');
      slice.bibtex.push(record.bibtex, '\n\n');
      if (slice.ris.length >= 2_000) flush();
    }
    flush();
  } finally {
    closeSync(ris);
    closeSync(bibtex);
  }
  return paths;
}

async function splitBaseline(file: string, format: Format, expected: number): Promise<{ ms: number; peakRssMb: number }> {
  const { stdout } = await runNode(['--import', 'tsx', 'test/bench/split-records.ts', file, format], 60_000);
  const result = JSON.parse(stdout) as { ms: number; records: number; peakRssMb: number };
  if (result.records !== expected) throw new Error(`splitting ${file} found ${result.records} records, expected ${expected}`);
  return result;
}

/** Owner, review, upload, preview, commit on a new server; the data dir goes afterwards (a 50k one is ~1 GB). */
async function importOnFreshServer(
  workDir: string,
  file: string,
  records: number,
  extras: { probeHealthz: boolean; search: boolean },
): Promise<Omit<RunFigures, 'baselineMs' | 'baselinePeakRssMb'>> {
  const dataDir = join(workDir, 'data');
  try {
    return await withServer({ dataDir, logFile: join(workDir, 'server.log'), env: SERVER_ENV }, async (server) => {
      const client = await signInWithReview(server.baseUrl, { title: 'Import benchmark', slug: SLUG });
      expectStatus('GET imports page', (await client.get(`/reviews/${SLUG}/imports`)).status, 200);

      const probe = extras.probeHealthz ? probeEvery(`${server.baseUrl}/healthz`, PROBE_INTERVAL_MS, PROBE_MAX_REQUESTS) : undefined;
      const start = performance.now();
      const uploaded = await client.postFiles(
        `/reviews/${SLUG}/imports`,
        { sourceType: 'database', sourceName: 'Scopus', searchedOn: '2025-03-12', query: 'TITLE-ABS-KEY(desistance OR reintegration)' },
        { field: 'files', paths: [file] },
      );
      expectStatus('POST imports (upload)', uploaded.status, 303, uploaded.body);
      const jobUrl = uploaded.location!;
      const uploadedAt = performance.now();
      const preview = await waitForState(client, jobUrl, 'ready');
      const readyAt = performance.now();
      const willImport = /data-count="imported">([\d,]+)</.exec(preview)?.[1];
      if (willImport !== records.toLocaleString('en-GB')) throw new Error(`the preview offers ${willImport} records, expected ${records}`);

      const commitStart = performance.now();
      const commit = await client.post(`${jobUrl}/commit`, {});
      expectStatus('POST commit', commit.status, 303, commit.body);
      // Stored and searchable ("checking") ends the import proper; the duplicate check is its own phase.
      await waitForState(client, jobUrl, 'checking');
      const committedAt = performance.now();
      await waitForState(client, jobUrl, 'committed');
      const checkedAt = performance.now();
      const healthzMs = probe ? await probe.stop() : [];

      return {
        uploadMs: uploadedAt - start,
        parseMs: readyAt - uploadedAt,
        commitMs: committedAt - commitStart,
        totalMs: committedAt - start,
        duplicateCheckMs: checkedAt - committedAt,
        peakRssMb: server.peakRssMb(),
        healthzMs,
        searchMs: extras.search ? await timeSearch(server, client) : [],
      };
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Polls the job fragment until it shows `wanted`; fails on a failed job, a failed commit or the phase limit. */
async function waitForState(client: FormClient, jobUrl: string, wanted: 'ready' | 'checking' | 'committed'): Promise<string> {
  const deadline = performance.now() + PHASE_LIMIT_MS;
  while (performance.now() < deadline) {
    const { status, body } = await client.get(jobUrl, FRAGMENT);
    expectStatus(`GET ${jobUrl}`, status, 200, body);
    const state = /data-state="([a-z]+)"/.exec(body)?.[1];
    // The check can finish between two polls, so "checking" is also reached by being past it.
    if (state === wanted || (wanted === 'checking' && state === 'committed')) return body;
    // A failed commit puts the job back to "ready" with an alert.
    const failed = state === 'failed' || state === 'cancelled' || (wanted !== 'ready' && state === 'ready');
    if (failed) throw new Error(`import job is ${state} while waiting for ${wanted}: ${/role="alert">([^<]*)/.exec(body)?.[1] ?? '(no message)'}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`import job not ${wanted} within ${PHASE_LIMIT_MS / 1000} s`);
}

/** The records search fragment right after the import, as a browser asks for it: times of SEARCH_SAMPLES after one warm-up. */
async function timeSearch(server: ServerProcess, client: FormClient): Promise<number[]> {
  const path = `/reviews/${SLUG}/records?q=${SEARCH}`;
  expectStatus(`GET ${path}`, (await client.get(path, FRAGMENT)).status, 200);
  const times: number[] = [];
  for (let i = 0; i < SEARCH_SAMPLES; i++) {
    const start = performance.now();
    const { status } = await client.get(path, FRAGMENT);
    times.push(performance.now() - start);
    expectStatus(`GET ${server.baseUrl}${path}`, status, 200);
  }
  return times;
}

function summarise(format: Format, records: number, fileMb: number, runs: RunFigures[]): BenchResult {
  const seconds = (pick: (r: RunFigures) => number) => round(median(runs.map(pick)) / 1000);
  const totalMs = median(runs.map((r) => r.totalMs));
  const peakRssMb = Math.max(...runs.map((r) => r.peakRssMb));
  const baselinePeakRssMb = Math.max(...runs.map((r) => r.baselinePeakRssMb));
  const healthzMs = runs.flatMap((r) => r.healthzMs);
  const searchMs = runs.flatMap((r) => r.searchMs);
  return {
    runs: runs.length,
    format,
    records,
    fileMb: round(fileMb),
    // Headline: from sending the upload to the job showing "committed" (records stored and indexed).
    medianSeconds: round(totalMs / 1000),
    uploadSeconds: seconds((r) => r.uploadMs),
    readSeconds: seconds((r) => r.parseMs),
    commitSeconds: seconds((r) => r.commitMs),
    duplicateCheckSeconds: seconds((r) => r.duplicateCheckMs),
    runsSeconds: runs.map((r) => round(r.totalMs / 1000)),
    recordsPerSec: round(records / (totalMs / 1000)),
    baseline: 'read, decode and split the same file into records (own process)',
    baselineMs: round(median(runs.map((r) => r.baselineMs))),
    ratio: round(median(runs.map((r) => r.totalMs / r.baselineMs))),
    // The largest over the runs, each a fresh server: the peak is what has to fit in memory.
    peakRssMb: round(peakRssMb),
    baselinePeakRssMb: round(baselinePeakRssMb),
    peakRssRatio: round(peakRssMb / baselinePeakRssMb),
    ...(healthzMs.length > 0 && {
      healthzRequests: healthzMs.length,
      healthzP50Ms: round(percentile(healthzMs, 50)),
      healthzP99Ms: round(percentile(healthzMs, 99)),
      healthzMaxMs: round(Math.max(...healthzMs)),
    }),
    ...(searchMs.length > 0 && { searchQuery: SEARCH, searchP50Ms: round(percentile(searchMs, 50)) }),
  };
}
