-- Prioritised screening (src/ranker/): a stage may offer records in the order of a model's predicted
-- relevance, trained on the stage's settled outcomes, with a statistical stopping estimate.

-- 'relevance' joins the orders, each stage names the recall its stopping estimate aims for, and an
-- owner may record that title/abstract screening stopped on that estimate: PRISMA then counts the
-- records left unscreened as marked ineligible by an automation tool, and nobody is offered them.
-- (SQLite cannot change a CHECK in place: the table is rebuilt; nothing references it.)
CREATE TABLE screening_setting_next (
  review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
  stage TEXT NOT NULL CHECK (stage IN ('title_abstract', 'full_text')),
  reviewers_needed INTEGER NOT NULL DEFAULT 1 CHECK (reviewers_needed BETWEEN 1 AND 5),
  blind INTEGER NOT NULL DEFAULT 0 CHECK (blind IN (0, 1)),
  record_order TEXT NOT NULL DEFAULT 'import' CHECK (record_order IN ('import', 'random', 'year_newest', 'year_oldest', 'relevance')),
  order_seed INTEGER NOT NULL DEFAULT 1,
  maybe_advances INTEGER NOT NULL DEFAULT 1 CHECK (maybe_advances IN (0, 1)),
  arbiter_id INTEGER REFERENCES account(id),
  items_through INTEGER NOT NULL DEFAULT 0,
  recall_target REAL NOT NULL DEFAULT 0.95 CHECK (recall_target IN (0.95, 0.9)),
  stopped_at TEXT,
  stopped_by INTEGER REFERENCES account(id),
  PRIMARY KEY (review_id, stage),
  CHECK (stopped_at IS NULL OR (stage = 'title_abstract' AND record_order = 'relevance'))
);
INSERT INTO screening_setting_next (review_id, stage, reviewers_needed, blind, record_order, order_seed, maybe_advances, arbiter_id, items_through)
SELECT review_id, stage, reviewers_needed, blind, record_order, order_seed, maybe_advances, arbiter_id, items_through FROM screening_setting;
DROP TABLE screening_setting;
ALTER TABLE screening_setting_next RENAME TO screening_setting;

-- Each record's words and word pairs (hashed, with counts: src/ranking/text-features.ts), built by
-- the ranker thread when a record arrives or its title or abstract changes. NULL terms: to be built.
-- Derived data: not in backups' review archives, rebuilt from the records.
CREATE TABLE record_terms (
  record_id INTEGER PRIMARY KEY REFERENCES record(id) ON DELETE CASCADE,
  review_id INTEGER NOT NULL,
  terms BLOB
);
CREATE INDEX record_terms_review ON record_terms(review_id, record_id);
CREATE INDEX record_terms_pending ON record_terms(review_id, record_id) WHERE terms IS NULL;
INSERT INTO record_terms (record_id, review_id) SELECT id, review_id FROM record;

CREATE TRIGGER record_terms_follow_insert AFTER INSERT ON record
BEGIN
  INSERT INTO record_terms (record_id, review_id) VALUES (new.id, new.review_id);
END;

CREATE TRIGGER record_terms_follow_text AFTER UPDATE OF title, abstract ON record
WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract
BEGIN
  UPDATE record_terms SET terms = NULL WHERE record_id = new.id;
END;

-- Where a stage's relevance order stands. `version` moves with everything the order is made of: an
-- item added or removed, an outcome settled or changed, a record becoming a duplicate or back, the
-- order or seed changed. `ranked_version` is the version the current sort keys were computed from;
-- the ranker works while they differ, so decisions arriving during a training coalesce into one
-- more, and an interrupted ranking resumes after a restart. A single vote in a stage that needs two
-- changes no status, so it never moves the order (blinding holds).
CREATE TABLE ranking_stage (
  review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
  stage TEXT NOT NULL CHECK (stage IN ('title_abstract', 'full_text')),
  version INTEGER NOT NULL DEFAULT 1,
  ranked_version INTEGER NOT NULL DEFAULT 0,
  -- The last ranking: 'seeded' (no model yet: fewer than one include and one exclude) or 'model'.
  ranked_by TEXT CHECK (ranked_by IN ('seeded', 'model')),
  relevant_labels INTEGER NOT NULL DEFAULT 0,
  irrelevant_labels INTEGER NOT NULL DEFAULT 0,
  ranked_at TEXT,
  rank_ms INTEGER,
  -- The stopping estimate and the found-against-screened curve at that ranking (JSON, see src/ranker/stopping-estimate.ts).
  estimate_json TEXT,
  PRIMARY KEY (review_id, stage)
);

CREATE TRIGGER ranking_stage_item_insert AFTER INSERT ON screening_item
BEGIN
  INSERT INTO ranking_stage (review_id, stage) VALUES (new.review_id, new.stage)
  ON CONFLICT (review_id, stage) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER ranking_stage_item_update AFTER UPDATE OF status, outcome, active ON screening_item
WHEN old.status IS NOT new.status OR old.outcome IS NOT new.outcome OR old.active IS NOT new.active
BEGIN
  INSERT INTO ranking_stage (review_id, stage) VALUES (new.review_id, new.stage)
  ON CONFLICT (review_id, stage) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER ranking_stage_item_delete AFTER DELETE ON screening_item
BEGIN
  INSERT INTO ranking_stage (review_id, stage) VALUES (old.review_id, old.stage)
  ON CONFLICT (review_id, stage) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER ranking_stage_order_changed AFTER UPDATE OF record_order, order_seed ON screening_setting
WHEN old.record_order IS NOT new.record_order OR old.order_seed IS NOT new.order_seed
BEGIN
  INSERT INTO ranking_stage (review_id, stage) VALUES (new.review_id, new.stage)
  ON CONFLICT (review_id, stage) DO UPDATE SET version = version + 1;
END;

INSERT INTO ranking_stage (review_id, stage)
SELECT DISTINCT review_id, stage FROM screening_item WHERE true
ON CONFLICT (review_id, stage) DO NOTHING;
