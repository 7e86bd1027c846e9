-- Duplicates: records are linked to the primary record of their work, never deleted; the pairs
-- detection finds wait in a queue for a person; every merge is kept so it can be undone exactly.

-- NULL: a primary (or unique) record. Otherwise the primary this record duplicates.
ALTER TABLE record ADD COLUMN duplicate_of INTEGER REFERENCES record(id);
CREATE INDEX record_duplicate_of ON record(duplicate_of) WHERE duplicate_of IS NOT NULL;

-- Links stay flat and inside one review: a duplicate points at a primary of its own review, and a
-- record others point at is never itself a duplicate. The service keeps them so (it re-points a
-- group before linking its old primary); this trigger turns a slip into an error, not a chain.
CREATE TRIGGER record_duplicate_of_flat BEFORE UPDATE OF duplicate_of ON record
WHEN new.duplicate_of IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'duplicate_of must point to a primary record of the same review')
  WHERE new.duplicate_of = new.id
     OR NOT EXISTS (SELECT 1 FROM record WHERE id = new.duplicate_of AND review_id = new.review_id AND duplicate_of IS NULL)
     OR EXISTS (SELECT 1 FROM record WHERE duplicate_of = new.id);
END;

-- One merge (automatic, a person's "same work", or a change of primary): enough to undo it exactly.
CREATE TABLE merge_event (
  id INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES review(id),
  reason TEXT NOT NULL CHECK (reason IN ('automatic', 'decision', 'primary')),
  primary_id INTEGER NOT NULL REFERENCES record(id),
  -- [{id, before, after}]: every record whose duplicate_of the merge changed.
  links_json TEXT NOT NULL,
  -- [{column, from, before, after}]: the primary's empty fields filled from record `from`.
  filled_json TEXT NOT NULL DEFAULT '[]',
  -- The primary's updated_at before the merge filled it (NULL when nothing was filled).
  primary_updated_at TEXT,
  created_by INTEGER REFERENCES account(id),
  created_at TEXT NOT NULL,
  undone_by INTEGER REFERENCES account(id),
  undone_at TEXT
);
CREATE INDEX merge_event_review ON merge_event(review_id, id);

-- Every pair detection found, once: the queue (pending) and what became of each pair, so a later
-- run never asks again nor re-merges a pair a person separated (undoing a merge marks its pairs
-- 'different').
CREATE TABLE duplicate_pair (
  id INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES review(id),
  record_a INTEGER NOT NULL REFERENCES record(id),
  record_b INTEGER NOT NULL REFERENCES record(id),
  kind TEXT NOT NULL CHECK (kind IN ('certain', 'probable', 'version')),
  score REAL NOT NULL,
  reasons_json TEXT NOT NULL DEFAULT '[]',
  differing_json TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'same', 'different', 'versions')),
  -- The merge that linked the two records, when one did.
  merge_id INTEGER REFERENCES merge_event(id),
  -- NULL with decided_at set: decided automatically (a certain pair).
  decided_by INTEGER REFERENCES account(id),
  decided_at TEXT,
  created_at TEXT NOT NULL,
  CHECK (record_a < record_b),
  UNIQUE (review_id, record_a, record_b)
);
CREATE INDEX duplicate_pair_queue ON duplicate_pair(review_id, status, score DESC);
CREATE INDEX duplicate_pair_record_b ON duplicate_pair(record_b);
CREATE INDEX duplicate_pair_merge ON duplicate_pair(merge_id) WHERE merge_id IS NOT NULL;
