import type { Db } from '../db/database.js';
import { postgresRankerReads } from './postgres-ranker-reads.js';
import type { RankerReads } from './ranker-reads.js';
import { sqliteRankerReads } from './sqlite-ranker-reads.js';

/** The ranker's large reads for the database it runs on (ranker-reads.ts). */
export function rankerReads(db: Db): RankerReads {
  return db.kind === 'sqlite' ? sqliteRankerReads(db.sqlite) : postgresRankerReads(db.kysely);
}
