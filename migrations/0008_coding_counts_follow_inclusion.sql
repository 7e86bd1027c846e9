-- The coding counters (studies_coded, excerpts) count included studies only. A study that stops
-- being included (its full-text outcome changes, or it is merged as a duplicate) keeps its coding,
-- so the counters must follow its inclusion, whoever changes it: screening knows nothing of coding.
CREATE TRIGGER coding_counts_follow_inclusion AFTER UPDATE OF status, outcome, active ON screening_item
WHEN new.stage = 'full_text'
  AND (old.status = 'decided' AND old.outcome IS 'include' AND old.active = 1) IS NOT (new.status = 'decided' AND new.outcome IS 'include' AND new.active = 1)
BEGIN
  INSERT INTO review_counter (review_id, name, value)
  SELECT new.review_id, 'studies_coded', CASE WHEN new.status = 'decided' AND new.outcome IS 'include' AND new.active = 1 THEN 1 ELSE -1 END
  WHERE EXISTS (SELECT 1 FROM study_code WHERE record_id = new.record_id) OR EXISTS (SELECT 1 FROM excerpt WHERE record_id = new.record_id)
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + excluded.value;
  INSERT INTO review_counter (review_id, name, value)
  SELECT new.review_id, 'excerpts', (CASE WHEN new.status = 'decided' AND new.outcome IS 'include' AND new.active = 1 THEN 1 ELSE -1 END) * count(*)
  FROM excerpt WHERE record_id = new.record_id
  HAVING count(*) > 0
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + excluded.value;
END;
