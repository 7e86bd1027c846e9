import type { ExtractionKind } from '../../src/db/schema.js';
import type { FieldErrors } from '../../src/domain-errors.js';
import { DEFAULT_JURISDICTIONS, FIELD_KINDS, KINDS, type ExtractionField } from '../../src/extraction/field-types.js';
import { CHOICES_MAX, CHOICES_MIN, HELP_MAX, LABEL_MAX } from '../../src/extraction/form-service.js';
import type { CreatingForm } from '../../src/http/form-token.js';
import { CsrfField, FormTokenField } from '../components/forms.js';
import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';

export interface BuilderField extends ExtractionField {
  /** How many studies hold a value for it. */
  values: number;
}

/** What the person typed into a form that was refused, shown back with the errors. */
export interface FieldDraft {
  label: string;
  help: string;
  kind: ExtractionKind | '';
  choicesText: string;
}

export interface ExtractionBuilderModel {
  /** /reviews/:slug/coding/form */
  base: string;
  codingUrl: string;
  csrfToken: string;
  canEdit: boolean;
  /** The form adding a field, with its one-time token. */
  addField: CreatingForm;
  fields: BuilderField[];
  /** A refused add (`new`) or edit (a field id): its errors and what was typed. */
  refused?: { target: 'new' | number; errors: FieldErrors; draft: FieldDraft };
  /** A delete that needs its second step. */
  confirmDelete?: { id: number; label: string; values: number };
  notice?: string;
}

export const BUILDER_ID = 'extraction-builder';
const swap = { 'hx-target': `#${BUILDER_ID}`, 'hx-swap': 'outerHTML' };
const countValues = (n: number) => (n === 1 ? '1 study has a value' : `${n} studies have a value`);

/** The builder: the fields in order, each editable in place, and the form to add one. Swapped whole by htmx. */
export function ExtractionBuilder({ model }: { model: ExtractionBuilderModel }) {
  return (
    <div id={BUILDER_ID} class="extraction-builder">
      {model.notice && <p class="alert alert-ok" role="status">{model.notice}</p>}
      {model.confirmDelete && <DeleteConfirmation model={model} confirm={model.confirmDelete} />}
      {model.fields.length === 0 ? (
        <p class="empty">{model.canEdit ? 'No fields yet. Add the first below: what do you want to record for every included study?' : 'No fields yet. A review owner builds the form.'}</p>
      ) : (
        <ol class="extraction-fields">
          {model.fields.map((field, index) => <FieldItem key={field.id} model={model} field={field} index={index} />)}
        </ol>
      )}
      {model.canEdit && <AddFieldForm model={model} />}
    </div>
  );
}

function KindBadge({ kind }: { kind: ExtractionKind }) {
  return <span class={`badge extraction-kind extraction-kind-${kind.replace(/_/g, '-')}`}>{KINDS[kind].label}</span>;
}

function FieldItem({ model, field, index }: { model: ExtractionBuilderModel; field: BuilderField; index: number }) {
  const refused = model.refused?.target === field.id ? model.refused : undefined;
  const id = `extraction-field-${field.id}`;
  return (
    <li id={id} class="extraction-field-item">
      <div class="extraction-field-head">
        <span class="extraction-field-label">{field.label}</span>
        <KindBadge kind={field.kind} />
        {field.values > 0 && <span class="extraction-field-uses">{countValues(field.values)}</span>}
        {model.canEdit && (
          <span class="extraction-field-actions">
            <MoveButton model={model} field={field} direction="up" disabled={index === 0} />
            <MoveButton model={model} field={field} direction="down" disabled={index === model.fields.length - 1} />
            <form method="post" action={`${model.base}/fields/${field.id}/delete`} hx-post={`${model.base}/fields/${field.id}/delete`} {...swap} class="inline">
              <CsrfField token={model.csrfToken} />
              <button type="submit" class="button-icon" aria-label={`Delete “${field.label}”`}>Delete</button>
            </form>
          </span>
        )}
      </div>
      {field.help && <p class="hint extraction-field-help">{field.help}</p>}
      {field.choices.length > 0 && (
        <ul class="chips extraction-choices" aria-label={`Choices of “${field.label}”`}>
          {field.choices.map((choice) => <li key={choice} class="chip">{choice}</li>)}
        </ul>
      )}
      {model.canEdit && (
        <details class="extraction-field-edit" open={refused !== undefined}>
          <summary>Edit</summary>
          <FieldForm
            model={model}
            target={`${model.base}/fields/${field.id}`}
            prefix={id}
            kind={field.kind}
            draft={refused?.draft ?? { label: field.label, help: field.help, kind: field.kind, choicesText: field.choices.join('\n') }}
            errors={refused?.errors ?? {}}
            submit="Save field"
          />
        </details>
      )}
    </li>
  );
}

function MoveButton({ model, field, direction, disabled }: { model: ExtractionBuilderModel; field: BuilderField; direction: 'up' | 'down'; disabled: boolean }) {
  const label = `Move “${field.label}” ${direction}`;
  return (
    <form method="post" action={`${model.base}/fields/${field.id}/move`} hx-post={`${model.base}/fields/${field.id}/move`} {...swap} class="inline">
      <CsrfField token={model.csrfToken} />
      <input type="hidden" name="direction" value={direction} />
      <button type="submit" class="button-icon" aria-label={label} title={label} disabled={disabled}>{direction === 'up' ? '↑' : '↓'}</button>
    </form>
  );
}

function DeleteConfirmation({ model, confirm }: { model: ExtractionBuilderModel; confirm: NonNullable<ExtractionBuilderModel['confirmDelete']> }) {
  const values = confirm.values === 1 ? '1 value' : `${confirm.values} values`;
  return (
    <div class="alert alert-warn extraction-delete-confirm" role="alert">
      <p>
        <strong>“{confirm.label}” holds {confirm.values === 1 ? 'a value for 1 study' : `values for ${confirm.values} studies`}.</strong> Deleting the field deletes{' '}
        {confirm.values === 1 ? 'that value' : 'those values'} too, and they cannot be brought back.
      </p>
      <form method="post" action={`${model.base}/fields/${confirm.id}/delete`} hx-post={`${model.base}/fields/${confirm.id}/delete`} {...swap} class="inline">
        <CsrfField token={model.csrfToken} />
        <input type="hidden" name="confirm" value={String(confirm.values)} />
        <button type="submit" class="button-danger">Delete the field and its {values}</button>
      </form>{' '}
      <a href={model.base} class="button button-secondary">Keep it</a>
    </div>
  );
}

function AddFieldForm({ model }: { model: ExtractionBuilderModel }) {
  const refused = model.refused?.target === 'new' ? model.refused : undefined;
  return (
    <section class="card extraction-add" aria-labelledby="extraction-new-title">
      <h2 id="extraction-new-title">Add a field</h2>
      <FieldForm
        model={model}
        target={model.addField}
        prefix="extraction-new"
        draft={refused?.draft ?? { label: '', help: '', kind: '', choicesText: '' }}
        errors={refused?.errors ?? {}}
        submit="Add field"
      />
    </section>
  );
}

/** The add form (`target` with its one-time token, and a kind menu) and each field's edit form (its kind is fixed). */
function FieldForm(props: { model: ExtractionBuilderModel; target: string | CreatingForm; prefix: string; kind?: ExtractionKind; draft: FieldDraft; errors: FieldErrors; submit: string }) {
  const { prefix, draft, errors } = props;
  const id = (name: string) => `${prefix}-${name}`;
  const error = (name: string) => errors[name] && <p class="error" id={id(`${name}-error`)}>{errors[name]}</p>;
  const invalid = (name: string) => (errors[name] ? { 'aria-invalid': true, 'aria-describedby': id(`${name}-error`) } : {});
  const fixedKind = props.kind;
  const showChoices = fixedKind === undefined || KINDS[fixedKind].hasChoices;
  const other = Object.entries(errors).filter(([name]) => !['label', 'help', 'kind', 'choices'].includes(name));
  const action = typeof props.target === 'string' ? props.target : props.target.action;
  return (
    <form method="post" action={action} hx-post={action} {...swap} class="extraction-field-form">
      <CsrfField token={props.model.csrfToken} />
      {typeof props.target !== 'string' && <FormTokenField form={props.target} />}
      {other.map(([name, message]) => <p key={name} class="error" role="alert">{message}</p>)}
      <div class="extraction-field-form-row">
        <div class={errors.label ? 'field has-error' : 'field'}>
          <label for={id('label')}>Label</label>
          <input id={id('label')} name="label" value={draft.label} required maxLength={LABEL_MAX} {...invalid('label')} />
          {error('label')}
        </div>
        {fixedKind === undefined ? (
          <div class={errors.kind ? 'field field-kind has-error' : 'field field-kind'}>
            <label for={id('kind')}>Kind</label>
            <select id={id('kind')} name="kind" required {...invalid('kind')}>
              <option value="" selected={draft.kind === ''}>Choose…</option>
              {FIELD_KINDS.map((kind) => <option key={kind} value={kind} selected={draft.kind === kind}>{KINDS[kind].label}</option>)}
            </select>
            {error('kind')}
          </div>
        ) : (
          <p class="field field-kind extraction-fixed-kind">
            <span class="extraction-fixed-kind-label">Kind</span> <KindBadge kind={fixedKind} />
          </p>
        )}
      </div>
      <div class={errors.help ? 'field has-error' : 'field'}>
        <label for={id('help')}>Help for the extractor <span class="muted">(optional)</span></label>
        <textarea id={id('help')} name="help" rows={2} maxLength={HELP_MAX} {...invalid('help')}>{draft.help}</textarea>
        {error('help')}
      </div>
      {showChoices && (
        <div class={errors.choices ? 'field has-error' : 'field'}>
          <label for={id('choices')}>{fixedKind === 'jurisdiction' ? 'Jurisdictions' : 'Choices'}</label>
          <textarea id={id('choices')} name="choices" rows={fixedKind === undefined ? 4 : Math.min(12, Math.max(4, draft.choicesText.split('\n').length + 1))} aria-describedby={errors.choices ? `${id('choices-error')} ${id('choices-hint')}` : id('choices-hint')} aria-invalid={errors.choices ? true : undefined}>{draft.choicesText}</textarea>
          <p class="hint" id={id('choices-hint')}>
            {fixedKind === undefined
              ? `Only for single choice, multiple choice and jurisdiction: one per line, ${CHOICES_MIN} to ${CHOICES_MAX}. Leave empty for a jurisdiction field to use ${DEFAULT_JURISDICTIONS.join(', ')}.`
              : `One per line, ${CHOICES_MIN} to ${CHOICES_MAX}. A choice studies use cannot be removed.${fixedKind === 'jurisdiction' ? ' With “Other” in the list, extractors can name another jurisdiction.' : ''}`}
          </p>
          {error('choices')}
        </div>
      )}
      <button type="submit">{props.submit}</button>
    </form>
  );
}

export function ExtractionBuilderPage({ ctx, review, model }: { ctx: PageContext; review: ReviewNav; model: ExtractionBuilderModel }) {
  return (
    <Layout ctx={ctx} title={`Extraction form · ${review.title}`} review={review}>
      <p class="breadcrumb"><a href={model.codingUrl}>← Coding</a></p>
      <h1>Extraction form</h1>
      <p class="lede">
        The facts recorded for every included study, in this order: they become columns of the synthesis matrix and the exports. Every field is optional.
        {model.canEdit ? ' Changes are recorded in the history.' : ' Only review owners change the form.'}
      </p>
      {model.canEdit && (
        <details class="hint extraction-kinds-help">
          <summary>The kinds of field</summary>
          <dl>
            {FIELD_KINDS.map((kind) => [<dt key={`${kind}-t`}>{KINDS[kind].label}</dt>, <dd key={`${kind}-d`}>{KINDS[kind].description}</dd>])}
          </dl>
        </details>
      )}
      <ExtractionBuilder model={model} />
    </Layout>
  );
}
