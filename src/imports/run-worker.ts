import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CommitMessage, CommitTask } from './commit-worker.js';
import type { ParseMessage, ParseTask } from './parse-worker.js';

export class TimeLimitError extends Error {}

export type WorkerMessage = ParseMessage | CommitMessage;

/**
 * Each worker module, with the packages it loads. Those are imported before tsx is registered:
 * through tsx's loader hooks every module file is a round trip to the hooks thread, and Kysely's
 * 279 files alone took ~150 ms of a commit worker's start. (A package missing here only loads slower.)
 */
const WORKERS = {
  parse: { url: new URL('./parse-worker.ts', import.meta.url).href, packages: ['fast-xml-parser', 'csv-parse/sync'] },
  commit: { url: new URL('./commit-worker.ts', import.meta.url).href, packages: ['kysely', 'better-sqlite3'] },
};
// tsx's ESM API (index.mjs beside the index.cjs that require.resolve finds).
const TSX_API = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/esm/api')), 'index.mjs')).href;
// Workers do not inherit the parent's module hooks on Node 20, so the worker registers tsx itself
// before loading the TypeScript worker module (the same way src/bin/coreview.js does).
const bootstrap = (moduleUrl: string, packages: readonly string[]) => {
  const preload = packages.map((name) => `import(${JSON.stringify(import.meta.resolve(name))})`).join(', ');
  return `Promise.all([${preload}]).then(() => import(${JSON.stringify(TSX_API)})).then((tsx) => { tsx.register(); return import(${JSON.stringify(moduleUrl)}); });`;
};

/** A worker thread running the TypeScript module at `moduleUrl`, with `workerData`; `packages` as in WORKERS. */
export function startTsWorker(moduleUrl: string, workerData: unknown, packages: readonly string[] = []): Worker {
  return new Worker(bootstrap(moduleUrl, packages), { eval: true, workerData });
}

/**
 * Runs one import task in a worker thread and resolves when it exits. Past the time limit the worker
 * is terminated (a pathological file cannot hold a core forever) and the promise rejects.
 */
export function runImportWorker(
  task: ParseTask | CommitTask,
  timeLimitMs: number,
  onMessage: (message: WorkerMessage) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const { url, packages } = WORKERS[task.task];
    const worker = startTsWorker(url, task, packages);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void worker.terminate();
    }, timeLimitMs);
    worker.on('message', onMessage);
    worker.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    worker.on('exit', (code) => {
      clearTimeout(timer);
      if (timedOut) reject(new TimeLimitError(`stopped after ${Math.round(timeLimitMs / 1000)} s`));
      else if (code === 0) resolve();
      else reject(new Error(`import worker exited with code ${code}`));
    });
  });
}
