import type { JobKind } from '../db/schema.js';
import type { Job } from './job-store.js';

/** How one kind of job runs; each feature defines its own (imports, duplicates) and the app lists them. */
export interface JobKindDefinition {
  kind: JobKind;
  /** URL of the handler module, which exports `run` (a JobHandler). */
  module: string;
  /** Packages the handler loads, imported in the worker before the TypeScript loader (see startTsWorker). */
  packages?: readonly string[];
  /** Past this the job is stopped (a pathological upload must not hold a core); `message` is what people read. */
  timeLimit?: { ms: number; message: string };
  /** What people read when the job fails unexpectedly (the details go to the server log). */
  failureMessage: string;
  /** Runs before a failed job is marked failed, so whoever sees the failure sees its aftermath done too. */
  onFailure?(job: Job): Promise<void>;
}
