import type { ImportUpload } from '../../src/imports/import-uploads.js';
import type { UploadState } from '../../src/imports/upload-state.js';
import type { MemberReview } from '../../src/reviews/review-repository.js';
import { CsrfField } from '../components/forms.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';

export interface EarlierImport {
  sha256: string;
  sourceName: string;
  createdAt: string;
}

export interface ImportJobModel {
  slug: string;
  job: ImportUpload;
  earlier: EarlierImport[];
  /** Whether the viewer may import, continue or cancel it: its uploader or an owner of the review. */
  mayAct: boolean;
  /** Why the viewer's last action on it was refused. */
  refusal?: string;
}

interface FailureView {
  record: number;
  lineStart: number;
  lineEnd: number;
  message: string;
  raw: string;
}

interface WarningView {
  record?: number;
  message: string;
}

const n = (value: number) => value.toLocaleString('en-GB');
const plural = (count: number, one: string, many = `${one}s`) => `${n(count)} ${count === 1 ? one : many}`;

function megabytes(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return mb < 0.1 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${mb.toFixed(1)} MB`;
}

export const HEADING: Record<UploadState, string> = {
  reading: 'Reading your files',
  ready: 'Import preview',
  failed: 'Import failed',
  committing: 'Importing',
  interrupted: 'Import interrupted',
  checking: 'Imported — checking for duplicates',
  committed: 'Imported',
  cancelled: 'Import cancelled',
};

const NEXT_STEP: Record<UploadState, string> = {
  reading: 'The preview appears here when the files are read. Nothing is stored until you import.',
  ready: 'Nothing is stored until you import.',
  failed: 'Nothing was stored.',
  committing: 'The records are being stored; you can leave this page, and the team can keep screening meanwhile.',
  interrupted: 'Storing stopped part-way. The records stored so far are kept; continue to store the rest.',
  checking: 'The records are stored and searchable; now looking for duplicates among them.',
  committed: 'The records are stored.',
  cancelled: 'Nothing was stored.',
};

const PROGRESS_STEP: Partial<Record<UploadState, (records: number) => string>> = {
  reading: () => 'Reading and checking every record…',
  committing: (records) => `Storing ${plural(records, 'record')}…`,
  checking: (records) => `Comparing ${plural(records, 'new record')} with the review for duplicates…`,
};

/**
 * The state of one upload: live progress while a worker reads or stores it (the fragment polls
 * itself, morphing in place so the spinner and focus stay put), then the preview to commit or
 * cancel, then the outcome. The page's heading is part of it, so it follows the state.
 */
export function ImportJobView({ model, csrfToken }: { model: ImportJobModel; csrfToken: string }) {
  const { job, slug } = model;
  const url = `/reviews/${slug}/imports/jobs/${job.id}`;
  const busy = job.state === 'reading' || job.state === 'committing' || job.state === 'checking';
  const polling = busy ? { 'hx-get': url, 'hx-trigger': 'every 700ms', 'hx-swap': 'outerMorph', 'hx-target': 'this' } : {};
  const importable = job.files.reduce((sum, f) => sum + (f.summary?.imported ?? 0), 0);
  const stored = job.files.reduce((sum, f) => sum + (f.stored ?? 0), 0);
  const totalSize = job.files.reduce((sum, f) => sum + f.size, 0);
  const uploader = job.createdByName ?? 'the command line';
  return (
    <section id="import-job" class="import-job" data-state={job.state} {...polling}>
      <h1>{HEADING[job.state]}</h1>
      <p class="lede">
        {job.search.sourceName}
        {job.search.searchedOn && `, searched ${job.search.searchedOn}`} · {plural(job.files.length, 'file')}, {megabytes(totalSize)}, uploaded by {uploader}.{' '}
        {NEXT_STEP[job.state]}
      </p>
      {model.refusal && <div class="alert alert-error" role="alert">{model.refusal}</div>}
      {/* Not a live region: it is redrawn every 700 ms while busy. The outcomes below announce themselves. */}
      <div class="job-status">
        {busy && (
          <div class="progress">
            <span class="spinner" aria-hidden="true" />
            <div>
              <p class="progress-step">{PROGRESS_STEP[job.state]?.(importable)}</p>
              <p class="progress-detail muted">{job.progress}</p>
            </div>
          </div>
        )}
        {job.state === 'failed' && (
          <div class="alert alert-error" role="alert">
            <p>{job.error}</p>
            <p><a href={`/reviews/${slug}/imports`}>Back to Import</a></p>
          </div>
        )}
        {job.state === 'cancelled' && <div class="alert alert-warn">This import was cancelled; nothing was stored.</div>}
        {job.state === 'interrupted' && (
          <div class="alert alert-error" role="alert">
            <p>{job.error}</p>
            <p><strong>{n(stored)} of {plural(importable, 'record')}</strong> are stored and kept; continuing stores the rest, each record once.</p>
            {model.mayAct && (
              <form method="post" action={`${url}/continue`} class="inline">
                <CsrfField token={csrfToken} />
                <button type="submit" autofocus>Continue storing</button>
              </form>
            )}
          </div>
        )}
        {job.state === 'committed' && (
          <div class="alert alert-ok" role="status">
            Imported {plural(importable, 'record')}.{' '}
            {job.duplicates && (
              <span class="duplicates-found">
                <span data-count="duplicates-linked">{n(job.duplicates.linked)}</span> linked automatically as duplicates,{' '}
                <span data-count="pairs-queued">{n(job.duplicates.queued)}</span> {job.duplicates.queued === 1 ? 'pair waits' : 'pairs wait'} for review.{' '}
              </span>
            )}
            <a href={`/reviews/${slug}/records`}>See the records</a> or <a href={`/reviews/${slug}/imports`}>import more</a>.
          </div>
        )}
        {job.error && job.state === 'committed' && <div class="alert alert-warn" role="alert">{job.error}</div>}
        {job.error && job.state === 'ready' && <div class="alert alert-error" role="alert">{job.error}</div>}
      </div>
      {(job.state === 'ready' || job.state === 'committed' || job.state === 'interrupted') && <FileReports model={model} />}
      {job.state === 'ready' && !model.mayAct && <p class="hint">{uploader} uploaded these files; they, or an owner of the review, import them.</p>}
      {job.state === 'ready' && model.mayAct && (
        <div class="form-actions">
          {importable > 0 ? (
            <form method="post" action={`${url}/commit`} class="inline">
              <CsrfField token={csrfToken} />
              <button type="submit" autofocus>Import {plural(importable, 'record')}</button>
            </form>
          ) : (
            <p>There is nothing to import from these files.</p>
          )}
          <form method="post" action={`${url}/cancel`} class="inline">
            <CsrfField token={csrfToken} />
            <button type="submit" class="button-secondary">Cancel</button>
          </form>
        </div>
      )}
    </section>
  );
}

function FileReports({ model }: { model: ImportJobModel }) {
  const summaries = model.job.files.flatMap((f) => (f.summary ? [f.summary] : []));
  const outcome = model.job.state === 'committed' ? 'Imported' : model.job.state === 'interrupted' ? 'To store' : 'Will import';
  const totalLabel = model.job.state === 'committed' ? 'imported' : model.job.state === 'interrupted' ? 'to store' : 'to import';
  const total = (key: 'found' | 'imported' | 'failed') => summaries.reduce((sum, s) => sum + s[key], 0);
  return (
    <div class="file-reports">
      {model.job.files.length > 1 && (
        <p class="totals">
          In all: <strong>{plural(total('found'), 'record')}</strong> found in {plural(model.job.files.length, 'file')},{' '}
          <strong>{n(total('imported'))}</strong> {totalLabel}
          {total('failed') > 0 && <>, <strong class="error">{n(total('failed'))}</strong> could not be read</>}
          {summaries.length < model.job.files.length && <>, {plural(model.job.files.length - summaries.length, 'file')} unreadable</>}.
        </p>
      )}
      {model.job.files.map((file, index) => {
        const earlier = model.earlier.filter((e) => e.sha256 === file.sha256);
        const twiceHere = model.job.files.findIndex((f) => f.sha256 === file.sha256) !== index;
        return (
          <article key={index} class="file-report card" data-file={file.fileName}>
            <h2 class="file-name">{file.fileName}</h2>
            {file.unreadable ? (
              <div class="alert alert-error" role="alert">This file cannot be imported: {file.unreadable}</div>
            ) : file.summary && (
              <>
                <dl class="facts">
                  <div><dt>Format</dt><dd>{file.summary.formatLabel}</dd></div>
                  <div><dt>Encoding</dt><dd>{file.summary.encoding}</dd></div>
                  <div><dt>Records found</dt><dd data-count="found">{n(file.summary.found)}</dd></div>
                  <div><dt>{outcome}</dt><dd data-count="imported">{n(file.summary.imported)}</dd></div>
                  {file.stored !== undefined && <div><dt>Stored so far</dt><dd data-count="stored">{n(file.stored)}</dd></div>}
                  <div><dt>Could not read</dt><dd data-count="failed" class={file.summary.failed > 0 ? 'error' : undefined}>{n(file.summary.failed)}</dd></div>
                </dl>
                {earlier.map((e) => (
                  <p key={e.createdAt} class="alert alert-warn">
                    This exact file was already imported on {e.createdAt.slice(0, 10)} ({e.sourceName}). Importing it again adds its records twice.
                  </p>
                ))}
                {twiceHere && <p class="alert alert-warn">The same file is in this upload twice.</p>}
                <Warnings warnings={file.summary.warnings as WarningView[]} />
                <Failures failures={file.summary.failures as FailureView[]} />
              </>
            )}
          </article>
        );
      })}
    </div>
  );
}

const SHOWN = 50;
// Short lists are open; long ones stay one click away so the import button is not pages down.
const OPEN_UP_TO = 10;

function Warnings({ warnings }: { warnings: WarningView[] }) {
  if (warnings.length === 0) return null;
  return (
    <details class="warnings" open={warnings.length <= OPEN_UP_TO}>
      <summary>{plural(warnings.length, 'warning')}</summary>
      <ul>
        {warnings.slice(0, SHOWN).map((w, i) => <li key={i}>{w.record ? `Record ${w.record}: ` : ''}{w.message}</li>)}
      </ul>
      {warnings.length > SHOWN && <p class="muted">…and {n(warnings.length - SHOWN)} more (all are kept with the import).</p>}
    </details>
  );
}

function Failures({ failures }: { failures: FailureView[] }) {
  if (failures.length === 0) return null;
  return (
    <details class="failures" open={failures.length <= OPEN_UP_TO}>
      <summary>{plural(failures.length, 'record')} could not be read; the others import normally</summary>
      <ul class="failure-list">
        {failures.slice(0, SHOWN).map((f) => (
          <li key={f.record}>
            <p class="failure-head">
              <strong>Record {n(f.record)}</strong> <span class="muted">lines {n(f.lineStart)}–{n(f.lineEnd)}</span>: {f.message}
            </p>
            <pre class="raw">{f.raw.length > 2000 ? `${f.raw.slice(0, 2000)}…` : f.raw}</pre>
          </li>
        ))}
      </ul>
      {failures.length > SHOWN && <p class="muted">…and {n(failures.length - SHOWN)} more (all are kept with the import).</p>}
    </details>
  );
}

export function ImportJobPage({ ctx, review, model }: { ctx: PageContext; review: MemberReview; model: ImportJobModel }) {
  return (
    <Layout ctx={ctx} title={`${HEADING[model.job.state]} · ${review.title}`} review={{ slug: review.slug, title: review.title, isOwner: review.role === 'owner', section: 'imports' }}>
      <ImportJobView model={model} csrfToken={ctx.csrfToken} />
    </Layout>
  );
}
