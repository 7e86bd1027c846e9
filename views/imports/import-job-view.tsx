import type { ImportJob } from '../../src/imports/import-jobs.js';
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
  job: ImportJob;
  earlier: EarlierImport[];
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

/**
 * The state of one upload: live progress while a worker reads or stores it (the fragment polls
 * itself), then the preview to commit or cancel, then the outcome.
 */
export function ImportJobView({ model, csrfToken }: { model: ImportJobModel; csrfToken: string }) {
  const { job, slug } = model;
  const url = `/reviews/${slug}/imports/jobs/${job.id}`;
  const busy = job.state === 'reading' || job.state === 'committing';
  const polling = busy ? { 'hx-get': url, 'hx-trigger': 'every 700ms', 'hx-swap': 'outerHTML', 'hx-target': 'this' } : {};
  return (
    <section id="import-job" class="import-job" data-state={job.state} aria-live="polite" {...polling}>
      {busy && (
        <div class="progress">
          <span class="spinner" aria-hidden="true" />
          <p>{job.state === 'reading' ? 'Reading your files…' : 'Storing the records…'} <span class="muted">{job.progress}</span></p>
        </div>
      )}
      {job.state === 'failed' && <div class="alert alert-error" role="alert">{job.error}</div>}
      {job.state === 'cancelled' && <div class="alert alert-warn">This import was cancelled; nothing was stored.</div>}
      {job.state === 'committed' && (
        <div class="alert alert-ok" role="status">
          Imported {n(job.files.reduce((sum, f) => sum + (f.summary?.imported ?? 0), 0))} records.{' '}
          <a href={`/reviews/${slug}/records`}>See the records</a> or <a href={`/reviews/${slug}/imports`}>import more</a>.
        </div>
      )}
      {job.error && job.state === 'ready' && <div class="alert alert-error" role="alert">{job.error}</div>}
      {(job.state === 'ready' || job.state === 'committed') && <FileReports model={model} />}
      {job.state === 'ready' && (
        <div class="form-actions">
          {job.files.some((f) => f.summary && f.summary.imported > 0) ? (
            <form method="post" action={`${url}/commit`} class="inline">
              <CsrfField token={csrfToken} />
              <button type="submit" autofocus>Import {n(job.files.reduce((sum, f) => sum + (f.summary?.imported ?? 0), 0))} records</button>
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
  return (
    <div class="file-reports">
      {model.job.files.map((file, index) => {
        const earlier = model.earlier.filter((e) => e.sha256 === file.sha256);
        const twiceHere = model.job.files.findIndex((f) => f.sha256 === file.sha256) !== index;
        return (
          <article key={index} class="file-report card" data-file={file.fileName}>
            <h3>{file.fileName}</h3>
            {file.unreadable ? (
              <div class="alert alert-error" role="alert">This file cannot be imported: {file.unreadable}</div>
            ) : file.summary && (
              <>
                <dl class="facts">
                  <div><dt>Format</dt><dd>{file.summary.formatLabel}</dd></div>
                  <div><dt>Encoding</dt><dd>{file.summary.encoding}</dd></div>
                  <div><dt>Records found</dt><dd data-count="found">{n(file.summary.found)}</dd></div>
                  <div><dt>Will import</dt><dd data-count="imported">{n(file.summary.imported)}</dd></div>
                  <div><dt>Could not read</dt><dd data-count="failed">{n(file.summary.failed)}</dd></div>
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

function Warnings({ warnings }: { warnings: WarningView[] }) {
  if (warnings.length === 0) return null;
  return (
    <details class="warnings">
      <summary>{n(warnings.length)} warning{warnings.length === 1 ? '' : 's'}</summary>
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
    <details class="failures" open>
      <summary>{n(failures.length)} record{failures.length === 1 ? '' : 's'} could not be read — the others import normally</summary>
      <ol class="failure-list">
        {failures.slice(0, SHOWN).map((f) => (
          <li key={f.record}>
            <p><strong>Record {f.record}</strong> (lines {f.lineStart}–{f.lineEnd}): {f.message}</p>
            <pre class="raw">{f.raw.length > 2000 ? `${f.raw.slice(0, 2000)}…` : f.raw}</pre>
          </li>
        ))}
      </ol>
      {failures.length > SHOWN && <p class="muted">…and {n(failures.length - SHOWN)} more (all are kept with the import).</p>}
    </details>
  );
}

export function ImportJobPage({ ctx, review, model }: { ctx: PageContext; review: MemberReview; model: ImportJobModel }) {
  return (
    <Layout ctx={ctx} title={`Import preview · ${review.title}`} review={{ slug: review.slug, title: review.title, isOwner: review.role === 'owner', section: 'imports' }}>
      <h1>Import preview</h1>
      <p class="lede">
        {model.job.search.sourceName}
        {model.job.search.searchedOn && `, searched ${model.job.search.searchedOn}`}. Nothing is stored until you import.
      </p>
      <ImportJobView model={model} csrfToken={ctx.csrfToken} />
    </Layout>
  );
}
