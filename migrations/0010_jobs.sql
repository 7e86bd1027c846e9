-- Work that outlives a request (reading an upload, storing it, a duplicate check) is a row here, so
-- a restart or a crash neither loses it nor hides it: whoever runs jobs claims a queued one with a
-- lease, renews the lease while working, and a job whose owner is gone is queued again.
CREATE TABLE job (
  id INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES review(id),
  kind TEXT NOT NULL CHECK (kind IN ('import-read', 'import-commit', 'dedup')),
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  -- What to do (JSON), and what came of it so far: handlers add to it as they write, so totals
  -- survive a job that is interrupted and resumed.
  payload_json TEXT NOT NULL DEFAULT '{}',
  result_json TEXT NOT NULL DEFAULT '{}',
  progress TEXT NOT NULL DEFAULT '',
  -- Shown to people as is.
  error TEXT,
  -- "host pid token" of the process running it, and until when its claim holds without renewal.
  claimed_by TEXT,
  lease_until TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER REFERENCES account(id),
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT
);
CREATE INDEX job_queue ON job(state, id);
CREATE INDEX job_review ON job(review_id, kind, id);

-- One upload from preview to stored records: its files, and the jobs that read, store and check it.
-- Its state is derived from those jobs (src/imports/upload-state.ts), never stored twice.
CREATE TABLE import_upload (
  id TEXT PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES review(id),
  -- sourceType, sourceName, searchedOn, query, notes as the form gave them.
  search_json TEXT NOT NULL,
  read_job_id INTEGER NOT NULL REFERENCES job(id),
  commit_job_id INTEGER REFERENCES job(id),
  dedup_job_id INTEGER REFERENCES job(id),
  cancelled_at TEXT,
  created_by INTEGER REFERENCES account(id),
  created_at TEXT NOT NULL
);
CREATE INDEX import_upload_review ON import_upload(review_id, created_at);

CREATE TABLE import_upload_file (
  upload_id TEXT NOT NULL REFERENCES import_upload(id),
  position INTEGER NOT NULL,
  file_name TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  -- The parser's report (FileSummary), once read; or why the file could not be read at all.
  summary_json TEXT,
  unreadable TEXT,
  -- The search this file became, from the first records stored on.
  batch_id INTEGER REFERENCES import_batch(id),
  PRIMARY KEY (upload_id, position)
);
