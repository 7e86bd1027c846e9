import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { RankerReads, StageItem } from './ranker-reads.js';

/** Rows of record_terms per query: a few MB of blobs, so a review's features never sit in memory twice. */
const TERMS_PAGE = 2000;

/**
 * The ranker's reads on PostgreSQL, on the ranking's own transaction (a repeatable-read snapshot,
 * write-locking-postgres-dialect.ts) and without the camel-case plugin: snake_case columns are
 * mapped here once, not key by key for 50,000 rows.
 */
export function postgresRankerReads(db: Kysely<Database>): RankerReads {
  return {
    stageItems: async (trx, reviewId, stage) => {
      const { rows } = await sql<{ record_id: number; status: string; outcome: string | null; active: number; sort_key: number }>`
        select record_id, status, outcome, active, sort_key from screening_item where review_id = ${reviewId} and stage = ${stage}`.execute(trx.withoutPlugins());
      return rows.map((r): StageItem => ({ recordId: r.record_id, status: r.status, outcome: r.outcome, active: r.active, sortKey: r.sort_key }));
    },
    settledInOrder: async (trx, reviewId, stage) => {
      const { rows } = await sql<{ record_id: number; relevant: boolean }>`
        select record_id, outcome <> 'exclude' as relevant from screening_item
        where review_id = ${reviewId} and stage = ${stage} and status = 'decided' and active = 1 order by settled_seq, record_id`.execute(trx.withoutPlugins());
      return { recordIds: rows.map((r) => r.record_id), labels: Uint8Array.from(rows, (r) => (r.relevant ? 1 : 0)) };
    },
    termsCounts: async (reviewId) => {
      // Two counts so each is answered by its own index (record_terms_review, record_terms_pending).
      const { rows } = await sql<{ total: number; pending: number }>`
        select (select count(*) from record_terms where review_id = ${reviewId}) as total,
               (select count(*) from record_terms where review_id = ${reviewId} and terms is null) as pending`.execute(db.withoutPlugins());
      return { all: rows[0]!.total, pending: rows[0]!.pending };
    },
    // Keyset pages in one snapshot: the matrix is built from one state of the review.
    eachTerms: (reviewId, visit) =>
      db.transaction().setAccessMode('read only').execute(async (trx) => {
        for (let after = 0; ; ) {
          const { rows } = await sql<{ record_id: number; terms: Buffer }>`
            select record_id, terms from record_terms where review_id = ${reviewId} and terms is not null and record_id > ${after}
            order by record_id limit ${TERMS_PAGE}`.execute(trx.withoutPlugins());
          for (const r of rows) visit(r.record_id, r.terms);
          if (rows.length < TERMS_PAGE) return;
          after = rows[rows.length - 1]!.record_id;
        }
      }),
  };
}
