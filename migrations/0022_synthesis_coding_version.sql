-- The synthesis cache (src/synthesis/synthesis-cache.ts) reloads everything when synthesis_version
-- moves. Most changes are coding: this second counter moves with exactly the coding writes that move
-- synthesis_version (same tables, same conditions as 0009), so when both moved by the same amount
-- since the cache was filled, only coding changed and the cache reloads the coding alone.

CREATE TRIGGER synthesis_coding_version_study_code_insert AFTER INSERT ON study_code
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_coding_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_coding_version_study_code_update AFTER UPDATE ON study_code
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_coding_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_coding_version_study_code_delete AFTER DELETE ON study_code
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT old.review_id, 'synthesis_coding_version', 1 WHERE old.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_coding_version_excerpt_insert AFTER INSERT ON excerpt
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_coding_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_coding_version_excerpt_update AFTER UPDATE ON excerpt
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_coding_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_coding_version_excerpt_delete AFTER DELETE ON excerpt
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT old.review_id, 'synthesis_coding_version', 1 WHERE old.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_coding_version_study_memo_insert AFTER INSERT ON study_memo
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_coding_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_coding_version_study_memo_update AFTER UPDATE ON study_memo
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_coding_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_coding_version_study_memo_delete AFTER DELETE ON study_memo
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT old.review_id, 'synthesis_coding_version', 1 WHERE old.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_coding_version_excerpt_code_insert AFTER INSERT ON excerpt_code
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT (SELECT review_id FROM excerpt WHERE id = new.excerpt_id), 'synthesis_coding_version', 1 WHERE (SELECT review_id FROM excerpt WHERE id = new.excerpt_id) IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_coding_version_excerpt_code_delete AFTER DELETE ON excerpt_code
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT (SELECT review_id FROM excerpt WHERE id = old.excerpt_id), 'synthesis_coding_version', 1 WHERE (SELECT review_id FROM excerpt WHERE id = old.excerpt_id) IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;
