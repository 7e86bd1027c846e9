import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CommitTask, ParseTask, WorkerMessage } from './import-worker.js';

export class TimeLimitError extends Error {}

const WORKER_URL = new URL('./import-worker.ts', import.meta.url).href;
// tsx's ESM API (index.mjs beside the index.cjs that require.resolve finds).
const TSX_API = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/esm/api')), 'index.mjs')).href;
// Workers do not inherit the parent's module hooks on Node 20, so the worker registers tsx itself
// before loading the TypeScript worker module (the same way src/bin/coreview.js does).
const BOOTSTRAP = `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL)}); });`;

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
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: task });
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
