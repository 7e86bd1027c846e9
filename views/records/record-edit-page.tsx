import type { FieldErrors } from '../../src/domain-errors.js';
import type { RecordEditInput } from '../../src/records/record-fields.js';
import { CsrfField, Field, FormErrors } from '../components/forms.js';
import { plainTitle, RecordTitle } from '../components/record-title.js';
import type { ReviewNav } from '../layout.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';

export interface RecordEditModel {
  review: ReviewNav;
  /** The title as stored, for the heading (the form may hold an edited one). */
  storedTitle: string;
  recordUrl: string;
  editUrl: string;
  values: RecordEditInput;
  /** The record's `updatedAt` the form was built from, to notice someone else's save. */
  version: string;
  types: Array<{ value: string; label: string }>;
  errors?: FieldErrors;
}

const SHOWN = ['title', 'authors', 'year', 'journal', 'volume', 'issue', 'pages', 'doi', 'pmid', 'url', 'abstract', 'keywords', 'type', 'language', 'issn', 'publisher'];

/** Fix a record's metadata: any member may; every change goes into the review's history. */
export function RecordEditPage({ ctx, model }: { ctx: PageContext; model: RecordEditModel }) {
  const { values, errors } = model;
  const typeError = errors?.type;
  return (
    <Layout ctx={ctx} title={`Edit · ${plainTitle(model.storedTitle).slice(0, 80)}`} review={model.review}>
      <p class="breadcrumb"><a href={model.recordUrl}>← Back to the record</a></p>
      <h1>Edit record</h1>
      <p class="lede"><RecordTitle title={model.storedTitle} /></p>
      <p class="hint">Changes are recorded in the review's history with your name. The text as imported is kept unchanged.</p>
      <FormErrors errors={errors} fields={SHOWN} />
      <form method="post" action={model.editUrl} class="card record-edit-form">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="version" value={model.version} />
        <Field
          name="title"
          label="Title"
          value={values.title}
          errors={errors}
          required={model.storedTitle !== ''}
          multiline
          rows={2}
          maxLength={2000}
          hint={
            `<i>, <b>, <sub> and <sup> are kept (for species names or formulas); any other markup shows as text.${model.storedTitle === '' ? ' Imported without a title: leave it empty to keep it listed as [No title].' : ''}`
          }
        />
        <Field name="authors" label="Authors" value={values.authors} errors={errors} multiline rows={4} hint="One per line, in the order of the publication: Family, Given." />
        <div class="two-columns">
          <Field name="year" label="Year" value={values.year} errors={errors} maxLength={4} pattern="[0-9]{4}" />
          <Field name="journal" label="Journal or source" value={values.journal} errors={errors} maxLength={500} />
          <Field name="volume" label="Volume" value={values.volume} errors={errors} maxLength={50} />
          <Field name="issue" label="Issue" value={values.issue} errors={errors} maxLength={50} />
          <Field name="pages" label="Pages" value={values.pages} errors={errors} maxLength={50} />
          <Field name="doi" label="DOI" value={values.doi} errors={errors} maxLength={300} hint="Like 10.1177/0264550520926573; a doi.org link works too." />
          <Field name="pmid" label="PMID" value={values.pmid} errors={errors} maxLength={20} />
          <Field name="url" label="Web address" value={values.url} errors={errors} maxLength={2000} hint="http:// or https:// only." />
        </div>
        <Field name="abstract" label="Abstract" value={values.abstract} errors={errors} multiline rows={12} maxLength={50000} hint="Paragraphs are kept: leave a blank line between them." />
        <Field name="keywords" label="Keywords" value={values.keywords} errors={errors} multiline rows={4} hint="One per line." />
        <div class="two-columns">
          <div class={typeError ? 'field has-error' : 'field'}>
            <label for="f-type">Type</label>
            <select id="f-type" name="type" aria-invalid={typeError ? true : undefined} aria-describedby={typeError ? 'f-type-error' : undefined}>
              {model.types.map((type) => (
                <option key={type.value} value={type.value} selected={type.value === values.type}>{type.label}</option>
              ))}
            </select>
            {typeError && <p class="error" id="f-type-error">{typeError}</p>}
          </div>
          <Field name="language" label="Language" value={values.language} errors={errors} maxLength={50} />
          <Field name="issn" label="ISSN" value={values.issn} errors={errors} maxLength={100} />
          <Field name="publisher" label="Publisher" value={values.publisher} errors={errors} maxLength={300} />
        </div>
        <div class="form-actions">
          <button type="submit">Save changes</button>
          <a href={model.recordUrl}>Cancel</a>
        </div>
      </form>
    </Layout>
  );
}
