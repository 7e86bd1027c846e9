-- Accounts, sessions, reviews and their settings, stage counters and the audit history.

CREATE TABLE account (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  -- The instance owner: the first account, who adds and disables people.
  is_owner INTEGER NOT NULL DEFAULT 0 CHECK (is_owner IN (0, 1)),
  -- Set when the owner chose the password; cleared when its holder changes it.
  password_temporary INTEGER NOT NULL DEFAULT 0 CHECK (password_temporary IN (0, 1)),
  disabled_at TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE session (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX session_account ON session(account_id);

CREATE TABLE review (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  question TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  created_by INTEGER NOT NULL REFERENCES account(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE review_member (
  review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
  account_id INTEGER NOT NULL REFERENCES account(id),
  role TEXT NOT NULL CHECK (role IN ('owner', 'reviewer')),
  added_at TEXT NOT NULL,
  PRIMARY KEY (review_id, account_id)
);
CREATE INDEX review_member_account ON review_member(account_id);

-- Criteria and exclusion reasons are both ordered text lists of a review, kept in twin tables
-- so that later decisions can reference a reason by foreign key.
CREATE TABLE criterion (
  id INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
  list TEXT NOT NULL CHECK (list IN ('inclusion', 'exclusion')),
  position INTEGER NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX criterion_review ON criterion(review_id, list, position);

CREATE TABLE exclusion_reason (
  id INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
  list TEXT NOT NULL CHECK (list IN ('title_abstract', 'full_text')),
  position INTEGER NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX exclusion_reason_review ON exclusion_reason(review_id, list, position);

CREATE TABLE highlight_term (
  id INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
  polarity TEXT NOT NULL CHECK (polarity IN ('include', 'exclude')),
  term TEXT NOT NULL,
  UNIQUE (review_id, polarity, term)
);

-- Per-review counts shown on the dashboard, updated in the same transaction as the change
-- so that no page ever counts a whole review.
CREATE TABLE review_counter (
  review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  value INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (review_id, name)
);

CREATE TABLE audit_event (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor_id INTEGER REFERENCES account(id),
  review_id INTEGER REFERENCES review(id),
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT,
  before_json TEXT,
  after_json TEXT
);
CREATE INDEX audit_event_review ON audit_event(review_id, id);

CREATE TRIGGER audit_event_append_only_update BEFORE UPDATE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;
CREATE TRIGGER audit_event_append_only_delete BEFORE DELETE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;
