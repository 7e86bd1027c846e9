import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../src/db/open.js';
import { readCounters } from '../../src/reviews/stage-counters.js';
import { scopusLikeRecords } from '../bench/search-corpus.js';

/** A data folder of its own, and a reader on its database (the server writes; the test watches). */
export interface FaultScene {
  dir: string;
  dataDir: string;
  logFile: string;
  databaseFile: string;
  /** Opens (once) a second connection to the server's database, for reading what it did. */
  reader(): Db;
  close(): Promise<void>;
}

export function faultScene(prefix: string): FaultScene {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  let db: Db | undefined;
  return {
    dir,
    dataDir,
    logFile: join(dir, 'server.log'),
    databaseFile: join(dataDir, 'coreview.sqlite'),
    reader: () => (db ??= openDb(join(dataDir, 'coreview.sqlite'))),
    async close() {
      await db?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` every `everyMs` until it returns something other than undefined, or fails after `timeoutMs`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, { timeoutMs = 60_000, everyMs = 10 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Writes `count` generated Scopus records as one RIS export. */
export async function writeRisExport(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  for (const record of scopusLikeRecords(count)) {
    if (!out.write(record.raw + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const RECOUNT = {
  records_imported: 'SELECT count(*) FROM record WHERE review_id = ?',
  import_batches: 'SELECT count(*) FROM import_batch WHERE review_id = ? AND removed_at IS NULL',
  duplicates_marked: 'SELECT count(*) FROM record WHERE review_id = ? AND duplicate_of IS NOT NULL',
  duplicates_pending: "SELECT count(*) FROM duplicate_pair WHERE review_id = ? AND status = 'pending'",
} as const;

/** The review's counters named, next to what the rows say. */
export async function countersAndRecount(db: Db, reviewId: number, names: ReadonlyArray<keyof typeof RECOUNT> = Object.keys(RECOUNT) as Array<keyof typeof RECOUNT>) {
  const counters = await readCounters(db.kysely, reviewId);
  return {
    counters: Object.fromEntries(names.map((name) => [name, counters[name]])),
    recount: Object.fromEntries(names.map((name) => [name, db.sqlite.prepare(RECOUNT[name]).pluck().get(reviewId) as number])),
  };
}
