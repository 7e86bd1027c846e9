-- Reports grouped into one study (or separated) change what the synthesis reads: its studies are
-- the included reports grouped by `versions` pairs (src/studies/included-studies.ts). Bump the
-- synthesis cache's counter (migration 0009) whenever a pair enters or leaves `versions`.

CREATE TRIGGER synthesis_version_pair_insert AFTER INSERT ON duplicate_pair WHEN new.status = 'versions'
BEGIN
  INSERT INTO review_counter (review_id, name, value) VALUES (new.review_id, 'synthesis_version', 1)
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_pair_update AFTER UPDATE OF status ON duplicate_pair
WHEN (old.status = 'versions') <> (new.status = 'versions')
BEGIN
  INSERT INTO review_counter (review_id, name, value) VALUES (new.review_id, 'synthesis_version', 1)
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_pair_delete AFTER DELETE ON duplicate_pair WHEN old.status = 'versions'
BEGIN
  INSERT INTO review_counter (review_id, name, value) VALUES (old.review_id, 'synthesis_version', 1)
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;
