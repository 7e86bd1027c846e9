/**
 * Which tables make up one review, and where their rows hold ids: the whole of what
 * `coreview review export` writes and `coreview review import` reads. A table added to the schema
 * must be listed here, either exported or not with the reason; test/unit/review-archive/
 * review-tables.test.ts fails until it is, and checks every id column and foreign key is declared.
 */

/** What an id points at: a person (matched by e-mail), the review, or a row of an exported table. */
export type IdTarget = 'account' | 'review' | OwnIdTable;

/** Where a JSON payload holds ids: by key, an id (or array of ids), or a nested rule for the value. */
export interface JsonIds {
  [key: string]: IdTarget | JsonIds | { keysAndValues: IdTarget };
}

export interface TableSpec {
  name: string;
  /** The row has its own `id` (INTEGER PRIMARY KEY), given a new one on import. */
  ownId?: true;
  /** Columns holding ids, by what they point at (review_id is always the review). */
  refs?: Readonly<Record<string, IdTarget>>;
  /** Columns holding "every id up to here" (0: none yet), moved like the ids they bound. */
  thresholds?: Readonly<Record<string, OwnIdTable>>;
  /** JSON columns holding ids. */
  json?: Readonly<Record<string, JsonIds>>;
  /** Text columns holding ids whose kind another column names (audit_event.entity_id by entity). */
  entityIds?: { column: string; kindColumn: string; kinds: Readonly<Record<string, IdTarget>> };
  /** For a table without review_id: its rows are those of a parent row in the review. */
  parent?: { column: string; table: OwnIdTable };
  /** Columns naming a stored file by SHA-256, exported with the rows. */
  files?: Readonly<Record<string, 'original' | 'pdf'>>;
}

export type OwnIdTable =
  | 'criterion' | 'exclusion_reason' | 'highlight_term' | 'import_batch' | 'record' | 'merge_event' | 'duplicate_pair'
  | 'screening_event' | 'code' | 'excerpt' | 'extraction_field' | 'audit_event'
  | 'review_finding' | 'pass_excerpt';

/** A decision as screening_event keeps it before and after a change: {decision, reasonId, note, labels}. */
const DECISION_IDS: JsonIds = { reasonId: 'exclusion_reason' };

/** The ids audit payloads carry, by key (see the recordAudit calls); other keys are kept as written. */
const AUDIT_IDS: JsonIds = {
  recordId: 'record',
  primary: 'record',
  members: 'record',
  codeId: 'code',
  intoId: 'code',
  mergeId: 'merge_event',
  merges: 'merge_event',
  mergesDeleted: 'merge_event',
  mergesRepointed: 'merge_event',
  reasonId: 'exclusion_reason',
  arbiterId: 'account',
  batchId: 'import_batch',
  links: { id: 'record', duplicateOf: 'record', before: 'record', after: 'record' },
  filled: { from: 'record' },
  newPrimaries: { keysAndValues: 'record' },
  studyIds: 'record',
  excerptIds: 'excerpt',
  themeId: 'code',
  levelId: 'code',
  directionId: 'code',
  coderId: 'account',
  // Reports grouped into studies by hand (src/studies/report-grouping.ts).
  study: 'record',
  pairId: 'duplicate_pair',
  versionsPairs: 'duplicate_pair',
  relinkedPairs: 'duplicate_pair',
};

/** What audit_event.entity_id names, by audit_event.entity (a comma-separated list for import batches). */
const AUDIT_ENTITIES: Readonly<Record<string, IdTarget>> = {
  review: 'review',
  member: 'account',
  criterion: 'criterion',
  reason: 'exclusion_reason',
  import_batch: 'import_batch',
  record: 'record',
  study: 'record',
  full_text: 'record',
  merge_event: 'merge_event',
  duplicate_pair: 'duplicate_pair',
  code: 'code',
  excerpt: 'excerpt',
  extraction_field: 'extraction_field',
  review_finding: 'review_finding',
};

/** Exported, in the order they are written and read (parents before the rows that point at them). */
export const EXPORTED_TABLES: readonly TableSpec[] = [
  { name: 'review_member', refs: { account_id: 'account' } },
  { name: 'criterion', ownId: true },
  { name: 'exclusion_reason', ownId: true },
  { name: 'highlight_term', ownId: true },
  { name: 'import_batch', ownId: true, refs: { created_by: 'account', removed_by: 'account' }, files: { file_sha256: 'original' } },
  { name: 'record', ownId: true, refs: { batch_id: 'import_batch', duplicate_of: 'record' } },
  {
    name: 'merge_event',
    ownId: true,
    refs: { primary_id: 'record', created_by: 'account', undone_by: 'account' },
    json: { links_json: { id: 'record', before: 'record', after: 'record' }, filled_json: { from: 'record' } },
  },
  { name: 'duplicate_pair', ownId: true, refs: { record_a: 'record', record_b: 'record', merge_id: 'merge_event', decided_by: 'account' } },
  // Title/abstract items exist for every record up to items_through.
  { name: 'screening_setting', refs: { arbiter_id: 'account', stopped_by: 'account' }, thresholds: { items_through: 'record', stopped_through: 'record' } },
  { name: 'screening_item', refs: { record_id: 'record', final_reason_id: 'exclusion_reason', final_by: 'account' } },
  { name: 'screening_decision', refs: { record_id: 'record', reviewer_id: 'account', reason_id: 'exclusion_reason' } },
  {
    name: 'screening_event',
    ownId: true,
    refs: { record_id: 'record', reviewer_id: 'account', actor_id: 'account', undoes: 'screening_event' },
    json: { before_json: DECISION_IDS, after_json: DECISION_IDS },
  },
  { name: 'full_text', refs: { record_id: 'record', updated_by: 'account' }, files: { pdf_sha256: 'pdf' } },
  { name: 'code', ownId: true, refs: { parent_id: 'code' } },
  { name: 'study_code', refs: { record_id: 'record', code_id: 'code', created_by: 'account' } },
  { name: 'excerpt', ownId: true, refs: { record_id: 'record', created_by: 'account', updated_by: 'account' } },
  { name: 'excerpt_code', parent: { column: 'excerpt_id', table: 'excerpt' }, refs: { excerpt_id: 'excerpt', code_id: 'code' } },
  { name: 'study_memo', refs: { record_id: 'record', updated_by: 'account' } },
  { name: 'extraction_field', ownId: true },
  { name: 'extraction_value', refs: { record_id: 'record', field_id: 'extraction_field', updated_by: 'account' } },
  { name: 'extraction_status', refs: { record_id: 'record', updated_by: 'account' } },
  { name: 'appraisal_setting', refs: { updated_by: 'account' } },
  { name: 'appraisal_custom_instrument', refs: { updated_by: 'account' } },
  { name: 'study_appraisal', refs: { record_id: 'record', appraiser_id: 'account' } },
  { name: 'appraisal_consensus', refs: { record_id: 'record', decided_by: 'account' } },
  { name: 'prisma_box', refs: { updated_by: 'account' } },
  { name: 'review_finding', ownId: true, refs: { code_id: 'code', created_by: 'account', updated_by: 'account' } },
  { name: 'review_finding_study', refs: { finding_id: 'review_finding', record_id: 'record' } },
  { name: 'review_finding_excerpt', refs: { finding_id: 'review_finding', excerpt_id: 'excerpt' } },
  { name: 'study_chart_summary', refs: { record_id: 'record', theme_id: 'code', updated_by: 'account' } },
  { name: 'framework_chart_summary', refs: { theme_id: 'code', level_id: 'code', direction_id: 'code', updated_by: 'account' } },
  { name: 'coding_setting', refs: { updated_by: 'account' } },
  { name: 'coding_pass', refs: { record_id: 'record', coder_id: 'account' } },
  { name: 'pass_study_code', refs: { record_id: 'record', coder_id: 'account', code_id: 'code' } },
  { name: 'pass_excerpt', ownId: true, refs: { record_id: 'record', coder_id: 'account', taken_excerpt_id: 'excerpt' } },
  { name: 'pass_excerpt_code', parent: { column: 'pass_excerpt_id', table: 'pass_excerpt' }, refs: { pass_excerpt_id: 'pass_excerpt', code_id: 'code' } },
  { name: 'coding_consensus', refs: { record_id: 'record', completed_by: 'account' } },
  {
    name: 'audit_event',
    ownId: true,
    refs: { actor_id: 'account' },
    json: { before_json: AUDIT_IDS, after_json: AUDIT_IDS },
    entityIds: { column: 'entity_id', kindColumn: 'entity', kinds: AUDIT_ENTITIES },
  },
];

/** Every other table, and why a review archive leaves it out. */
export const NOT_EXPORTED: Readonly<Record<string, string>> = {
  review: 'written as review.json; the import makes a new review row',
  account: 'people are written as people.jsonl (e-mail and name, never a password) and matched by e-mail',
  session: 'sign-ins: runtime state of one instance',
  sign_in_failure: 'failed sign-ins: runtime state of one instance',
  review_counter: 'recounted from the rows on import',
  schema_migration: "the instance's own; the manifest carries the schema version",
  screening_counter_map: 'fixed data every instance has from its migrations',
  record_fts: 'the search index, rebuilt by trigger as records are inserted',
  record_fts_vocab: 'a view over the search index',
  record_search: "PostgreSQL's search index, rebuilt by trigger as records are inserted",
  record_search_term: "PostgreSQL's search vocabulary, kept by trigger as records are inserted",
  job: 'import and duplicate-check jobs: runtime state',
  import_upload: 'uploads in progress: runtime state',
  import_upload_file: 'uploads in progress: runtime state',
  screening_lease: 'who is looking at which record right now: runtime state',
  review_invitation: 'invitations not yet answered: addressed to people of the instance they were made on',
  form_submission: 'forms already sent, so a second click creates nothing: runtime state',
  record_terms: "each record's words for the relevance ranking: rebuilt from the records",
  ranking_stage: 'where the relevance ranking stands: recomputed from the decisions',
};

export function tableSpec(name: string): TableSpec | undefined {
  return EXPORTED_TABLES.find((t) => t.name === name);
}

/** The archive entry holding a table's rows. */
export const tablePath = (name: string) => `tables/${name}.jsonl`;
export const REVIEW_PATH = 'review.json';
export const PEOPLE_PATH = 'people.jsonl';
