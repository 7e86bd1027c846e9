-- A pair may also be 'related': a conference abstract and the article that grew from it, two
-- reports that a person may group as one study (decided 'versions') or keep apart. SQLite cannot
-- change a CHECK constraint, so the table is rebuilt with the same columns, rows and indexes.
CREATE TABLE duplicate_pair_new (
  id INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES review(id),
  record_a INTEGER NOT NULL REFERENCES record(id),
  record_b INTEGER NOT NULL REFERENCES record(id),
  kind TEXT NOT NULL CHECK (kind IN ('certain', 'probable', 'version', 'related')),
  score REAL NOT NULL,
  reasons_json TEXT NOT NULL DEFAULT '[]',
  differing_json TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'same', 'different', 'versions')),
  merge_id INTEGER REFERENCES merge_event(id),
  decided_by INTEGER REFERENCES account(id),
  decided_at TEXT,
  created_at TEXT NOT NULL,
  CHECK (record_a < record_b),
  UNIQUE (review_id, record_a, record_b)
);
INSERT INTO duplicate_pair_new SELECT * FROM duplicate_pair;
DROP TABLE duplicate_pair;
ALTER TABLE duplicate_pair_new RENAME TO duplicate_pair;
CREATE INDEX duplicate_pair_queue ON duplicate_pair(review_id, status, score DESC);
CREATE INDEX duplicate_pair_record_b ON duplicate_pair(record_b);
CREATE INDEX duplicate_pair_merge ON duplicate_pair(merge_id) WHERE merge_id IS NOT NULL;
