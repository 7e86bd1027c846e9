import type { FieldErrors } from '../../src/domain-errors.js';
import { STATUS_LABELS, type ExtractionStatus } from '../../src/extraction/extraction-queries.js';
import { hasOther, inputParts, KINDS, LONG_TEXT_MAX, OTHER_DETAIL_MAX, SHORT_TEXT_MAX, YEAR_MAX, YEAR_MIN, YES_NO_UNCLEAR, type ExtractionField, type RawFieldInput } from '../../src/extraction/field-types.js';
import { inputName } from '../../src/extraction/values-service.js';
import { CsrfField } from '../components/forms.js';
import { RecordTitle } from '../components/record-title.js';
import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';

export interface StudyExtractionModel {
  /** /reviews/:slug/coding/studies/:id/extraction */
  action: string;
  /** The form builder, /reviews/:slug/coding/form. */
  builderUrl: string;
  recordId: number;
  csrfToken: string;
  /** Owners get a link to change the form. */
  canEditForm: boolean;
  fields: ExtractionField[];
  /** What each input shows: the stored value, or what was sent when the save was refused. */
  inputs: Map<number, RawFieldInput>;
  errors: FieldErrors;
  status: ExtractionStatus;
  filled: number;
  lastSaved: { name: string | null; at: string } | null;
  notice?: string;
}

/** Every id in the fragment starts with this, so it can sit inside any page (the coding page embeds it). */
export const sectionIdOf = (recordId: number) => `extraction-${recordId}`;

/**
 * The extraction form of one study: self-contained (its own forms and CSRF token, ids prefixed by
 * the study), so the coding page can load it with hx-get and hx-trigger="load". Saving answers with
 * this same section; the status buttons answer with the status bar alone, so unsaved typing stays.
 */
export function StudyExtractionSection({ model }: { model: StudyExtractionModel }) {
  const id = sectionIdOf(model.recordId);
  const errorCount = Object.keys(model.errors).length;
  const fieldErrors = model.fields.filter((f) => model.errors[inputName(f.id)] !== undefined).length;
  return (
    <section id={id} class="extraction" aria-labelledby={`${id}-title`}>
      <div class="extraction-head">
        <h2 id={`${id}-title`}>Extraction</h2>
        {model.canEditForm && <a href={model.builderUrl} class="extraction-edit-form">Edit the form</a>}
      </div>
      <StatusBar model={model} />
      {model.notice && <p class="alert alert-ok extraction-saved" role="status">{model.notice}</p>}
      {errorCount > 0 && (
        <div class="alert alert-error" role="alert">
          <p>Nothing was saved{fieldErrors === 0 ? '.' : `: ${fieldErrors === 1 ? 'one value needs' : `${fieldErrors} values need`} correcting.`}</p>
          {Object.entries(model.errors)
            .filter(([name]) => !model.fields.some((f) => inputName(f.id) === name))
            .map(([name, message]) => <p key={name}>{message}</p>)}
        </div>
      )}
      {model.fields.length === 0 ? (
        <p class="empty">
          The review has no extraction form yet. {model.canEditForm ? <a href={model.builderUrl}>Build it</a> : 'A review owner builds it.'}
        </p>
      ) : (
        <form method="post" action={model.action} hx-post={model.action} hx-target={`#${id}`} hx-swap="outerHTML" class="extraction-form">
          <CsrfField token={model.csrfToken} />
          {model.fields.map((field) => <FieldInput key={field.id} model={model} field={field} />)}
          <div class="form-actions extraction-actions">
            <button type="submit">Save</button>
            {model.status !== 'complete' && (
              <button type="submit" name="status" value="complete" class="button-secondary">Save and mark complete</button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}

/** Where the study stands, with the one button that changes it. Swapped alone by the status buttons. */
export function StatusBar({ model }: { model: StudyExtractionModel }) {
  const id = `${sectionIdOf(model.recordId)}-status`;
  const next = model.status === 'complete' ? 'in_progress' : 'complete';
  return (
    <div id={id} class="extraction-status">
      <span class={`badge extraction-status-${model.status.replace('_', '-')}`}>{STATUS_LABELS[model.status]}</span>
      <span class="muted">
        {model.filled} of {model.fields.length} {model.fields.length === 1 ? 'field' : 'fields'} filled
        {model.lastSaved && <>{' · last saved'}{model.lastSaved.name && <> by {model.lastSaved.name}</>} <time datetime={model.lastSaved.at}>{model.lastSaved.at.slice(0, 16).replace('T', ' ')}</time></>}
      </span>
      {(model.fields.length > 0 || model.status === 'complete') && (
        <form method="post" action={`${model.action}/status`} hx-post={`${model.action}/status`} hx-target={`#${id}`} hx-swap="outerHTML" class="inline">
          <CsrfField token={model.csrfToken} />
          <input type="hidden" name="status" value={next} />
          <button type="submit" class="button-secondary extraction-status-button">{next === 'complete' ? 'Mark complete' : 'Mark in progress'}</button>
        </form>
      )}
    </div>
  );
}

function FieldInput({ model, field }: { model: StudyExtractionModel; field: ExtractionField }) {
  const name = inputName(field.id);
  const id = `${sectionIdOf(model.recordId)}-${name}`;
  const error = model.errors[name];
  const parts = inputParts(model.inputs.get(field.id));
  const describedBy = [field.help && `${id}-help`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const aria = { 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined };
  const help = field.help && <p class="hint" id={`${id}-help`}>{field.help}</p>;
  const errorLine = error && <p class="error" id={`${id}-error`}>{error}</p>;
  const wrapper = `field extraction-input extraction-input-${field.kind.replace(/_/g, '-')}${error ? ' has-error' : ''}`;

  if (field.kind === 'single_choice' || field.kind === 'multiple_choice' || field.kind === 'yes_no_unclear') {
    const multiple = field.kind === 'multiple_choice';
    const options: Array<[string, string]> =
      field.kind === 'yes_no_unclear' ? YES_NO_UNCLEAR.map((v) => [v, KINDS.yes_no_unclear.display(field, v)]) : field.choices.map((c) => [c, c]);
    const chosen = new Set(multiple ? parts.values : [field.kind === 'yes_no_unclear' ? parts.value.toLowerCase() : parts.value]);
    return (
      <fieldset class={wrapper} {...aria}>
        <legend>{field.label}</legend>
        {help}
        {/* Always sent, so "nothing ticked" reaches the server as an empty value rather than as no field. */}
        <input type="hidden" name={name} value="" />
        <div class={field.kind === 'yes_no_unclear' ? 'extraction-options extraction-options-inline' : 'extraction-options'}>
          {options.map(([value, label], index) => (
            <label key={value} class="extraction-option" for={`${id}-${index}`}>
              <input id={`${id}-${index}`} type={multiple ? 'checkbox' : 'radio'} name={name} value={value} checked={chosen.has(value)} />
              {' '}{label}
            </label>
          ))}
          {!multiple && (
            <label class="extraction-option extraction-option-none" for={`${id}-none`}>
              <input id={`${id}-none`} type="radio" name={name} value="" checked={parts.value === ''} /> <span class="muted">No answer</span>
            </label>
          )}
        </div>
        {errorLine}
      </fieldset>
    );
  }

  if (field.kind === 'jurisdiction') {
    const otherAllowed = hasOther(field.choices);
    return (
      <div class={wrapper}>
        <label for={id}>{field.label}</label>
        {help}
        <div class="extraction-jurisdiction">
          <select id={id} name={name} {...aria}>
            <option value="" selected={parts.value === ''}>—</option>
            {field.choices.map((c) => <option key={c} value={c} selected={parts.value === c}>{c}</option>)}
            {parts.value !== '' && !field.choices.includes(parts.value) && <option value={parts.value} selected>{parts.value}</option>}
          </select>
          {otherAllowed && (
            <span class="extraction-other">
              <label for={`${id}-other`} class="extraction-other-label">If other, which</label>
              <input id={`${id}-other`} name={`${name}-other`} value={parts.other} maxLength={OTHER_DETAIL_MAX} />
            </span>
          )}
        </div>
        {errorLine}
      </div>
    );
  }

  const input = (() => {
    switch (field.kind) {
      case 'long_text':
        return <textarea id={id} name={name} rows={5} maxLength={LONG_TEXT_MAX} {...aria}>{parts.value}</textarea>;
      case 'number':
        return <input id={id} name={name} type="number" step="any" inputMode="decimal" value={parts.value} class="extraction-number" {...aria} />;
      case 'year':
        return <input id={id} name={name} type="number" step="1" min={String(YEAR_MIN)} max={String(YEAR_MAX)} inputMode="numeric" value={parts.value} class="extraction-year" {...aria} />;
      default:
        return <input id={id} name={name} type="text" maxLength={SHORT_TEXT_MAX} value={parts.value} {...aria} />;
    }
  })();
  return (
    <div class={wrapper}>
      <label for={id}>{field.label}</label>
      {help}
      {input}
      {errorLine}
    </div>
  );
}

export interface StudyHeading {
  label: string;
  title: string;
  /** The study's coding page, /reviews/:slug/coding/studies/:id. */
  codingUrl: string;
  codingHome: string;
}

/** The same section as a page of its own, for a direct link and for browsers without JavaScript. */
export function StudyExtractionPage({ ctx, review, study, model }: { ctx: PageContext; review: ReviewNav; study: StudyHeading; model: StudyExtractionModel }) {
  return (
    <Layout ctx={ctx} title={`Extraction · ${study.label}`} review={review}>
      <p class="breadcrumb">
        <a href={study.codingHome}>← Coding</a> · <a href={study.codingUrl}>Code this study</a>
      </p>
      <h1 class="extraction-study-title">
        <span class="extraction-study-label">{study.label}</span> <RecordTitle title={study.title} />
      </h1>
      <StudyExtractionSection model={model} />
    </Layout>
  );
}
