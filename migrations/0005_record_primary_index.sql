-- Lists and counts show works, not copies (duplicate_of IS NULL): this index serves them in import
-- order without reading the rows of duplicates.
CREATE INDEX record_review_primary ON record(review_id, id) WHERE duplicate_of IS NULL;
