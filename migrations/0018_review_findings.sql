-- Review findings and their GRADE-CERQual assessment (issue 13): a statement the analyst writes, in
-- the order the Summary of Qualitative Findings table shows them, optionally tied to a theme (a code),
-- to the studies contributing to it and to supporting excerpts. The four CERQual components each carry
-- a level of concern and an explanation; the overall assessment of confidence carries its own
-- explanation. A level is NULL until it is assessed. Contributing studies are stored by the study's
-- lead report (record id) when written and read over all of a study's reports
-- (src/findings/findings-queries.ts), so grouping reports later loses nothing.

CREATE TABLE review_finding (
  id INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  statement TEXT NOT NULL,
  -- The theme; a deleted code leaves the finding without one.
  code_id INTEGER REFERENCES code(id) ON DELETE SET NULL,
  methodological_limitations TEXT CHECK (methodological_limitations IN ('none', 'minor', 'moderate', 'serious')),
  methodological_limitations_explanation TEXT NOT NULL DEFAULT '',
  coherence TEXT CHECK (coherence IN ('none', 'minor', 'moderate', 'serious')),
  coherence_explanation TEXT NOT NULL DEFAULT '',
  adequacy TEXT CHECK (adequacy IN ('none', 'minor', 'moderate', 'serious')),
  adequacy_explanation TEXT NOT NULL DEFAULT '',
  relevance TEXT CHECK (relevance IN ('none', 'minor', 'moderate', 'serious')),
  relevance_explanation TEXT NOT NULL DEFAULT '',
  confidence TEXT CHECK (confidence IN ('high', 'moderate', 'low', 'very_low')),
  confidence_explanation TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES account(id),
  created_at TEXT NOT NULL,
  updated_by INTEGER REFERENCES account(id),
  updated_at TEXT NOT NULL
);
CREATE INDEX review_finding_review ON review_finding(review_id, position);

-- The studies contributing to a finding, by the lead report they had when written.
CREATE TABLE review_finding_study (
  finding_id INTEGER NOT NULL REFERENCES review_finding(id) ON DELETE CASCADE,
  record_id INTEGER NOT NULL REFERENCES record(id),
  review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
  PRIMARY KEY (finding_id, record_id)
);
CREATE INDEX review_finding_study_review ON review_finding_study(review_id);

-- Excerpts supporting a finding; a deleted excerpt (its text kept in the history) leaves it.
CREATE TABLE review_finding_excerpt (
  finding_id INTEGER NOT NULL REFERENCES review_finding(id) ON DELETE CASCADE,
  excerpt_id INTEGER NOT NULL REFERENCES excerpt(id) ON DELETE CASCADE,
  review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
  PRIMARY KEY (finding_id, excerpt_id)
);
CREATE INDEX review_finding_excerpt_review ON review_finding_excerpt(review_id);
CREATE INDEX review_finding_excerpt_excerpt ON review_finding_excerpt(excerpt_id);

-- The chapter quotes each finding's confidence: every change bumps the synthesis cache version, as
-- migrations/0009_synthesis_version.sql does for the rest of its data.

CREATE TRIGGER synthesis_version_review_finding_insert AFTER INSERT ON review_finding
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_review_finding_update AFTER UPDATE ON review_finding
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_review_finding_delete AFTER DELETE ON review_finding
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT old.review_id, 'synthesis_version', 1 WHERE old.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_review_finding_study_insert AFTER INSERT ON review_finding_study
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_review_finding_study_delete AFTER DELETE ON review_finding_study
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT old.review_id, 'synthesis_version', 1 WHERE old.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_review_finding_excerpt_insert AFTER INSERT ON review_finding_excerpt
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT new.review_id, 'synthesis_version', 1 WHERE new.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER synthesis_version_review_finding_excerpt_delete AFTER DELETE ON review_finding_excerpt
BEGIN
  INSERT INTO review_counter (review_id, name, value) SELECT old.review_id, 'synthesis_version', 1 WHERE old.review_id IS NOT NULL
  ON CONFLICT (review_id, name) DO UPDATE SET value = value + 1;
END;
