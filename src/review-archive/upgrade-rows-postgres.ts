import type { Query } from './archive-query.js';
import { DATA_MIGRATIONS } from './upgrade-rows.js';

/**
 * The data migrations of upgrade-rows.ts as PostgreSQL writes them. A PostgreSQL database starts at
 * the baseline (0024), past all of them, so its own migrations never needed them; an archive made
 * before them, on any database, still does. Same statements as migrations/0013_*.sql, with
 * PostgreSQL's JSON and clock functions.
 */
const POSTGRES_SQL: Readonly<Record<number, string>> = {
  13: String.raw`
CREATE TEMP TABLE retired_reason AS
SELECT id, review_id, text FROM exclusion_reason WHERE list = 'full_text' AND lower(trim(text)) = 'not retrievable';

-- Each full-text item that used it; "unretrieved" when nothing else was said about the report, and
-- who said it (the earliest such decision, or the final one) for the not-retrieved event.
CREATE TEMP TABLE retired_use AS
SELECT
  i.record_id,
  i.review_id,
  NOT EXISTS (
    SELECT 1 FROM screening_decision d
    WHERE d.record_id = i.record_id AND d.stage = 'full_text' AND (d.reason_id IS NULL OR d.reason_id NOT IN (SELECT id FROM retired_reason))
  ) AND (i.final_decision IS NULL OR EXISTS (SELECT 1 FROM retired_reason r WHERE r.id = i.final_reason_id)) AS unretrieved,
  coalesce(
    CASE WHEN EXISTS (SELECT 1 FROM retired_reason r WHERE r.id = i.final_reason_id) THEN i.final_by END,
    (SELECT d.reviewer_id FROM screening_decision d
     WHERE d.record_id = i.record_id AND d.stage = 'full_text' AND d.reason_id IN (SELECT id FROM retired_reason)
     ORDER BY d.decided_at, d.reviewer_id LIMIT 1),
    (SELECT created_by FROM review WHERE id = i.review_id)
  ) AS said_by
FROM screening_item i
WHERE i.stage = 'full_text'
  AND (
    EXISTS (SELECT 1 FROM retired_reason r WHERE r.id = i.final_reason_id)
    OR EXISTS (SELECT 1 FROM screening_decision d WHERE d.record_id = i.record_id AND d.stage = 'full_text' AND d.reason_id IN (SELECT id FROM retired_reason))
  );

-- The withdrawals, each undoing the latest event of its lane (whose outcome is the decision withdrawn).
INSERT INTO screening_event (review_id, record_id, stage, kind, reviewer_id, actor_id, before_json, after_json, undoes, at)
SELECT
  d.review_id, d.record_id, 'full_text', 'decision', d.reviewer_id, d.reviewer_id,
  json_build_object('decision', d.decision, 'reasonId', d.reason_id, 'note', d.note, 'labels', d.labels_json::json)::text,
  NULL,
  (SELECT max(e.id) FROM screening_event e WHERE e.record_id = d.record_id AND e.stage = 'full_text' AND e.kind = 'decision' AND e.reviewer_id = d.reviewer_id),
  to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
FROM screening_decision d
WHERE d.stage = 'full_text' AND d.reason_id IN (SELECT id FROM retired_reason)
ORDER BY d.record_id, d.reviewer_id;

INSERT INTO screening_event (review_id, record_id, stage, kind, reviewer_id, actor_id, before_json, after_json, undoes, at)
SELECT
  i.review_id, i.record_id, 'full_text', 'final', NULL, coalesce(i.final_by, (SELECT created_by FROM review WHERE id = i.review_id)),
  json_build_object('decision', i.final_decision, 'reasonId', i.final_reason_id, 'note', i.final_note, 'labels', '[]'::json)::text,
  NULL,
  (SELECT max(e.id) FROM screening_event e WHERE e.record_id = i.record_id AND e.stage = 'full_text' AND e.kind = 'final'),
  to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
FROM screening_item i
WHERE i.stage = 'full_text' AND i.final_reason_id IN (SELECT id FROM retired_reason)
ORDER BY i.record_id;

DELETE FROM screening_decision WHERE stage = 'full_text' AND reason_id IN (SELECT id FROM retired_reason);
UPDATE screening_item SET final_decision = NULL, final_reason_id = NULL, final_note = '', final_by = NULL, final_at = NULL
WHERE stage = 'full_text' AND final_reason_id IN (SELECT id FROM retired_reason);

-- Reports nobody could obtain: the mark, as the "Not retrieved" button sets it.
UPDATE screening_item SET status = 'not_retrieved', outcome = NULL
WHERE stage = 'full_text' AND record_id IN (SELECT record_id FROM retired_use WHERE unretrieved);

INSERT INTO screening_event (review_id, record_id, stage, kind, reviewer_id, actor_id, before_json, after_json, undoes, at)
SELECT review_id, record_id, 'full_text', 'retrieval', NULL, said_by, '{"notRetrieved":false}', '{"notRetrieved":true}', NULL, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
FROM retired_use WHERE unretrieved ORDER BY record_id;

-- Reports someone assessed: where the decisions left put them (src/screening/item-state.ts).
CREATE TEMP TABLE reassessed AS
SELECT
  u.record_id,
  i.final_decision AS final,
  (SELECT count(*) FROM screening_decision d WHERE d.record_id = u.record_id AND d.stage = 'full_text') AS decisions,
  (SELECT count(DISTINCT d.decision) FROM screening_decision d WHERE d.record_id = u.record_id AND d.stage = 'full_text') AS kinds,
  (SELECT min(d.decision) FROM screening_decision d WHERE d.record_id = u.record_id AND d.stage = 'full_text') AS decision,
  coalesce((SELECT s.reviewers_needed FROM screening_setting s WHERE s.review_id = u.review_id AND s.stage = 'full_text'), 1) AS needed
FROM retired_use u JOIN screening_item i ON i.record_id = u.record_id AND i.stage = 'full_text'
WHERE NOT u.unretrieved;

UPDATE screening_item SET
  status = (
    SELECT CASE WHEN r.final IS NOT NULL THEN 'decided' WHEN r.decisions = 0 OR r.decisions < r.needed THEN 'open' WHEN r.kinds = 1 THEN 'decided' ELSE 'conflict' END
    FROM reassessed r WHERE r.record_id = screening_item.record_id
  ),
  outcome = (
    SELECT CASE WHEN r.final IS NOT NULL THEN r.final WHEN r.decisions = 0 OR r.decisions < r.needed THEN NULL WHEN r.kinds = 1 THEN r.decision END
    FROM reassessed r WHERE r.record_id = screening_item.record_id
  )
WHERE stage = 'full_text' AND record_id IN (SELECT record_id FROM reassessed);

INSERT INTO audit_event (at, actor_id, review_id, action, entity, entity_id, before_json, after_json)
SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), NULL, review_id, 'screening.not-retrieved', 'record', CAST(record_id AS TEXT), NULL, json_build_object('from', 'Not retrievable')::text
FROM retired_use WHERE unretrieved ORDER BY record_id;

INSERT INTO audit_event (at, actor_id, review_id, action, entity, entity_id, before_json, after_json)
SELECT
  to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), NULL, r.review_id, 'reason.remove', 'reason', CAST(r.id AS TEXT),
  json_build_object('list', 'full_text', 'text', r.text)::text,
  json_build_object(
    'notRetrieved', (SELECT count(*) FROM retired_use u WHERE u.review_id = r.review_id AND u.unretrieved),
    'reassessed', (SELECT count(*) FROM retired_use u WHERE u.review_id = r.review_id AND NOT u.unretrieved)
  )::text
FROM retired_reason r ORDER BY r.id;

DELETE FROM exclusion_reason WHERE id IN (SELECT id FROM retired_reason);

DROP TABLE reassessed;
DROP TABLE retired_use;
DROP TABLE retired_reason;
`,
};

/** The data migrations newer than the archive's schema, for the import's transaction. */
export function upgradeQueriesPostgres(archiveSchema: number): Query[] {
  return [...DATA_MIGRATIONS].filter((version) => version > archiveSchema).map((version) => ({ sql: POSTGRES_SQL[version]!, parameters: [], script: true }));
}
