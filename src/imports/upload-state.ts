import type { Job } from '../jobs/job-store.js';

/**
 * Where an upload stands, from its jobs (read → commit → duplicate check): `interrupted` when
 * storing stopped part-way (what was stored stays; storing can be continued), `checking` once the
 * records are stored and searchable and the duplicate check runs.
 */
export type UploadState = 'reading' | 'ready' | 'failed' | 'cancelled' | 'committing' | 'interrupted' | 'checking' | 'committed';

type JobView = Pick<Job, 'state' | 'progress' | 'error' | 'result'>;

/** What the duplicate check after the commit found; null when it failed. */
export interface ImportDuplicates {
  /** Records linked automatically to a primary (certain matches). */
  linked: number;
  /** Pairs added to the review queue for a person. */
  queued: number;
}

export interface UploadStatus {
  state: UploadState;
  progress: string;
  error?: string;
  duplicates?: ImportDuplicates | null;
}

const busy = (job: JobView) => job.state === 'queued' || job.state === 'running';

/** Pure: the status an upload shows, derived from its jobs and whether it was cancelled. */
export function uploadStatus(upload: { cancelledAt: string | null }, read: JobView, commit?: JobView, dedup?: JobView): UploadStatus {
  if (commit) {
    if (busy(commit)) return { state: 'committing', progress: commit.progress };
    if (commit.state === 'failed') return { state: 'interrupted', progress: '', error: commit.error ?? undefined };
    if (!dedup || busy(dedup)) return { state: 'checking', progress: dedup?.progress ?? '' };
    if (dedup.state === 'failed') return { state: 'committed', progress: '', duplicates: null, error: dedup.error ?? undefined };
    return { state: 'committed', progress: '', duplicates: { linked: dedup.result.linked ?? 0, queued: dedup.result.queued ?? 0 } };
  }
  if (upload.cancelledAt !== null) return { state: 'cancelled', progress: '' };
  if (busy(read)) return { state: 'reading', progress: read.progress };
  if (read.state === 'failed') return { state: 'failed', progress: '', error: read.error ?? undefined };
  return { state: 'ready', progress: '' };
}
