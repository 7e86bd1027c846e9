-- Who is looking at which record right now, so a team is spread over the records instead of all
-- being handed the same one (src/screening/screening-lease.ts). A lease steers which record is
-- offered; it never refuses a decision. Kept in the database, not in a process, so every app
-- process and worker sees the same leases.

-- At most one lease per reviewer per stage of a review (the primary key): taking the next record
-- replaces the last one. Expired rows are simply ignored, then overwritten by their holder's next
-- lease, so the table never holds more than one row per member and stage.
CREATE TABLE screening_lease (
  review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
  stage TEXT NOT NULL CHECK (stage IN ('title_abstract', 'full_text')),
  reviewer_id INTEGER NOT NULL REFERENCES account(id),
  record_id INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,
  -- Milliseconds since 1970 (UTC): a plain number compares fast and needs no parsing.
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (review_id, stage, reviewer_id)
);
-- "How many others are looking at this record now", asked of each candidate the queue walks past;
-- reviewer_id makes it a covering index (the holder's own lease does not count against them).
CREATE INDEX screening_lease_record ON screening_lease(record_id, stage, expires_at, reviewer_id);
