import type { JobKindDefinition } from '../jobs/job-kind.js';

/** The failure people read: the records stay imported, and the check can be run again. */
export const DUPLICATE_CHECK_FAILED = 'The duplicate check failed; the records are imported. Run it again from the Duplicates page.';

export const dedupJobKind: JobKindDefinition = {
  kind: 'dedup',
  module: new URL('./dedup-job.ts', import.meta.url).href,
  failureMessage: DUPLICATE_CHECK_FAILED,
};
