import type { FieldErrors } from '../../src/domain-errors.js';
import type { ReviewFields } from '../../src/reviews/review-repository.js';
import type { CreatingForm } from '../../src/http/form-token.js';
import { CsrfField, Field, FormErrors, FormTokenField } from '../components/forms.js';
import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { ReviewArchiveSection } from './review-archive-section.js';

interface ReviewFormProps {
  ctx: PageContext;
  fields: ReviewFields;
  errors?: FieldErrors;
  /** Absent when creating a review. */
  review?: ReviewNav;
  /** Creating: the form, with its one-time token. */
  creating?: CreatingForm;
  /** Creating: whether the codebook template box is ticked. */
  codebookTemplate?: boolean;
  /** The upload limit, for the review-file import form. */
  uploadLimitMb: number;
}

/** Creating a review and editing its details share one form. */
export function ReviewFormPage({ ctx, fields, errors, review, creating, codebookTemplate, uploadLimitMb }: ReviewFormProps) {
  const editing = review !== undefined;
  return (
    <Layout ctx={ctx} title={editing ? 'Review settings' : 'New review'} review={review}>
      <h1>{editing ? 'Review settings' : 'New review'}</h1>
      <form method="post" action={creating?.action ?? `/reviews/${review!.slug}/settings`} class="card form-card">
        <CsrfField token={ctx.csrfToken} />
        {creating && <FormTokenField form={creating} />}
        <FormErrors errors={errors} fields={['title', 'slug', 'question', 'description']} />
        <Field name="title" label="Title" value={fields.title} errors={errors} required maxLength={300} autofocus={!editing} />
        <Field
          name="slug"
          label="Short name"
          value={fields.slug}
          errors={errors}
          required={editing}
          maxLength={40}
          hint="Used in addresses and on the command line, e.g. desistance-coops. Lowercase letters, digits and hyphens. Leave empty to derive it from the title."
        />
        <Field name="question" label="Research question" value={fields.question} errors={errors} multiline rows={2} maxLength={2000} />
        <Field name="description" label="Description" value={fields.description} errors={errors} multiline rows={5} maxLength={10000} />
        {!editing && (
          <div class="field checkbox template-choice">
            <input id="f-codebookTemplate" name="codebookTemplate" type="checkbox" value="1" checked={codebookTemplate} aria-describedby="f-codebookTemplate-hint" />
            <div>
              <label for="f-codebookTemplate">Start the codebook from the desistance / social co-operatives framework</label>
              <p class="hint" id="f-codebookTemplate-hint">Level × Direction, seven themes and Jurisdiction, ready to adapt on the Coding tab.</p>
            </div>
          </div>
        )}
        <button type="submit">{editing ? 'Save changes' : 'Create review'}</button>
      </form>
      <ReviewArchiveSection csrfToken={ctx.csrfToken} uploadLimitMb={uploadLimitMb} slug={review?.slug} canImport={ctx.account?.isOwner ?? false} />
    </Layout>
  );
}
