import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/db/migrate.js';
import { migrationsBefore } from '../../support/migrations-before.js';
import { screeningDb, type ScreeningDb } from '../../support/screening-fixtures.js';

/** Migration 0023 on a review made before it: settings kept, every record and stage queued for the ranker. */
describe('migration 0023: relevance ranking', () => {
  let s: ScreeningDb;
  let folder: { dir: string; remove(): void };

  beforeEach(async () => {
    folder = migrationsBefore(23);
    s = await screeningDb(['Rita'], folder.dir);
    const sql = s.db.sqlite;
    sql.prepare("INSERT INTO import_batch (review_id, source_type, source_name, file_name, file_sha256, file_size, format, encoding, found, imported, failed, created_at) VALUES (?, 'database', 'Scopus', 'a.ris', 'x', 1, 'ris', 'utf-8', 2, 2, 0, 'now')").run(s.reviewId);
    const batch = sql.prepare('SELECT max(id) FROM import_batch').pluck().get();
    for (const [position, title] of ['Desistance and work', 'Social co-operatives in Italy'].entries()) {
      sql.prepare("INSERT INTO record (review_id, batch_id, position, line_start, line_end, title, authors_json, year, journal, abstract, keywords_json, type, csl_json, raw, created_at, updated_at) VALUES (?, ?, ?, 1, 2, ?, '[]', 2020, '', 'An abstract', '[]', 'article-journal', '{}', '', 'now', 'now')").run(s.reviewId, batch, position + 1, title);
    }
    sql.prepare("INSERT INTO screening_setting (review_id, stage, reviewers_needed, blind, record_order, order_seed, maybe_advances, arbiter_id, items_through) VALUES (?, 'title_abstract', 2, 1, 'random', 42, 0, ?, 2)").run(s.reviewId, s.reviewers[0]);
    for (const id of sql.prepare('SELECT id FROM record').pluck().all()) sql.prepare("INSERT INTO screening_item (record_id, stage, review_id, sort_key) VALUES (?, 'title_abstract', ?, 0.5)").run(id, s.reviewId);
    migrate(s.db.sqlite);
  });

  afterEach(async () => {
    await s.close();
    folder.remove();
  });

  it('keeps every setting, aims at 95% recall, and accepts relevance order', () => {
    const sql = s.db.sqlite;
    expect(sql.prepare("SELECT reviewers_needed, blind, record_order, order_seed, maybe_advances, arbiter_id, items_through, recall_target FROM screening_setting WHERE stage = 'title_abstract'").get())
      .toEqual({ reviewers_needed: 2, blind: 1, record_order: 'random', order_seed: 42, maybe_advances: 0, arbiter_id: s.reviewers[0], items_through: 2, recall_target: 0.95 });
    sql.prepare("UPDATE screening_setting SET record_order = 'relevance', recall_target = 0.9").run();
    expect(() => sql.prepare('UPDATE screening_setting SET recall_target = 0.8').run()).toThrow(/CHECK/);
    expect(() => sql.prepare("UPDATE screening_setting SET record_order = 'alphabetical'").run()).toThrow(/CHECK/);
  });

  it('queues every existing record for its terms and every stage for a ranking, and follows later changes by trigger', () => {
    const sql = s.db.sqlite;
    expect(sql.prepare('SELECT count(*) FROM record_terms WHERE terms IS NULL').pluck().get()).toBe(2);
    const stage = () => sql.prepare("SELECT version, ranked_version FROM ranking_stage WHERE stage = 'title_abstract'").get() as { version: number; ranked_version: number };
    expect(stage()).toEqual({ version: 1, ranked_version: 0 });
    sql.prepare("UPDATE record_terms SET terms = x'00'").run();
    sql.prepare("UPDATE record SET abstract = 'Edited' WHERE title = 'Desistance and work'").run();
    sql.prepare("UPDATE record SET journal = 'Not part of the terms'").run();
    expect(sql.prepare('SELECT count(*) FROM record_terms WHERE terms IS NULL').pluck().get()).toBe(1);
    // Its terms are to be built again, and the order with them (0024).
    expect(stage().version).toBe(2);
    sql.prepare("UPDATE screening_item SET status = 'decided', outcome = 'include' WHERE record_id = (SELECT min(id) FROM record)").run();
    sql.prepare('UPDATE screening_item SET sort_key = 0.25').run();
    expect(stage().version).toBe(3);
    sql.prepare("UPDATE screening_setting SET order_seed = 43").run();
    expect(stage().version).toBe(4);
    sql.prepare("UPDATE screening_setting SET record_order = 'relevance'").run();
    expect(stage().version).toBe(5);
    sql.prepare('UPDATE screening_setting SET recall_target = 0.9').run();
    expect(stage().version).toBe(6);
  });
});
