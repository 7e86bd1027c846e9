import type { FieldErrors } from '../../src/domain-errors.js';
import type { BatchListItem } from '../../src/imports/batch-repository.js';
import type { ImportUpload } from '../../src/imports/import-uploads.js';
import { COMMON_SOURCES, SOURCE_TYPES, type SearchDetails } from '../../src/imports/search-details.js';
import type { CreatingForm } from '../../src/http/form-token.js';
import type { MemberReview } from '../../src/reviews/review-repository.js';
import { CsrfField, Field, FormErrors, FormTokenField, PostButton } from '../components/forms.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';

export interface ImportsModel {
  review: MemberReview;
  batches: BatchListItem[];
  /** Uploads still being read, previewed, stored or checked, or stopped part-way. */
  uploads: ImportUpload[];
  /** Records stored so far, for the searches those uploads are still storing (or stopped storing). */
  stored: ReadonlyMap<number, number>;
  form: Partial<SearchDetails>;
  /** The upload form, with its one-time token. */
  upload: CreatingForm;
  errors?: FieldErrors;
  uploadLimitMb: number;
  uploadFiles: number;
}

const SOURCE_LABEL = Object.fromEntries(SOURCE_TYPES.map((t) => [t.id, t.label]));
const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;

export function ImportsPage({ ctx, model }: { ctx: PageContext; model: ImportsModel }) {
  const { review, form, errors } = model;
  const base = `/reviews/${review.slug}/imports`;
  return (
    <Layout ctx={ctx} title={`Import · ${review.title}`} review={{ slug: review.slug, title: review.title, isOwner: review.role === 'owner', section: 'imports' }}>
      <h1>Import</h1>
      <p class="lede">
        Each file becomes one search below, with the source, date and query given here. Say where it came from: PRISMA counts records
        per source, so a search exported in several files (Web of Science gives 1,000 records a file) adds up under one source.
      </p>
      <UploadsInProgress base={base} uploads={model.uploads} stored={model.stored} />
      <form method="post" action={model.upload.action} enctype="multipart/form-data" class="card upload-form">
        <CsrfField token={ctx.csrfToken} />
        <FormTokenField form={model.upload} />
        <FormErrors errors={errors} fields={['files', 'sourceType', 'sourceName', 'searchedOn', 'query', 'notes']} />
        <div class={errors?.files ? 'field dropzone has-error' : 'field dropzone'} data-dropzone>
          <label for="f-files">Export files</label>
          <input id="f-files" name="files" type="file" multiple required aria-describedby="f-files-hint" />
          <p class="hint" id="f-files-hint">
            Drop files here or choose them: RIS, BibTeX, PubMed (MEDLINE or XML), Web of Science, EndNote, CSL-JSON, CSV.
            Up to {model.uploadFiles} files of {model.uploadLimitMb} MB each. You see a preview before anything is stored.
          </p>
          {errors?.files && <p class="error">{errors.files}</p>}
        </div>
        <div class="search-fields">
          <div class="field">
            <label for="f-sourceType">Source type</label>
            <select id="f-sourceType" name="sourceType">
              {SOURCE_TYPES.map((t) => <option key={t.id} value={t.id} selected={(form.sourceType ?? 'database') === t.id}>{t.label}</option>)}
            </select>
          </div>
          <div class="field">
            <label for="f-sourceName">Source</label>
            <input id="f-sourceName" name="sourceName" list="common-sources" value={form.sourceName ?? ''} required maxLength={200} placeholder="e.g. Scopus" aria-invalid={errors?.sourceName ? true : undefined} />
            <datalist id="common-sources">{COMMON_SOURCES.map((s) => <option key={s} value={s} />)}</datalist>
            {errors?.sourceName && <p class="error">{errors.sourceName}</p>}
          </div>
          <Field name="searchedOn" label="Date searched" type="date" value={form.searchedOn ?? ''} errors={errors} />
        </div>
        <div class="two-columns">
          <Field name="query" label="Search query" value={form.query ?? ''} errors={errors} multiline rows={3} maxLength={20000} hint="Paste the exact search string, for the methods section." />
          <Field name="notes" label="Notes" value={form.notes ?? ''} errors={errors} multiline rows={3} maxLength={5000} hint="Limits, filters, who ran the search…" />
        </div>
        <button type="submit">Upload and preview</button>
      </form>

      <SearchesImported model={model} csrfToken={ctx.csrfToken} />
    </Layout>
  );
}

/**
 * The part of the page that changes while uploads are under way: it asks again by itself every two
 * seconds until none is, and the searches table comes along out of band.
 */
export function ImportStatus({ model, csrfToken }: { model: ImportsModel; csrfToken: string }) {
  return (
    <>
      <UploadsInProgress base={`/reviews/${model.review.slug}/imports`} uploads={model.uploads} stored={model.stored} />
      <SearchesImported model={model} csrfToken={csrfToken} outOfBand />
    </>
  );
}

function SearchesImported({ model, csrfToken, outOfBand = false }: { model: ImportsModel; csrfToken: string; outOfBand?: boolean }) {
  const { review, batches } = model;
  const base = `/reviews/${review.slug}/imports`;
  const active = batches.filter((b) => !b.removedAt);
  // While a search is being stored (or stopped part-way) it holds what is stored so far, not what the file had.
  const held = (b: BatchListItem) => model.stored.get(b.id) ?? b.imported;
  const unfinished = new Map(model.uploads.flatMap((u) => u.files.map((f) => [f.batchId, u.state] as const)));
  return (
    <section id="searches" {...(outOfBand ? { 'hx-swap-oob': 'true' } : {})}>
        <h2>Searches imported</h2>
        {active.length > 0 && (
          <p class="hint">
            {plural(active.reduce((sum, b) => sum + held(b), 0), 'record')} from {plural(active.length, 'search', 'searches')}
            {active.length < batches.length && `; ${plural(batches.length - active.length, 'search', 'searches')} removed`}.
          </p>
        )}
        {batches.length === 0 ? (
          <p class="empty">Nothing imported yet.</p>
        ) : (
          <table class="table batches">
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">Searched</th>
                <th scope="col">File</th>
                <th scope="col" class="count">Records</th>
                <th scope="col">Imported</th>
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <tr key={b.id} class={b.removedAt ? 'muted' : undefined}>
                  <td>{b.sourceName}<br /><span class="muted">{SOURCE_LABEL[b.sourceType]}</span></td>
                  <td class="date">{b.searchedOn ?? '—'}</td>
                  <td class="file">
                    <a href={`${base}/${b.id}/original`}>{b.fileName}</a>
                    <br /><span class="muted">{b.format} · {b.encoding}</span>
                  </td>
                  <td class="count">
                    {unfinished.get(b.id) === 'committing' && <><span class="badge">storing</span><br />{held(b).toLocaleString('en-GB')} stored of </>}
                    {unfinished.get(b.id) === 'interrupted' && <><span class="badge badge-warn">incomplete</span><br />{held(b).toLocaleString('en-GB')} stored of </>}
                    {b.imported.toLocaleString('en-GB')} of {b.found.toLocaleString('en-GB')}
                    {b.failed > 0 && <><br /><span class="error">{b.failed.toLocaleString('en-GB')} could not be read</span></>}
                  </td>
                  <td class="date">{b.createdAt.slice(0, 10)}<br /><span class="muted">{b.createdByName ?? 'command line'}</span></td>
                  <td class="actions">
                    {b.removedAt ? (
                      <span class="muted">Removed {b.removedAt.slice(0, 10)}</span>
                    ) : review.role === 'owner' && (
                      <PostButton
                        action={`${base}/${b.id}/remove`}
                        csrfToken={csrfToken}
                        label="Remove"
                        confirm={`Remove the ${held(b).toLocaleString('en-GB')} records of ${b.fileName}? The original file stays downloadable.`}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
  );
}

const UPLOAD_STATE: Record<ImportUpload['state'], string> = {
  reading: 'being read',
  ready: 'preview ready, waiting to be imported',
  failed: 'failed',
  cancelled: 'cancelled',
  committing: 'records being stored',
  interrupted: 'storing stopped part-way',
  checking: 'checking for duplicates',
  committed: 'imported',
};

const busy = (u: ImportUpload) => u.state === 'reading' || u.state === 'committing' || u.state === 'checking';

/** What is on its way in, so after a restart or from another computer nobody uploads it again. */
function UploadsInProgress({ base, uploads, stored }: { base: string; uploads: ImportUpload[]; stored: ReadonlyMap<number, number> }) {
  const polling = uploads.some(busy) ? { 'hx-get': base, 'hx-trigger': 'every 2s', 'hx-target': 'this', 'hx-swap': 'outerMorph' } : {};
  const storedOf = (u: ImportUpload) => u.files.reduce((n, f) => n + (f.batchId === null ? 0 : (stored.get(f.batchId) ?? 0)), 0);
  const total = (u: ImportUpload) => u.files.reduce((n, f) => n + (f.summary?.imported ?? 0), 0);
  return (
    <section id="uploads-in-progress" class="card uploads-in-progress" hidden={uploads.length === 0} {...polling}>
      <h2>In progress</h2>
      <ul>
        {uploads.map((u) => (
          <li key={u.id} data-upload-state={u.state}>
            <a href={`${base}/jobs/${u.id}`}>{u.search.sourceName}</a>: {plural(u.files.length, 'file')}, {UPLOAD_STATE[u.state]}
            {(u.state === 'committing' || u.state === 'interrupted') && <>, {plural(storedOf(u), 'record')} of {total(u).toLocaleString('en-GB')} stored</>}
            <span class="muted"> · uploaded by {u.createdByName ?? 'the command line'} at {u.createdAt.slice(11, 16)} UTC{u.state !== 'committing' && u.progress ? ` · ${u.progress}` : ''}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
