-- Indexes behind the records pages at 50,000 records a review: sorting by title or first author,
-- and filtering by type, read an index instead of every (large) record row; a record's edit
-- history is found without walking the review's whole audit trail.
CREATE INDEX record_review_title ON record(review_id, title COLLATE NOCASE);
CREATE INDEX record_review_first_author ON record(review_id, first_author COLLATE NOCASE);
CREATE INDEX record_review_type ON record(review_id, type);
CREATE INDEX audit_event_entity ON audit_event(entity, entity_id);
