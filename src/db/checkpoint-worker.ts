/** The checkpoint thread (checkpointer.ts): a PASSIVE checkpoint about once a second, on its own connection. */
import { workerData } from 'node:worker_threads';
import { openSqlite } from './open.js';

const EVERY_MS = 1000;

const sqlite = openSqlite((workerData as { databaseFile: string }).databaseFile);
sqlite.pragma('wal_autocheckpoint = 0');
setInterval(() => {
  try {
    sqlite.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A checkpoint that cannot run now (the file busy for some other reason) runs next time.
  }
}, EVERY_MS);
