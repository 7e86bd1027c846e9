-- Failed sign-ins, so that every Coreview process on one database counts them together (they were
-- counted in one process's memory). A row is written before the password is checked and removed when
-- the sign-in succeeds: parallel guesses, on any process, each take a place under the limit first.
CREATE TABLE sign_in_failure (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX sign_in_failure_key_at ON sign_in_failure (key, at);
