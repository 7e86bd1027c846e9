import type { Config } from '../config.js';
import type { JobKindDefinition } from '../jobs/job-kind.js';
import { discardStaging } from './staging.js';

/** Reading an upload (under the configured time limit) and storing it. */
export function importJobKinds(config: Config): JobKindDefinition[] {
  return [
    {
      kind: 'import-read',
      module: new URL('./read-upload-job.ts', import.meta.url).href,
      packages: ['fast-xml-parser', 'csv-parse/sync'],
      timeLimit: {
        ms: config.importTimeLimitMs,
        message: `Reading the files took too long and was stopped after ${Math.round(config.importTimeLimitMs / 1000)} s. Is each file really a reference export? Try them one at a time.`,
      },
      failureMessage: 'Reading the files failed unexpectedly. Nothing was imported; try again, one file at a time.',
      // A preview that failed can never be committed: its staged files go before it shows as failed.
      onFailure: (job) => discardStaging(config.dataDir, job.payload.uploadId as string),
    },
    {
      kind: 'import-commit',
      module: new URL('./commit-upload-job.ts', import.meta.url).href,
      failureMessage: 'Storing the records stopped unexpectedly. What was stored is kept: continue storing the rest, and if it stops again, tell your administrator.',
    },
  ];
}
