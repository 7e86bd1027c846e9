-- Independent double coding (issue 13, point 6). The review's coding mode; in double mode each study
-- gets two passes by two members, blind to each other until both are finished, then a consensus
-- builds the study's agreed coding. The agreed coding stays in study_code / excerpt / excerpt_code,
-- which everything after coding reads (synthesis, counters, exports); the passes live apart here, so
-- no reader of the agreed coding can ever count a coder's pass. Rows are keyed by the study's lead
-- report when written and read over all of a study's reports (src/double-coding/pass-queries.ts).

-- 'shared' (absent: everyone codes the one coding) or 'double'.
CREATE TABLE coding_setting (
  review_id INTEGER PRIMARY KEY REFERENCES review(id) ON DELETE CASCADE,
  mode TEXT NOT NULL CHECK (mode IN ('shared', 'double')),
  updated_by INTEGER REFERENCES account(id),
  updated_at TEXT NOT NULL
);

-- One coder's pass over a study; finished_at once they have handed it in.
CREATE TABLE coding_pass (
  review_id INTEGER NOT NULL REFERENCES review(id),
  record_id INTEGER NOT NULL REFERENCES record(id),
  coder_id INTEGER NOT NULL REFERENCES account(id),
  started_at TEXT NOT NULL,
  finished_at TEXT,
  PRIMARY KEY (record_id, coder_id)
);
CREATE INDEX coding_pass_review ON coding_pass(review_id, record_id);

-- Codes a coder applied to the study as a whole in their pass (record_id, coder_id: its pass; the
-- service deletes a pass's rows with it). A code deleted from the codebook leaves the passes with it.
CREATE TABLE pass_study_code (
  review_id INTEGER NOT NULL REFERENCES review(id),
  record_id INTEGER NOT NULL REFERENCES record(id),
  coder_id INTEGER NOT NULL REFERENCES account(id),
  code_id INTEGER NOT NULL REFERENCES code(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  PRIMARY KEY (record_id, coder_id, code_id)
);
CREATE INDEX pass_study_code_code ON pass_study_code(code_id);

-- An excerpt a coder quoted in their pass (record_id, coder_id: its pass); taken_excerpt_id is the agreed excerpt it became when
-- taken into the consensus as it is.
CREATE TABLE pass_excerpt (
  id INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES review(id),
  record_id INTEGER NOT NULL REFERENCES record(id),
  coder_id INTEGER NOT NULL REFERENCES account(id),
  text TEXT NOT NULL,
  location TEXT NOT NULL DEFAULT '',
  memo TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT '',
  translation TEXT NOT NULL DEFAULT '',
  translator TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  taken_excerpt_id INTEGER REFERENCES excerpt(id) ON DELETE SET NULL
);
CREATE INDEX pass_excerpt_pass ON pass_excerpt(record_id, coder_id, id);
CREATE INDEX pass_excerpt_review ON pass_excerpt(review_id, record_id);

CREATE TABLE pass_excerpt_code (
  pass_excerpt_id INTEGER NOT NULL REFERENCES pass_excerpt(id) ON DELETE CASCADE,
  code_id INTEGER NOT NULL REFERENCES code(id) ON DELETE CASCADE,
  PRIMARY KEY (pass_excerpt_id, code_id)
);
CREATE INDEX pass_excerpt_code_code ON pass_excerpt_code(code_id);

-- A study whose consensus a person declared complete.
CREATE TABLE coding_consensus (
  record_id INTEGER PRIMARY KEY REFERENCES record(id),
  review_id INTEGER NOT NULL REFERENCES review(id),
  completed_by INTEGER REFERENCES account(id),
  completed_at TEXT NOT NULL
);
CREATE INDEX coding_consensus_review ON coding_consensus(review_id);
