/**
 * The synthesis fixture (2,000 included studies, 60 codes, 20 fields, 20,000 excerpts) written
 * into a running server's SQLite file on a second connection: records included at both screening
 * stages, the codebook, study codes, excerpts and extraction values, as the services would store them.
 */
import Database from 'better-sqlite3';
import { synthesisFixture } from '../support/synthesis-fixture.js';

export function seedSynthesis(dbFile: string, options: { slug: string; studies: number; codes: number; fields: number; excerpts: number }): { studies: number } {
  const { data } = synthesisFixture({ studies: options.studies, codes: options.codes, fields: options.fields, excerpts: options.excerpts, seed: 3 });
  const db = new Database(dbFile);
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = ON');
  const now = new Date().toISOString();
  db.transaction(() => {
    const reviewId = db.prepare('SELECT id FROM review WHERE slug = ?').pluck().get(options.slug) as number;
    const owner = db.prepare("SELECT account_id FROM review_member WHERE review_id = ? AND role = 'owner'").pluck().get(reviewId) as number;
    const batchId = Number(db.prepare(`INSERT INTO import_batch (review_id, source_type, source_name, file_name, file_sha256, file_size, format, encoding, found, imported, failed, created_at)
      VALUES (?, 'database', 'Scopus', 'bench.ris', 'bench', 0, 'ris', 'utf-8', ?, ?, 0, ?)`).run(reviewId, data.studies.length, data.studies.length, now).lastInsertRowid);
    const insertRecord = db.prepare(`INSERT INTO record (review_id, batch_id, position, line_start, line_end, title, authors_json, first_author, year, journal, doi, abstract, type, csl_json, raw, created_at, updated_at)
      VALUES (?, ?, ?, 1, 2, ?, ?, ?, ?, ?, ?, '', 'article', '{}', '', ?, ?)`);
    const insertItem = db.prepare("INSERT INTO screening_item (record_id, stage, review_id, sort_key, status, outcome) VALUES (?, ?, ?, ?, 'decided', 'include')");
    const insertDecision = db.prepare("INSERT INTO screening_decision (record_id, stage, reviewer_id, review_id, decision, decided_at) VALUES (?, ?, ?, ?, 'include', ?)");
    const recordOf = new Map<number, number>();
    data.studies.forEach((study, i) => {
      const id = Number(insertRecord.run(reviewId, batchId, i + 1, study.title, JSON.stringify(study.authors), study.authors[0] ?? '', study.year, study.journal, study.doi, now, now).lastInsertRowid);
      recordOf.set(study.id, id);
      for (const stage of ['title_abstract', 'full_text']) {
        insertItem.run(id, stage, reviewId, id);
        insertDecision.run(id, stage, owner, reviewId, now);
      }
    });
    db.prepare("INSERT INTO review_counter (review_id, name, value) VALUES (?, 'records_imported', ?) ON CONFLICT (review_id, name) DO UPDATE SET value = value + excluded.value").run(reviewId, data.studies.length);

    const insertCode = db.prepare('INSERT INTO code (review_id, parent_id, name, description, colour, position, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const codeOf = new Map<number, number>();
    for (const code of data.codes) {
      const parent = code.parentId === null ? null : codeOf.get(code.parentId)!;
      codeOf.set(code.id, Number(insertCode.run(reviewId, parent, code.name, code.description, code.colour.toLowerCase(), code.id, now).lastInsertRowid));
    }
    const insertField = db.prepare('INSERT INTO extraction_field (review_id, position, label, kind, choices_json, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    const fieldOf = new Map<number, number>();
    data.fields.forEach((field, i) => fieldOf.set(field.id, Number(insertField.run(reviewId, i + 1, field.label, field.kind, JSON.stringify(field.choices), now).lastInsertRowid)));
    const kindOf = new Map(data.fields.map((f) => [f.id, f.kind]));

    const studyCode = db.prepare('INSERT INTO study_code (record_id, code_id, review_id, created_by, created_at) VALUES (?, ?, ?, ?, ?)');
    const excerpt = db.prepare('INSERT INTO excerpt (review_id, record_id, text, location, memo, created_by, created_at, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const excerptCode = db.prepare('INSERT INTO excerpt_code (excerpt_id, code_id) VALUES (?, ?)');
    const value = db.prepare('INSERT INTO extraction_value (record_id, field_id, review_id, value_json, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (const study of data.studies) {
      const recordId = recordOf.get(study.id)!;
      for (const codeId of study.codeIds) studyCode.run(recordId, codeOf.get(codeId)!, reviewId, owner, now);
      for (const e of study.excerpts) {
        const excerptId = excerpt.run(reviewId, recordId, e.text, e.location, e.memo, owner, now, owner, now).lastInsertRowid;
        for (const codeId of e.codeIds) excerptCode.run(excerptId, codeOf.get(codeId)!);
      }
      for (const [fieldId, display] of study.fields) {
        const kind = kindOf.get(fieldId);
        const json = kind === 'multiple_choice' ? JSON.stringify(display.split('; ')) : kind === 'number' || kind === 'year' ? (Number.isFinite(Number(display)) ? display : JSON.stringify(display)) : JSON.stringify(display);
        value.run(recordId, fieldOf.get(fieldId)!, reviewId, json, owner, now);
      }
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { studies: data.studies.length };
}
