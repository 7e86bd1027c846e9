-- The synthesis page keeps the review's synthesis data in memory (src/synthesis/synthesis-cache.ts)
-- and reuses it while this counter stands still. Every change the data is made of bumps it, whoever
-- makes it: the codebook, coding, extraction, inclusion at full text, record edits, the review's title.
-- (A renamed account shows under its old name on the page until the next change.)

CREATE TRIGGER synthesis_version_code_insert AFTER INSERT ON code
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_code_update AFTER UPDATE ON code
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_code_delete AFTER DELETE ON code
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT old.review_id, 'synthesis_version', 1 WHERE old.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_study_code_insert AFTER INSERT ON study_code
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_study_code_update AFTER UPDATE ON study_code
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_study_code_delete AFTER DELETE ON study_code
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT old.review_id, 'synthesis_version', 1 WHERE old.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_excerpt_insert AFTER INSERT ON excerpt
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_excerpt_update AFTER UPDATE ON excerpt
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_excerpt_delete AFTER DELETE ON excerpt
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT old.review_id, 'synthesis_version', 1 WHERE old.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_study_memo_insert AFTER INSERT ON study_memo
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_study_memo_update AFTER UPDATE ON study_memo
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_study_memo_delete AFTER DELETE ON study_memo
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT old.review_id, 'synthesis_version', 1 WHERE old.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_extraction_field_insert AFTER INSERT ON extraction_field
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_extraction_field_update AFTER UPDATE ON extraction_field
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_extraction_field_delete AFTER DELETE ON extraction_field
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT old.review_id, 'synthesis_version', 1 WHERE old.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_extraction_value_insert AFTER INSERT ON extraction_value
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_extraction_value_update AFTER UPDATE ON extraction_value
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_extraction_value_delete AFTER DELETE ON extraction_value
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT old.review_id, 'synthesis_version', 1 WHERE old.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_extraction_status_insert AFTER INSERT ON extraction_status
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_extraction_status_update AFTER UPDATE ON extraction_status
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_extraction_status_delete AFTER DELETE ON extraction_status
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT old.review_id, 'synthesis_version', 1 WHERE old.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_excerpt_code_insert AFTER INSERT ON excerpt_code
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT (SELECT review_id FROM excerpt WHERE id = new.excerpt_id), 'synthesis_version', 1 WHERE (SELECT review_id FROM excerpt WHERE id = new.excerpt_id) IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_excerpt_code_delete AFTER DELETE ON excerpt_code
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT (SELECT review_id FROM excerpt WHERE id = old.excerpt_id), 'synthesis_version', 1 WHERE (SELECT review_id FROM excerpt WHERE id = old.excerpt_id) IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_screening_item_insert AFTER INSERT ON screening_item WHEN new.stage = 'full_text'
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_screening_item_update AFTER UPDATE ON screening_item WHEN new.stage = 'full_text'
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_screening_item_delete AFTER DELETE ON screening_item WHEN old.stage = 'full_text'
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT old.review_id, 'synthesis_version', 1 WHERE old.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_record_update AFTER UPDATE ON record
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_review_update AFTER UPDATE OF title ON review
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.id, 'synthesis_version', 1 WHERE new.id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;
