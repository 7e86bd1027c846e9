-- Screening: title/abstract then full text, alone or in blind pairs, with conflicts resolved apart
-- from the individual decisions, every change appended, and full texts attached per record.

-- How a stage is screened. No row: the defaults (one reviewer, not blind, import order).
CREATE TABLE screening_setting (
  review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
  stage TEXT NOT NULL CHECK (stage IN ('title_abstract', 'full_text')),
  reviewers_needed INTEGER NOT NULL DEFAULT 1 CHECK (reviewers_needed BETWEEN 1 AND 5),
  blind INTEGER NOT NULL DEFAULT 0 CHECK (blind IN (0, 1)),
  record_order TEXT NOT NULL DEFAULT 'import' CHECK (record_order IN ('import', 'random', 'year_newest', 'year_oldest')),
  order_seed INTEGER NOT NULL DEFAULT 1,
  -- Title/abstract only: records whose outcome is "maybe" go on to full text.
  maybe_advances INTEGER NOT NULL DEFAULT 1 CHECK (maybe_advances IN (0, 1)),
  -- Who records final decisions on conflicts besides the review's owners (NULL: owners only).
  arbiter_id INTEGER REFERENCES account(id),
  -- Title/abstract items exist for every record up to this id (see screening-items.ts).
  items_through INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (review_id, stage)
);

-- A record in a stage, and where it stands there. Title/abstract items follow the records; full-text
-- items follow the title/abstract outcomes. `sort_key` is the order records are offered in (import,
-- seeded random or year; a relevance score can fill it later). `active` is 0 while the record is a
-- duplicate: duplicates are never offered and never counted.
CREATE TABLE screening_item (
  record_id INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,
  stage TEXT NOT NULL CHECK (stage IN ('title_abstract', 'full_text')),
  review_id INTEGER NOT NULL REFERENCES review(id),
  sort_key REAL NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  -- open: fewer decisions than needed; conflict: enough, but they differ and no final decision;
  -- decided: an outcome; not_retrieved: full text only, the report could not be obtained.
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'conflict', 'decided', 'not_retrieved')),
  outcome TEXT CHECK (outcome IN ('include', 'maybe', 'exclude')),
  -- The final decision on a conflict (owner or arbiter), kept apart from the individual decisions.
  final_decision TEXT CHECK (final_decision IN ('include', 'maybe', 'exclude')),
  final_reason_id INTEGER REFERENCES exclusion_reason(id),
  final_note TEXT NOT NULL DEFAULT '',
  final_by INTEGER REFERENCES account(id),
  final_at TEXT,
  PRIMARY KEY (record_id, stage),
  CHECK ((status = 'decided') = (outcome IS NOT NULL))
);
CREATE INDEX screening_item_queue ON screening_item(review_id, stage, status, sort_key, record_id);

-- A reviewer's current decision on a record in a stage. Never deleted by a record's removal: a
-- search whose records have decisions cannot be removed (batch-repository.ts refuses first).
CREATE TABLE screening_decision (
  record_id INTEGER NOT NULL REFERENCES record(id),
  stage TEXT NOT NULL CHECK (stage IN ('title_abstract', 'full_text')),
  reviewer_id INTEGER NOT NULL REFERENCES account(id),
  review_id INTEGER NOT NULL REFERENCES review(id),
  decision TEXT NOT NULL CHECK (decision IN ('include', 'maybe', 'exclude')),
  reason_id INTEGER REFERENCES exclusion_reason(id),
  note TEXT NOT NULL DEFAULT '',
  -- JSON array of short labels ("qualitative", "check later"...).
  labels_json TEXT NOT NULL DEFAULT '[]',
  decided_at TEXT NOT NULL,
  PRIMARY KEY (record_id, stage, reviewer_id)
);
CREATE INDEX screening_decision_reviewer ON screening_decision(review_id, stage, reviewer_id, decided_at);

-- Each reviewer's count of decisions per stage ('ta_by:12'), for "your progress" without counting rows.
CREATE TRIGGER screening_decision_counted_insert AFTER INSERT ON screening_decision
BEGIN
  INSERT INTO review_counter (review_id, name, value)
  VALUES (new.review_id, (CASE new.stage WHEN 'title_abstract' THEN 'ta' ELSE 'ft' END) || '_by:' || new.reviewer_id, 1)
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;
CREATE TRIGGER screening_decision_counted_delete AFTER DELETE ON screening_decision
BEGIN
  UPDATE review_counter SET value = value - 1
  WHERE review_id = old.review_id AND name = (CASE old.stage WHEN 'title_abstract' THEN 'ta' ELSE 'ft' END) || '_by:' || old.reviewer_id;
END;

-- Every change of a decision (a reviewer's or a final one), appended: who, when, old -> new.
CREATE TABLE screening_event (
  id INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES review(id),
  record_id INTEGER NOT NULL,
  stage TEXT NOT NULL CHECK (stage IN ('title_abstract', 'full_text')),
  kind TEXT NOT NULL CHECK (kind IN ('decision', 'final', 'retrieval')),
  -- Whose decision changed (kind 'decision'); NULL for a final decision or a retrieval change.
  reviewer_id INTEGER REFERENCES account(id),
  actor_id INTEGER NOT NULL REFERENCES account(id),
  -- {decision, reasonId, note, labels} or null (no decision), before and after the change.
  before_json TEXT,
  after_json TEXT,
  -- The event this one undid, when it was an undo.
  undoes INTEGER REFERENCES screening_event(id),
  at TEXT NOT NULL
);
CREATE INDEX screening_event_record ON screening_event(record_id, id);
CREATE INDEX screening_event_actor ON screening_event(review_id, stage, actor_id, id);
CREATE INDEX screening_event_undoes ON screening_event(undoes) WHERE undoes IS NOT NULL;
CREATE TRIGGER screening_event_append_only_update BEFORE UPDATE ON screening_event
BEGIN SELECT RAISE(ABORT, 'screening_event is append-only'); END;
CREATE TRIGGER screening_event_append_only_delete BEFORE DELETE ON screening_event
BEGIN SELECT RAISE(ABORT, 'screening_event is append-only'); END;

-- The full text of a record: a PDF stored by hash under data/fulltexts, a link, or "not retrieved".
CREATE TABLE full_text (
  record_id INTEGER PRIMARY KEY REFERENCES record(id),
  review_id INTEGER NOT NULL REFERENCES review(id),
  pdf_sha256 TEXT,
  pdf_name TEXT,
  pdf_size INTEGER,
  url TEXT,
  updated_by INTEGER REFERENCES account(id),
  updated_at TEXT NOT NULL
);

-- Which dashboard counters an item adds to, by stage, status and outcome (NULL: any). The triggers
-- below keep review_counter exact for every insert, change and delete of an item, including a
-- record becoming a duplicate and back, whoever makes the change.
CREATE TABLE screening_counter_map (
  stage TEXT NOT NULL,
  status TEXT,
  outcome TEXT,
  name TEXT NOT NULL
);
INSERT INTO screening_counter_map (stage, status, outcome, name) VALUES
  ('title_abstract', NULL, NULL, 'ta_items'),
  ('title_abstract', 'decided', NULL, 'ta_screened'),
  ('title_abstract', 'decided', 'include', 'ta_included'),
  ('title_abstract', 'decided', 'maybe', 'ta_maybe'),
  ('title_abstract', 'decided', 'exclude', 'ta_excluded'),
  ('title_abstract', 'conflict', NULL, 'ta_conflicts'),
  ('full_text', NULL, NULL, 'ft_items'),
  ('full_text', 'decided', NULL, 'ft_assessed'),
  ('full_text', 'decided', 'include', 'ft_included'),
  ('full_text', 'decided', 'maybe', 'ft_maybe'),
  ('full_text', 'decided', 'exclude', 'ft_excluded'),
  ('full_text', 'conflict', NULL, 'ft_conflicts'),
  ('full_text', 'not_retrieved', NULL, 'ft_not_retrieved');

CREATE TRIGGER screening_item_counted_insert AFTER INSERT ON screening_item WHEN new.active = 1
BEGIN
  INSERT INTO review_counter (review_id, name, value)
  SELECT new.review_id, m.name, 1 FROM screening_counter_map m
  WHERE m.stage = new.stage AND (m.status IS NULL OR m.status = new.status) AND (m.outcome IS NULL OR m.outcome IS new.outcome)
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + excluded.value;
END;

CREATE TRIGGER screening_item_counted_delete AFTER DELETE ON screening_item WHEN old.active = 1
BEGIN
  INSERT INTO review_counter (review_id, name, value)
  SELECT old.review_id, m.name, -1 FROM screening_counter_map m
  WHERE m.stage = old.stage AND (m.status IS NULL OR m.status = old.status) AND (m.outcome IS NULL OR m.outcome IS old.outcome)
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + excluded.value;
END;

CREATE TRIGGER screening_item_counted_update AFTER UPDATE OF status, outcome, active ON screening_item
WHEN old.status IS NOT new.status OR old.outcome IS NOT new.outcome OR old.active IS NOT new.active
BEGIN
  INSERT INTO review_counter (review_id, name, value)
  SELECT old.review_id, m.name, -1 FROM screening_counter_map m
  WHERE old.active = 1 AND m.stage = old.stage AND (m.status IS NULL OR m.status = old.status) AND (m.outcome IS NULL OR m.outcome IS old.outcome)
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + excluded.value;
  INSERT INTO review_counter (review_id, name, value)
  SELECT new.review_id, m.name, 1 FROM screening_counter_map m
  WHERE new.active = 1 AND m.stage = new.stage AND (m.status IS NULL OR m.status = new.status) AND (m.outcome IS NULL OR m.outcome IS new.outcome)
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + excluded.value;
END;

-- A record that becomes a duplicate leaves screening (and its counts); undoing the merge brings it back.
CREATE TRIGGER record_duplicate_leaves_screening AFTER UPDATE OF duplicate_of ON record
WHEN (old.duplicate_of IS NULL) IS NOT (new.duplicate_of IS NULL)
BEGIN
  UPDATE screening_item SET active = (new.duplicate_of IS NULL) WHERE record_id = new.id;
END;

-- The old single conflicts counter is split per stage above.
DELETE FROM review_counter WHERE name = 'conflicts';
