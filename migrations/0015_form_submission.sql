-- Forms that create something (an excerpt, a code, a criterion, a review…) carry a one-time token
-- (src/http/form-token.ts). The first submission that creates with a token writes its row here in
-- the same transaction as what it created; a second submission with the same token and fields (a
-- double click, a resent request) finds the row and is answered with what the first created,
-- instead of creating it again. A row is written exactly when its creation is. Tokens are
-- accepted for as long as a session lasts; older rows are deleted as new ones are written.
CREATE TABLE form_submission (
  -- The token's random part and a digest of the fields sent; the token's signature ties it to
  -- this account and form.
  token TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES account(id),
  -- The path the form posted to.
  form TEXT NOT NULL,
  -- What the creation returned (its new id, as JSON), to answer a repeat the same way.
  result_json TEXT NOT NULL,
  created_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE INDEX form_submission_created_at ON form_submission(created_at);
