import type { Generated, Insertable, Selectable } from 'kysely';
import type { PairKind } from '../dedup/classify-pair.js';
import type { AppraisalConsensusTable, AppraisalCustomInstrumentTable, AppraisalSettingTable, StudyAppraisalTable } from '../appraisal/appraisal-tables.js';
import type { ReviewFindingExcerptTable, ReviewFindingStudyTable, ReviewFindingTable } from '../findings/finding-tables.js';
import type { FrameworkChartSummaryTable, StudyChartSummaryTable } from '../charting/chart-tables.js';
import type { RankingStageTable, RecordTermsTable } from '../ranker/ranker-tables.js';
import type { CodingConsensusTable, CodingPassTable, CodingSettingTable, PassExcerptCodeTable, PassExcerptTable, PassStudyCodeTable } from '../double-coding/double-coding-tables.js';

/** Kysely's view of the database; property names are camelCase (CamelCasePlugin maps them). */
export interface Database {
  account: AccountTable;
  session: SessionTable;
  signInFailure: SignInFailureTable;
  review: ReviewTable;
  reviewMember: ReviewMemberTable;
  reviewInvitation: ReviewInvitationTable;
  criterion: OrderedItemTable;
  exclusionReason: OrderedItemTable;
  highlightTerm: HighlightTermTable;
  reviewCounter: ReviewCounterTable;
  auditEvent: AuditEventTable;
  schemaMigration: SchemaMigrationTable;
  importBatch: ImportBatchTable;
  record: RecordTable;
  mergeEvent: MergeEventTable;
  duplicatePair: DuplicatePairTable;
  screeningSetting: ScreeningSettingTable;
  screeningItem: ScreeningItemTable;
  screeningDecision: ScreeningDecisionTable;
  screeningEvent: ScreeningEventTable;
  screeningLease: ScreeningLeaseTable;
  fullText: FullTextTable;
  code: CodeTable;
  studyCode: StudyCodeTable;
  excerpt: ExcerptTable;
  excerptCode: ExcerptCodeTable;
  studyMemo: StudyMemoTable;
  extractionField: ExtractionFieldTable;
  extractionValue: ExtractionValueTable;
  extractionStatus: ExtractionStatusTable;
  prismaBox: PrismaBoxTable;
  job: JobTable;
  importUpload: ImportUploadTable;
  importUploadFile: ImportUploadFileTable;
  formSubmission: FormSubmissionTable;
  reviewFinding: ReviewFindingTable;
  appraisalSetting: AppraisalSettingTable;
  appraisalCustomInstrument: AppraisalCustomInstrumentTable;
  studyAppraisal: StudyAppraisalTable;
  appraisalConsensus: AppraisalConsensusTable;
  reviewFindingStudy: ReviewFindingStudyTable;
  reviewFindingExcerpt: ReviewFindingExcerptTable;
  studyChartSummary: StudyChartSummaryTable;
  frameworkChartSummary: FrameworkChartSummaryTable;
  codingSetting: CodingSettingTable;
  codingPass: CodingPassTable;
  passStudyCode: PassStudyCodeTable;
  passExcerpt: PassExcerptTable;
  passExcerptCode: PassExcerptCodeTable;
  codingConsensus: CodingConsensusTable;
  recordTerms: RecordTermsTable;
  rankingStage: RankingStageTable;
}

export interface AccountTable {
  id: Generated<number>;
  email: string;
  name: string;
  passwordHash: string;
  isOwner: number;
  passwordTemporary: number;
  disabledAt: string | null;
  createdAt: string;
}
export type AccountRow = Selectable<AccountTable>;

export interface SessionTable {
  tokenHash: string;
  accountId: number;
  createdAt: string;
  expiresAt: string;
}

/** A failed (or not yet checked) sign-in, by address and e-mail (src/accounts/sign-in-limit.ts). */
export interface SignInFailureTable {
  id: Generated<number>;
  key: string;
  at: string;
}

export interface ReviewTable {
  id: Generated<number>;
  slug: string;
  title: string;
  question: string;
  description: string;
  createdBy: number;
  createdAt: string;
  updatedAt: string;
}
export type ReviewRow = Selectable<ReviewTable>;
export type NewReview = Insertable<ReviewTable>;

export type ReviewRole = 'owner' | 'reviewer';

export interface ReviewMemberTable {
  reviewId: number;
  accountId: number;
  role: ReviewRole;
  addedAt: string;
}

/** An invitation to join a review, by e-mail, until the person accepts or declines it (migrations/0014). */
export interface ReviewInvitationTable {
  id: Generated<number>;
  reviewId: number;
  email: string;
  role: ReviewRole;
  invitedBy: number;
  invitedAt: string;
}

/** criterion (list: inclusion | exclusion) and exclusion_reason (list: title_abstract | full_text). */
export interface OrderedItemTable {
  id: Generated<number>;
  reviewId: number;
  list: string;
  position: number;
  text: string;
}
export type OrderedItemRow = Selectable<OrderedItemTable>;

export type TermPolarity = 'include' | 'exclude';

export interface HighlightTermTable {
  id: Generated<number>;
  reviewId: number;
  polarity: TermPolarity;
  term: string;
}

export interface ReviewCounterTable {
  reviewId: number;
  name: string;
  value: number;
}

export interface AuditEventTable {
  id: Generated<number>;
  at: string;
  actorId: number | null;
  reviewId: number | null;
  action: string;
  entity: string;
  entityId: string | null;
  beforeJson: string | null;
  afterJson: string | null;
}
export type AuditEventRow = Selectable<AuditEventTable>;

export interface SchemaMigrationTable {
  version: number;
  name: string;
  appliedAt: string;
}

export type SourceType = 'database' | 'register' | 'website' | 'organisation' | 'citation_searching' | 'other';

export interface ImportBatchTable {
  id: Generated<number>;
  reviewId: number;
  sourceType: SourceType;
  sourceName: string;
  searchedOn: string | null;
  query: string;
  notes: string;
  fileName: string;
  fileSha256: string;
  fileSize: number;
  format: string;
  encoding: string;
  found: number;
  imported: number;
  failed: number;
  warningsJson: string;
  failuresJson: string;
  createdBy: number | null;
  createdAt: string;
  removedAt: string | null;
  removedBy: number | null;
}
export type ImportBatchRow = Selectable<ImportBatchTable>;

export interface RecordTable {
  id: Generated<number>;
  reviewId: number;
  batchId: number;
  position: number;
  lineStart: number;
  lineEnd: number;
  title: string;
  authorsJson: string;
  firstAuthor: string;
  year: number | null;
  journal: string;
  volume: string;
  issue: string;
  pages: string;
  doi: string | null;
  pmid: string | null;
  abstract: string;
  keywordsJson: string;
  type: string;
  url: string | null;
  language: string;
  issn: string;
  publisher: string;
  cslJson: string;
  raw: string;
  createdAt: string;
  updatedAt: string;
  /** The primary record this one duplicates; null for a primary or unique record. Never a chain. */
  duplicateOf: number | null;
}
export type RecordRow = Selectable<RecordTable>;
export type NewRecord = Insertable<RecordTable>;

/** automatic: certain pairs on detection; decision: a person's "same work"; primary: a person chose another primary. */
export type MergeReason = 'automatic' | 'decision' | 'primary';

export interface MergeEventTable {
  id: Generated<number>;
  reviewId: number;
  reason: MergeReason;
  primaryId: number;
  linksJson: string;
  filledJson: string;
  primaryUpdatedAt: string | null;
  createdBy: number | null;
  createdAt: string;
  undoneBy: number | null;
  undoneAt: string | null;
}
export type MergeEventRow = Selectable<MergeEventTable>;

/** pending: in the queue; versions: two reports of one study, kept as separate records. */
export type PairStatus = 'pending' | 'same' | 'different' | 'versions';

export interface DuplicatePairTable {
  id: Generated<number>;
  reviewId: number;
  recordA: number;
  recordB: number;
  kind: PairKind;
  score: number;
  reasonsJson: string;
  differingJson: string;
  status: PairStatus;
  mergeId: number | null;
  decidedBy: number | null;
  decidedAt: string | null;
  createdAt: string;
}
export type DuplicatePairRow = Selectable<DuplicatePairTable>;
export type NewDuplicatePair = Insertable<DuplicatePairTable>;

export type Stage = 'title_abstract' | 'full_text';
export type ScreeningChoice = 'include' | 'maybe' | 'exclude';
export type RecordOrder = 'import' | 'random' | 'year_newest' | 'year_oldest' | 'relevance';
export type ItemStatus = 'open' | 'conflict' | 'decided' | 'not_retrieved';

export interface ScreeningSettingTable {
  reviewId: number;
  stage: Stage;
  reviewersNeeded: Generated<number>;
  blind: Generated<number>;
  recordOrder: Generated<RecordOrder>;
  orderSeed: Generated<number>;
  maybeAdvances: Generated<number>;
  arbiterId: number | null;
  itemsThrough: Generated<number>;
  /** The recall the stopping estimate aims for: 0.95, or 0.9 when the team declares it. */
  recallTarget: Generated<number>;
  /** When an owner recorded that title/abstract screening stopped on its stopping estimate (relevance order only). */
  stoppedAt: string | null;
  stoppedBy: number | null;
  /** The review's newest record when the stop was recorded: the stop covers the records up to it. */
  stoppedThrough: number | null;
}
export type ScreeningSettingRow = Selectable<ScreeningSettingTable>;

export interface ScreeningItemTable {
  recordId: number;
  stage: Stage;
  reviewId: number;
  sortKey: number;
  active: Generated<number>;
  status: Generated<ItemStatus>;
  outcome: ScreeningChoice | null;
  finalDecision: ScreeningChoice | null;
  finalReasonId: number | null;
  finalNote: Generated<string>;
  finalBy: number | null;
  finalAt: string | null;
  /** The order in which the stage's items became decided (a trigger stamps it): what the stopping test reads. */
  settledSeq: number | null;
}
export type ScreeningItemRow = Selectable<ScreeningItemTable>;

export interface ScreeningDecisionTable {
  recordId: number;
  stage: Stage;
  reviewerId: number;
  reviewId: number;
  decision: ScreeningChoice;
  reasonId: number | null;
  note: Generated<string>;
  labelsJson: Generated<string>;
  decidedAt: string;
}
export type ScreeningDecisionRow = Selectable<ScreeningDecisionTable>;

export interface ScreeningEventTable {
  id: Generated<number>;
  reviewId: number;
  recordId: number;
  stage: Stage;
  kind: 'decision' | 'final' | 'retrieval';
  reviewerId: number | null;
  actorId: number;
  beforeJson: string | null;
  afterJson: string | null;
  undoes: number | null;
  at: string;
}
export type ScreeningEventRow = Selectable<ScreeningEventTable>;

/** A reviewer looking at a record until `expiresAt` (ms since 1970); see screening-lease.ts. */
export interface ScreeningLeaseTable {
  reviewId: number;
  stage: Stage;
  reviewerId: number;
  recordId: number;
  expiresAt: number;
}

export interface FullTextTable {
  recordId: number;
  reviewId: number;
  pdfSha256: string | null;
  pdfName: string | null;
  pdfSize: number | null;
  url: string | null;
  updatedBy: number | null;
  updatedAt: string;
}
export type FullTextRow = Selectable<FullTextTable>;

export interface CodeTable {
  id: Generated<number>;
  reviewId: number;
  parentId: number | null;
  name: string;
  description: Generated<string>;
  colour: Generated<string>;
  position: number;
  createdAt: string;
  /** Part of the a-priori framework, or emerged from the data (CodeOrigin in src/coding/codebook-rules.ts). */
  origin: Generated<'a_priori' | 'emergent'>;
}
export type CodeRow = Selectable<CodeTable>;

export interface StudyCodeTable {
  recordId: number;
  codeId: number;
  reviewId: number;
  createdBy: number | null;
  createdAt: string;
}

export interface ExcerptTable {
  id: Generated<number>;
  reviewId: number;
  recordId: number;
  text: string;
  location: Generated<string>;
  memo: Generated<string>;
  createdBy: number | null;
  createdAt: string;
  updatedBy: number | null;
  updatedAt: string;
  /** BCP 47 tag of the text's language; '' for the review's own (src/coding/excerpt-language.ts). */
  language: Generated<string>;
  /** The text in the review's language, '' when none; by `translator` (free text). */
  translation: Generated<string>;
  translator: Generated<string>;
}
export type ExcerptRow = Selectable<ExcerptTable>;

export interface ExcerptCodeTable {
  excerptId: number;
  codeId: number;
}

export interface StudyMemoTable {
  recordId: number;
  reviewId: number;
  text: Generated<string>;
  updatedBy: number | null;
  updatedAt: string;
}

export type ExtractionKind = 'short_text' | 'long_text' | 'number' | 'year' | 'single_choice' | 'multiple_choice' | 'jurisdiction' | 'yes_no_unclear';

export interface ExtractionFieldTable {
  id: Generated<number>;
  reviewId: number;
  position: number;
  label: string;
  help: Generated<string>;
  kind: ExtractionKind;
  choicesJson: Generated<string>;
  createdAt: string;
}
export type ExtractionFieldRow = Selectable<ExtractionFieldTable>;

export interface ExtractionValueTable {
  recordId: number;
  fieldId: number;
  reviewId: number;
  valueJson: string;
  updatedBy: number | null;
  updatedAt: string;
}

export interface ExtractionStatusTable {
  recordId: number;
  reviewId: number;
  status: 'in_progress' | 'complete';
  updatedBy: number | null;
  updatedAt: string;
}

export interface PrismaBoxTable {
  reviewId: number;
  box: string;
  value: string;
  updatedBy: number | null;
  updatedAt: string;
}

export type JobKind = 'import-read' | 'import-commit' | 'dedup';
export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface JobTable {
  id: Generated<number>;
  reviewId: number;
  kind: JobKind;
  state: Generated<JobState>;
  payloadJson: Generated<string>;
  resultJson: Generated<string>;
  progress: Generated<string>;
  error: string | null;
  claimedBy: string | null;
  leaseUntil: string | null;
  attempts: Generated<number>;
  createdBy: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}
export type JobRow = Selectable<JobTable>;

export interface ImportUploadTable {
  id: string;
  reviewId: number;
  searchJson: string;
  readJobId: number;
  commitJobId: number | null;
  dedupJobId: number | null;
  cancelledAt: string | null;
  createdBy: number | null;
  createdAt: string;
}
export type ImportUploadRow = Selectable<ImportUploadTable>;

export interface ImportUploadFileTable {
  uploadId: string;
  position: number;
  fileName: string;
  size: number;
  sha256: string;
  summaryJson: string | null;
  unreadable: string | null;
  batchId: number | null;
}
export type ImportUploadFileRow = Selectable<ImportUploadFileTable>;

/** A creating form's one-time token once used, with what it created (src/http/create-once.ts). */
export interface FormSubmissionTable {
  token: string;
  accountId: number;
  form: string;
  resultJson: string;
  createdAt: string;
}
