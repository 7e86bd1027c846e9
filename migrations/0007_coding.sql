-- Coding the included studies against a codebook, a data-extraction form, and the PRISMA boxes no
-- data can fill. Studies are records whose full-text outcome is "include" (screening_item).

-- The codebook: groups, codes and sub-codes (parent_id; at most three levels, checked by the service).
CREATE TABLE code (
  id INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
  parent_id INTEGER REFERENCES code(id),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  -- #rrggbb, lower case.
  colour TEXT NOT NULL DEFAULT '#5b7db1',
  position INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX code_review ON code(review_id, parent_id, position);

-- A code applied to a whole study (a record), by someone.
CREATE TABLE study_code (
  record_id INTEGER NOT NULL REFERENCES record(id),
  code_id INTEGER NOT NULL REFERENCES code(id),
  review_id INTEGER NOT NULL REFERENCES review(id),
  created_by INTEGER REFERENCES account(id),
  created_at TEXT NOT NULL,
  PRIMARY KEY (record_id, code_id)
);
CREATE INDEX study_code_code ON study_code(code_id);
CREATE INDEX study_code_review ON study_code(review_id, record_id);

-- A quoted passage of a study, where it stands (page or location), its codes and a memo.
CREATE TABLE excerpt (
  id INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES review(id),
  record_id INTEGER NOT NULL REFERENCES record(id),
  text TEXT NOT NULL,
  location TEXT NOT NULL DEFAULT '',
  memo TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES account(id),
  created_at TEXT NOT NULL,
  updated_by INTEGER REFERENCES account(id),
  updated_at TEXT NOT NULL
);
CREATE INDEX excerpt_record ON excerpt(record_id, id);
CREATE INDEX excerpt_review ON excerpt(review_id, record_id);

CREATE TABLE excerpt_code (
  excerpt_id INTEGER NOT NULL REFERENCES excerpt(id) ON DELETE CASCADE,
  code_id INTEGER NOT NULL REFERENCES code(id),
  PRIMARY KEY (excerpt_id, code_id)
);
CREATE INDEX excerpt_code_code ON excerpt_code(code_id);

-- One memo per study.
CREATE TABLE study_memo (
  record_id INTEGER PRIMARY KEY REFERENCES record(id),
  review_id INTEGER NOT NULL REFERENCES review(id),
  text TEXT NOT NULL DEFAULT '',
  updated_by INTEGER REFERENCES account(id),
  updated_at TEXT NOT NULL
);

-- The review's extraction form: typed fields in order.
CREATE TABLE extraction_field (
  id INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  label TEXT NOT NULL,
  help TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('short_text', 'long_text', 'number', 'year', 'single_choice', 'multiple_choice', 'jurisdiction', 'yes_no_unclear')),
  -- For choices: a JSON array of the options offered.
  choices_json TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL
);
CREATE INDEX extraction_field_review ON extraction_field(review_id, position);

-- A study's value for a field: JSON (a string, a number, or an array for multiple choice).
CREATE TABLE extraction_value (
  record_id INTEGER NOT NULL REFERENCES record(id),
  field_id INTEGER NOT NULL REFERENCES extraction_field(id) ON DELETE CASCADE,
  review_id INTEGER NOT NULL REFERENCES review(id),
  value_json TEXT NOT NULL,
  updated_by INTEGER REFERENCES account(id),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (record_id, field_id)
);
CREATE INDEX extraction_value_review ON extraction_value(review_id, record_id);

-- Where a study's extraction stands.
CREATE TABLE extraction_status (
  record_id INTEGER PRIMARY KEY REFERENCES record(id),
  review_id INTEGER NOT NULL REFERENCES review(id),
  status TEXT NOT NULL CHECK (status IN ('in_progress', 'complete')),
  updated_by INTEGER REFERENCES account(id),
  updated_at TEXT NOT NULL
);

-- PRISMA 2020 boxes no data in Coreview can fill (other methods, automation tools...), by key.
CREATE TABLE prisma_box (
  review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
  box TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_by INTEGER REFERENCES account(id),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (review_id, box)
);
