-- Quality appraisal of the included studies (issue 13): the review's instrument and whether one or
-- two people appraise each study, a custom instrument the owner defines, each appraiser's answers
-- per study, and the consensus two appraisers reach. Rows are keyed by the study's lead report
-- (record id) when written and read over all of a study's reports (src/appraisal/appraisal-queries.ts).

-- Which instrument the review uses and how many people appraise each study (absent: CASP, one).
CREATE TABLE appraisal_setting (
  review_id INTEGER PRIMARY KEY REFERENCES review(id) ON DELETE CASCADE,
  instrument TEXT NOT NULL,
  appraisers INTEGER NOT NULL CHECK (appraisers IN (1, 2)),
  updated_by INTEGER REFERENCES account(id),
  updated_at TEXT NOT NULL
);

-- The review's own instrument: questions [{id, text}] and answer options [{key, label}] as JSON.
CREATE TABLE appraisal_custom_instrument (
  review_id INTEGER PRIMARY KEY REFERENCES review(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  questions_json TEXT NOT NULL,
  answers_json TEXT NOT NULL,
  updated_by INTEGER REFERENCES account(id),
  updated_at TEXT NOT NULL
);

-- One appraiser's appraisal of a study: answers {questionId: {answer, comment}} as JSON, the MMAT
-- category ('' for other instruments), an overall judgement and a note; finished_at once handed in.
CREATE TABLE study_appraisal (
  review_id INTEGER NOT NULL REFERENCES review(id),
  record_id INTEGER NOT NULL REFERENCES record(id),
  appraiser_id INTEGER NOT NULL REFERENCES account(id),
  instrument TEXT NOT NULL,
  category TEXT NOT NULL DEFAULT '',
  answers_json TEXT NOT NULL DEFAULT '{}',
  overall TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  finished_at TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (record_id, appraiser_id)
);
CREATE INDEX study_appraisal_review ON study_appraisal(review_id, record_id);

-- What two appraisers agreed on a study, recorded by one person.
CREATE TABLE appraisal_consensus (
  record_id INTEGER PRIMARY KEY REFERENCES record(id),
  review_id INTEGER NOT NULL REFERENCES review(id),
  instrument TEXT NOT NULL,
  category TEXT NOT NULL DEFAULT '',
  answers_json TEXT NOT NULL,
  overall TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  decided_by INTEGER REFERENCES account(id),
  decided_at TEXT NOT NULL
);
CREATE INDEX appraisal_consensus_review ON appraisal_consensus(review_id);

-- The synthesis shows appraisal (a matrix column, a sensitivity filter): every change bumps its
-- cache version, as migrations/0009_synthesis_version.sql does for the rest of its data.

CREATE TRIGGER synthesis_version_appraisal_setting_insert AFTER INSERT ON appraisal_setting
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_appraisal_setting_update AFTER UPDATE ON appraisal_setting
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_appraisal_setting_delete AFTER DELETE ON appraisal_setting
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT old.review_id, 'synthesis_version', 1 WHERE old.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_appraisal_custom_instrument_insert AFTER INSERT ON appraisal_custom_instrument
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_appraisal_custom_instrument_update AFTER UPDATE ON appraisal_custom_instrument
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_appraisal_custom_instrument_delete AFTER DELETE ON appraisal_custom_instrument
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT old.review_id, 'synthesis_version', 1 WHERE old.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_study_appraisal_insert AFTER INSERT ON study_appraisal
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_study_appraisal_update AFTER UPDATE ON study_appraisal
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_study_appraisal_delete AFTER DELETE ON study_appraisal
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT old.review_id, 'synthesis_version', 1 WHERE old.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_appraisal_consensus_insert AFTER INSERT ON appraisal_consensus
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_appraisal_consensus_update AFTER UPDATE ON appraisal_consensus
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_appraisal_consensus_delete AFTER DELETE ON appraisal_consensus
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT old.review_id, 'synthesis_version', 1 WHERE old.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;
