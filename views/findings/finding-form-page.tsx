import type { FieldErrors } from '../../src/domain-errors.js';
import { COMPONENT_LABEL, COMPONENT_QUESTION, COMPONENTS, CONCERN_LABEL, CONCERNS, CONFIDENCE_LABEL, CONFIDENCES, type AssessmentDraft } from '../../src/findings/cerqual.js';
import type { CreatingForm } from '../../src/http/form-token.js';
import { pageLocation } from '../../src/synthesis/export-text.js';
import { CsrfField, Field, FormErrors, FormTokenField } from '../components/forms.js';
import { RecordTitle } from '../components/record-title.js';
import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';

/** The form's values as typed (ids as numbers once read). */
export interface FindingDraft {
  statement: string;
  /** '' for no theme. */
  codeId: string;
  studyIds: number[];
  excerptIds: number[];
  assessment: AssessmentDraft;
}

export interface FindingFormModel {
  /** /reviews/:slug/findings */
  base: string;
  /** Where the form posts: `${base}` to add, `${base}/:id` to save. */
  action: string;
  /** The finding's number in the table when editing. */
  number: number | null;
  csrfToken: string;
  creating?: CreatingForm;
  draft: FindingDraft;
  errors?: FieldErrors;
  themes: Array<{ id: number; path: string[]; depth: number }>;
  studies: Array<{ id: number; label: string; title: string }>;
  /** Excerpts of the contributing studies carrying the theme (and any chosen before). */
  excerpts: Array<{ id: number; label: string; location: string; text: string }>;
}

export const emptyDraft = (): FindingDraft => ({
  statement: '',
  codeId: '',
  studyIds: [],
  excerptIds: [],
  assessment: { components: Object.fromEntries(COMPONENTS.map((c) => [c, { concern: '', explanation: '' }])) as AssessmentDraft['components'], confidence: '', explanation: '' },
});

const FIELDS = ['statement', 'codeId', 'studyIds', 'excerptIds', 'confidence', 'confidenceExplanation', ...COMPONENTS.flatMap((c) => [`${c}Concern`, `${c}Explanation`])];

function ErrorText({ id, error }: { id: string; error: string | undefined }) {
  return error ? <p class="error" id={id}>{error}</p> : null;
}

/** One CERQual judgement: the levels as radio buttons (arrow keys move between them), then its explanation. */
function Judgement(props: { name: string; legend: string; hint: string; options: ReadonlyArray<readonly [string, string]>; value: string; explanationName: string; explanation: string; errors?: FieldErrors }) {
  const error = props.errors?.[props.name];
  return (
    <fieldset class={error || props.errors?.[props.explanationName] ? 'cerqual-judgement has-error' : 'cerqual-judgement'} aria-describedby={`f-${props.name}-hint`}>
      <legend>{props.legend}</legend>
      <p class="hint" id={`f-${props.name}-hint`}>{props.hint}</p>
      <div class="cerqual-levels">
        {[['', 'Not assessed yet'] as const, ...props.options].map(([value, label]) => (
          <label key={value} class="cerqual-level">
            <input type="radio" name={props.name} value={value} checked={props.value === value} aria-describedby={error ? `f-${props.name}-error` : undefined} /> {label}
          </label>
        ))}
      </div>
      <ErrorText id={`f-${props.name}-error`} error={error} />
      <Field name={props.explanationName} label="Explanation" multiline rows={3} value={props.explanation} errors={props.errors} />
    </fieldset>
  );
}

function StudyPicker({ model }: { model: FindingFormModel }) {
  const chosen = new Set(model.draft.studyIds);
  const error = model.errors?.studyIds;
  if (model.studies.length === 0) return <p class="hint">No included studies yet: contributing studies are chosen among them.</p>;
  return (
    <fieldset class={error ? 'finding-studies has-error' : 'finding-studies'} data-filter-list>
      <legend>Studies contributing to the review finding</legend>
      <label for="f-study-filter" class="visually-hidden">Find a study</label>
      <input id="f-study-filter" type="search" placeholder="Find a study by author, year or title" data-filter-input aria-controls="f-study-list" autocomplete="off" />
      <ul id="f-study-list" class="finding-study-list">
        {model.studies.map((s) => (
          <li key={s.id} data-filter-text={`${s.label} ${s.title}`}>
            <label>
              <input type="checkbox" name="studyIds" value={String(s.id)} checked={chosen.has(s.id)} /> <strong>{s.label}</strong> <span class="muted"><RecordTitle title={s.title} /></span>
            </label>
          </li>
        ))}
      </ul>
      <p class="hint" data-filter-empty hidden>No study matches.</p>
      <ErrorText id="f-studyIds-error" error={error} />
    </fieldset>
  );
}

function ExcerptPicker({ model }: { model: FindingFormModel }) {
  const chosen = new Set(model.draft.excerptIds);
  const error = model.errors?.excerptIds;
  if (model.excerpts.length === 0) {
    return (
      <>
        <p class="hint">Supporting excerpts: once the finding has contributing studies (and a theme), their excerpts on the theme can be chosen here.</p>
        <ErrorText id="f-excerptIds-error" error={error} />
      </>
    );
  }
  return (
    <fieldset class={error ? 'finding-excerpts has-error' : 'finding-excerpts'}>
      <legend>Supporting excerpts</legend>
      <ul class="finding-excerpt-list">
        {model.excerpts.map((e) => (
          <li key={e.id}>
            <label>
              <input type="checkbox" name="excerptIds" value={String(e.id)} checked={chosen.has(e.id)} /> <strong>{e.label}</strong>{e.location && ` (${pageLocation(e.location)})`}: <q>{e.text}</q>
            </label>
          </li>
        ))}
      </ul>
      <ErrorText id="f-excerptIds-error" error={error} />
    </fieldset>
  );
}

export function FindingFormPage({ ctx, review, model }: { ctx: PageContext; review: ReviewNav; model: FindingFormModel }) {
  const title = model.number === null ? 'Add a review finding' : `Finding ${model.number}`;
  const { draft, errors } = model;
  const themeError = errors?.codeId;
  return (
    <Layout ctx={ctx} title={title} review={review}>
      <script src="/assets/filter-list.js" defer></script>
      <p class="breadcrumb"><a href={model.base}>Review findings</a></p>
      <h1>{title}</h1>
      <form method="post" action={model.action} class="form-card finding-form">
        <CsrfField token={model.csrfToken} />
        {model.creating && <FormTokenField form={model.creating} />}
        <FormErrors errors={errors} fields={FIELDS} />
        <Field name="statement" label="Summary of review finding" multiline rows={4} value={draft.statement} errors={errors} required autofocus hint="What the studies show, in a sentence or two: the finding as the Summary of Qualitative Findings table states it." />
        <div class={themeError ? 'field has-error' : 'field'}>
          <label for="f-codeId">Theme</label>
          <select id="f-codeId" name="codeId" aria-invalid={themeError ? true : undefined} aria-describedby={themeError ? 'f-codeId-error' : undefined}>
            <option value="" selected={draft.codeId === ''}>No theme</option>
            {model.themes.map((t) => (
              <option key={t.id} value={String(t.id)} selected={draft.codeId === String(t.id)}>{t.path.join(' › ')}</option>
            ))}
          </select>
          <ErrorText id="f-codeId-error" error={themeError} />
        </div>
        <StudyPicker model={model} />
        <ExcerptPicker model={model} />
        <h2>GRADE-CERQual assessment</h2>
        <p class="hint">Judge each component’s level of concern and say why; then the overall confidence, with its explanation.</p>
        {COMPONENTS.map((c) => (
          <Judgement
            key={c}
            name={`${c}Concern`}
            legend={COMPONENT_LABEL[c]}
            hint={COMPONENT_QUESTION[c]}
            options={CONCERNS.map((level) => [level, CONCERN_LABEL[level]] as const)}
            value={draft.assessment.components[c].concern}
            explanationName={`${c}Explanation`}
            explanation={draft.assessment.components[c].explanation}
            errors={errors}
          />
        ))}
        <Judgement
          name="confidence"
          legend="Overall CERQual assessment of confidence"
          hint="How far the finding is a reasonable representation of the phenomenon of interest; start from high confidence and move down for concerns in the components."
          options={CONFIDENCES.map((level) => [level, CONFIDENCE_LABEL[level]] as const)}
          value={draft.assessment.confidence}
          explanationName="confidenceExplanation"
          explanation={draft.assessment.explanation}
          errors={errors}
        />
        <div class="form-actions">
          <button type="submit">{model.number === null ? 'Add finding' : 'Save finding'}</button>
          <a href={model.base}>Cancel</a>
        </div>
      </form>
    </Layout>
  );
}
