-- Searches (one uploaded file each), the records they brought in, and the full-text index.

CREATE TABLE import_batch (
  id INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES review(id),
  -- PRISMA 2020 counts these apart.
  source_type TEXT NOT NULL CHECK (source_type IN
    ('database', 'register', 'website', 'organisation', 'citation_searching', 'other')),
  source_name TEXT NOT NULL,
  searched_on TEXT,
  query TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  file_size INTEGER NOT NULL,
  format TEXT NOT NULL,
  encoding TEXT NOT NULL,
  found INTEGER NOT NULL,
  imported INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  -- [{record?, message}] and [{record, lineStart, lineEnd, message, raw}], as reported by the parser.
  warnings_json TEXT NOT NULL DEFAULT '[]',
  failures_json TEXT NOT NULL DEFAULT '[]',
  created_by INTEGER REFERENCES account(id),
  created_at TEXT NOT NULL,
  -- Set when the batch was taken out again (its records are deleted; the row and file stay).
  removed_at TEXT,
  removed_by INTEGER REFERENCES account(id)
);
CREATE INDEX import_batch_review ON import_batch(review_id, id);
CREATE INDEX import_batch_sha ON import_batch(review_id, file_sha256);

CREATE TABLE record (
  id INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES review(id),
  batch_id INTEGER NOT NULL REFERENCES import_batch(id),
  -- 1-based record number in the uploaded file, and where it stood.
  position INTEGER NOT NULL,
  line_start INTEGER NOT NULL,
  line_end INTEGER NOT NULL,
  title TEXT NOT NULL,
  -- JSON array of "Family, Given", in the file's order.
  authors_json TEXT NOT NULL DEFAULT '[]',
  first_author TEXT NOT NULL DEFAULT '',
  year INTEGER,
  journal TEXT NOT NULL DEFAULT '',
  volume TEXT NOT NULL DEFAULT '',
  issue TEXT NOT NULL DEFAULT '',
  pages TEXT NOT NULL DEFAULT '',
  doi TEXT,
  pmid TEXT,
  abstract TEXT NOT NULL DEFAULT '',
  keywords_json TEXT NOT NULL DEFAULT '[]',
  type TEXT NOT NULL DEFAULT 'other',
  url TEXT,
  language TEXT NOT NULL DEFAULT '',
  issn TEXT NOT NULL DEFAULT '',
  publisher TEXT NOT NULL DEFAULT '',
  csl_json TEXT NOT NULL,
  raw TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (batch_id, position)
);
CREATE INDEX record_review ON record(review_id, id);
CREATE INDEX record_review_year ON record(review_id, year);
CREATE INDEX record_doi ON record(review_id, doi) WHERE doi IS NOT NULL;
CREATE INDEX record_pmid ON record(review_id, pmid) WHERE pmid IS NOT NULL;

-- External-content FTS5 index over the searchable text, kept in step by triggers. Diacritics are
-- folded, so "évaluation" and "evaluation" are the same word. The vocabulary view feeds typo correction.
-- Column names match record's, so FTS5 can read the content back (snippet, rebuild, integrity-check).
CREATE VIRTUAL TABLE record_fts USING fts5(
  title, abstract, authors_json, keywords_json, journal,
  content = 'record', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE record_fts_vocab USING fts5vocab(record_fts, 'row');

CREATE TRIGGER record_fts_insert AFTER INSERT ON record BEGIN
  INSERT INTO record_fts (rowid, title, abstract, authors_json, keywords_json, journal)
  VALUES (new.id, new.title, new.abstract, new.authors_json, new.keywords_json, new.journal);
END;
CREATE TRIGGER record_fts_delete AFTER DELETE ON record BEGIN
  INSERT INTO record_fts (record_fts, rowid, title, abstract, authors_json, keywords_json, journal)
  VALUES ('delete', old.id, old.title, old.abstract, old.authors_json, old.keywords_json, old.journal);
END;
CREATE TRIGGER record_fts_update AFTER UPDATE OF title, abstract, authors_json, keywords_json, journal ON record BEGIN
  INSERT INTO record_fts (record_fts, rowid, title, abstract, authors_json, keywords_json, journal)
  VALUES ('delete', old.id, old.title, old.abstract, old.authors_json, old.keywords_json, old.journal);
  INSERT INTO record_fts (rowid, title, abstract, authors_json, keywords_json, journal)
  VALUES (new.id, new.title, new.abstract, new.authors_json, new.keywords_json, new.journal);
END;
