-- Charting (issue 13): in the framework method (Ritchie & Spencer) and best-fit framework synthesis
-- (Carroll et al.) each cell of the framework matrix holds a short summary the analyst writes, linked
-- to the excerpts behind it. Two kinds of cell (src/charting/chart-summaries.ts):

-- A study × theme cell. The study is stored by its lead report (record id) when written and read
-- over all of its reports, so grouping reports later never hides a summary.
CREATE TABLE study_chart_summary (
  review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
  record_id INTEGER NOT NULL REFERENCES record(id),
  -- A theme deleted or merged away takes its summaries with it (the history keeps their text).
  theme_id INTEGER NOT NULL REFERENCES code(id) ON DELETE CASCADE,
  summary TEXT NOT NULL,
  updated_by INTEGER REFERENCES account(id),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (record_id, theme_id)
);
CREATE INDEX study_chart_summary_review ON study_chart_summary(review_id);
CREATE INDEX study_chart_summary_theme ON study_chart_summary(theme_id);

-- A theme × level × direction cell within a jurisdiction. A NULL level or direction means "any";
-- jurisdiction is a label of the framework's jurisdictions ('Other' included), '' for all of them.
CREATE TABLE framework_chart_summary (
  review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
  theme_id INTEGER NOT NULL REFERENCES code(id) ON DELETE CASCADE,
  level_id INTEGER REFERENCES code(id) ON DELETE CASCADE,
  direction_id INTEGER REFERENCES code(id) ON DELETE CASCADE,
  jurisdiction TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL,
  updated_by INTEGER REFERENCES account(id),
  updated_at TEXT NOT NULL
);
-- One row per cell: UNIQUE treats NULLs as distinct, so "any" is keyed as 0 (no code has id 0).
CREATE UNIQUE INDEX framework_chart_summary_cell ON framework_chart_summary(review_id, theme_id, coalesce(level_id, 0), coalesce(direction_id, 0), jurisdiction);
CREATE INDEX framework_chart_summary_level ON framework_chart_summary(level_id);
CREATE INDEX framework_chart_summary_direction ON framework_chart_summary(direction_id);
CREATE INDEX framework_chart_summary_theme ON framework_chart_summary(theme_id);

-- The chapter quotes the charted summaries: every change bumps the synthesis cache version, as
-- migrations/0009_synthesis_version.sql does for the rest of its data.

CREATE TRIGGER synthesis_version_study_chart_summary_insert AFTER INSERT ON study_chart_summary
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_study_chart_summary_update AFTER UPDATE ON study_chart_summary
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_study_chart_summary_delete AFTER DELETE ON study_chart_summary
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT old.review_id, 'synthesis_version', 1 WHERE old.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_framework_chart_summary_insert AFTER INSERT ON framework_chart_summary
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_framework_chart_summary_update AFTER UPDATE ON framework_chart_summary
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_framework_chart_summary_delete AFTER DELETE ON framework_chart_summary
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT old.review_id, 'synthesis_version', 1 WHERE old.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;
