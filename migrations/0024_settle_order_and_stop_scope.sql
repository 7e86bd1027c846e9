-- Prioritised screening, made exact (issue 14 review):
-- 1. The stopping test reads records in the order they settled. Ordering by each record's latest
--    event moved a record to the end when only its note or labels changed; settled_seq is stamped
--    once, the first time an item becomes decided, and kept: a settings change that re-derives
--    every item, or an undo and a new decision, does not reorder what was screened.
-- 2. A recorded stop covers the records imported up to it (stopped_through, a record id): records
--    imported later are still to be screened, never counted as marked ineligible by automation.
-- 3. The stopping estimate is kept with what it was computed from (estimate_key), so a ranking
--    that changed nothing the test reads does not compute it again.
-- 4. The version of a relevance order also moves with the recall target and with an edited title
--    or abstract (whose terms are built again).

ALTER TABLE screening_item ADD COLUMN settled_seq INTEGER;
CREATE INDEX screening_item_settled ON screening_item(review_id, stage, settled_seq) WHERE settled_seq IS NOT NULL;

UPDATE screening_item AS i SET settled_seq = s.seq
FROM (
  SELECT record_id, stage, row_number() OVER (
    PARTITION BY review_id, stage
    ORDER BY (SELECT max(e.id) FROM screening_event e WHERE e.record_id = d.record_id AND e.stage = d.stage), record_id
  ) AS seq
  FROM screening_item d WHERE status = 'decided'
) AS s
WHERE i.record_id = s.record_id AND i.stage = s.stage;

CREATE TRIGGER screening_item_settles AFTER UPDATE OF status ON screening_item
WHEN new.status = 'decided' AND old.status IS NOT 'decided' AND new.settled_seq IS NULL
BEGIN
  UPDATE screening_item SET settled_seq = (
    SELECT coalesce(max(settled_seq), 0) + 1 FROM screening_item WHERE review_id = new.review_id AND stage = new.stage AND settled_seq IS NOT NULL
  ) WHERE record_id = new.record_id AND stage = new.stage;
END;

-- An item inserted already decided (a review archive from before this migration) settles on arrival.
CREATE TRIGGER screening_item_inserted_settled AFTER INSERT ON screening_item
WHEN new.status = 'decided' AND new.settled_seq IS NULL
BEGIN
  UPDATE screening_item SET settled_seq = (
    SELECT coalesce(max(settled_seq), 0) + 1 FROM screening_item WHERE review_id = new.review_id AND stage = new.stage AND settled_seq IS NOT NULL
  ) WHERE record_id = new.record_id AND stage = new.stage;
END;

ALTER TABLE screening_setting ADD COLUMN stopped_through INTEGER;
UPDATE screening_setting SET stopped_through = (SELECT max(id) FROM record WHERE record.review_id = screening_setting.review_id) WHERE stopped_at IS NOT NULL;

ALTER TABLE ranking_stage ADD COLUMN estimate_key TEXT;

CREATE TRIGGER ranking_stage_recall_changed AFTER UPDATE OF recall_target ON screening_setting
WHEN old.recall_target IS NOT new.recall_target
BEGIN
  INSERT INTO ranking_stage (review_id, stage) VALUES (new.review_id, new.stage)
  ON CONFLICT (review_id, stage) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER ranking_stage_terms_edited AFTER UPDATE OF terms ON record_terms
WHEN old.terms IS NOT NULL AND new.terms IS NULL
BEGIN
  UPDATE ranking_stage SET version = version + 1 WHERE review_id = new.review_id;
END;
