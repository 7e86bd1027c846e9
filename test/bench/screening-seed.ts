/**
 * A review at 50,000 records, 95% screened by two reviewers, written straight into the server's
 * SQLite file (a second connection, as the CLI would) so the bench measures screening, not
 * 95,000 form posts. Rows are what the service would have written: records, their items, both
 * reviewers' decisions with their history, and item states; the dashboard counters follow by
 * the same triggers the service relies on.
 */
import Database from 'better-sqlite3';
import { seededRandom } from './search-corpus.js';

export interface SeededScreening {
  /** Records nobody has decided yet, in the order they are offered. */
  openIds: number[];
  records: number;
}

export interface SeedOptions {
  slug: string;
  /** Two reviewers: blind, two decisions a record; one: a single decision settles it. */
  reviewerEmails: [string, string] | [string];
  records: number;
  screenedShare: number;
  /** Record `position`'s text (1-based) instead of the 15-word vocabulary; screened records then get its outcome. */
  text?: (position: number) => { title: string; abstract: string; relevant: boolean };
}

export function seedScreening(dbFile: string, options: SeedOptions): SeededScreening {
  const db = new Database(dbFile);
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = ON');
  const random = seededRandom(11);
  const now = new Date().toISOString();
  const seed = db.transaction(() => {
    const reviewId = db.prepare('SELECT id FROM review WHERE slug = ?').pluck().get(options.slug) as number;
    const reviewers = options.reviewerEmails.map((email) => db.prepare('SELECT id FROM account WHERE email = ?').pluck().get(email) as number);
    const batchId = Number(
      db.prepare(`INSERT INTO import_batch (review_id, source_type, source_name, file_name, file_sha256, file_size, format, encoding, found, imported, failed, created_at)
                  VALUES (?, 'database', 'Scopus', 'bench.ris', 'bench', 0, 'ris', 'utf-8', ?, ?, 0, ?)`).run(reviewId, options.records, options.records, now).lastInsertRowid,
    );
    const insertRecord = db.prepare(`INSERT INTO record (review_id, batch_id, position, line_start, line_end, title, authors_json, first_author, year, journal, abstract, keywords_json, type, csl_json, raw, created_at, updated_at)
                                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'article-journal', '{}', '', ?, ?)`);
    const words = 'desistance prison probation employment social co-operative enterprise reintegration identity hope agency stigma governance co-production evaluation qualitative'.split(' ');
    const text = (n: number) => Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join(' ');
    const ids: number[] = [];
    for (let i = 1; i <= options.records; i++) {
      const author = `Author${i % 997}, A.`;
      const given = options.text?.(i);
      const [title, abstract] = given ? [given.title, given.abstract] : [`${text(8)} ${i}`, text(120)];
      ids.push(Number(insertRecord.run(reviewId, batchId, i, i * 10, i * 10 + 9, title, JSON.stringify([author]), author, 1990 + (i % 35), 'Probation Journal', abstract, '["desistance"]', now, now).lastInsertRowid));
    }
    db.prepare(`INSERT INTO review_counter (review_id, name, value) VALUES (?, 'records_imported', ?), (?, 'import_batches', 1)
                ON CONFLICT (review_id, name) DO UPDATE SET value = value + excluded.value`).run(reviewId, options.records, reviewId);
    const needed = reviewers.length;
    db.prepare(`INSERT INTO screening_setting (review_id, stage, reviewers_needed, blind, items_through) VALUES (?, 'title_abstract', ?, ?, ?)
                ON CONFLICT (review_id, stage) DO UPDATE SET reviewers_needed = excluded.reviewers_needed, blind = excluded.blind, items_through = excluded.items_through`).run(reviewId, needed, needed > 1 ? 1 : 0, ids.at(-1));
    const insertItem = db.prepare("INSERT INTO screening_item (record_id, stage, review_id, sort_key) VALUES (?, 'title_abstract', ?, ?)");
    for (const id of ids) insertItem.run(id, reviewId, id);

    const insertDecision = db.prepare("INSERT INTO screening_decision (record_id, stage, reviewer_id, review_id, decision, decided_at) VALUES (?, 'title_abstract', ?, ?, ?, ?)");
    const insertEvent = db.prepare("INSERT INTO screening_event (review_id, record_id, stage, kind, reviewer_id, actor_id, before_json, after_json, at) VALUES (?, ?, 'title_abstract', 'decision', ?, ?, NULL, ?, ?)");
    const setItem = db.prepare("UPDATE screening_item SET status = ?, outcome = ? WHERE record_id = ? AND stage = 'title_abstract'");
    const screened = Math.round(options.records * options.screenedShare);
    ids.slice(0, screened).forEach((id, i) => {
      const given = options.text?.(i + 1);
      const roll = given ? 0 : random();
      // Given texts: their outcome, agreed. Otherwise 8% both include, 2% disagree (conflicts), the rest both exclude.
      const pair = given ? Array(2).fill(given.relevant ? 'include' : 'exclude') : roll < 0.08 ? ['include', 'include'] : roll < 0.1 ? ['include', 'exclude'] : ['exclude', 'exclude'];
      reviewers.forEach((reviewer, k) => {
        const at = new Date(Date.parse(now) - (screened - id) * 1000).toISOString();
        insertDecision.run(id, reviewer, reviewId, pair[k], at);
        insertEvent.run(reviewId, id, reviewer, reviewer, JSON.stringify({ decision: pair[k], reasonId: null, note: '', labels: [] }), at);
      });
      if (pair[0] === pair[1]) setItem.run('decided', pair[0], id);
      else setItem.run('conflict', null, id);
    });
    return ids.slice(screened);
  });
  try {
    const openIds = seed();
    // As the import worker does after its commit: the server's next write must not copy 200 MB of WAL.
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { openIds, records: options.records };
  } finally {
    db.close();
  }
}
