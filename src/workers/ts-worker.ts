import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

// tsx's ESM API (index.mjs beside the index.cjs that require.resolve finds).
const TSX_API = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/esm/api')), 'index.mjs')).href;

/**
 * Workers do not inherit the parent's module hooks on Node 20, so the worker registers tsx itself
 * before loading the TypeScript module (the same way src/bin/coreview.js does). The packages it
 * names are imported first, before tsx is registered: through tsx's loader hooks every module file
 * is a round trip to the hooks thread, and Kysely's 279 files alone took ~150 ms of a worker's start.
 * (A package missing from the list only loads slower.)
 */
const bootstrap = (moduleUrl: string, packages: readonly string[]) => {
  const preload = packages.map((name) => `import(${JSON.stringify(import.meta.resolve(name))})`).join(', ');
  return `Promise.all([${preload}]).then(() => import(${JSON.stringify(TSX_API)})).then((tsx) => { tsx.register(); return import(${JSON.stringify(moduleUrl)}); });`;
};

/** A worker thread running the TypeScript module at `moduleUrl`, with `workerData`. */
export function startTsWorker(moduleUrl: string, workerData: unknown, packages: readonly string[] = []): Worker {
  return new Worker(bootstrap(moduleUrl, packages), { eval: true, workerData });
}
