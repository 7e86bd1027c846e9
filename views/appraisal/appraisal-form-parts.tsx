import type { AnswerValue, AppraisalValue } from '../../src/appraisal/appraisal-rules.js';
import { labelOf, questionsFor, type Choice, type Instrument, type Question } from '../../src/appraisal/instruments/instrument-model.js';
import type { FieldErrors } from '../../src/domain-errors.js';

/** The pieces the appraisal form and the consensus form share: radio groups per question, a comment each. */

const fieldId = (prefix: string, id: string) => `${prefix}-${id.replace(/[^A-Za-z0-9]/g, '_')}`;

function ChoiceGroup(props: { prefix: string; name: string; legend: string; choices: readonly Choice[]; value: string; error?: string; hint?: string }) {
  const id = fieldId(props.prefix, props.name);
  return (
    <fieldset class={props.error ? 'extraction-input has-error' : 'extraction-input'} aria-describedby={props.error ? `${id}-error` : undefined}>
      <legend>{props.legend}</legend>
      {props.hint && <p class="hint">{props.hint}</p>}
      <div class="extraction-options extraction-options-inline">
        {props.choices.map((choice, i) => (
          <label key={choice.key} class="extraction-option" for={`${id}-${i}`}>
            <input id={`${id}-${i}`} type="radio" name={props.name} value={choice.key} checked={props.value === choice.key} /> {choice.label}
          </label>
        ))}
      </div>
      {props.error && <p class="error" id={`${id}-error`}>{props.error}</p>}
    </fieldset>
  );
}

function QuestionInput({ prefix, question, answers, value, errors }: { prefix: string; question: Question; answers: readonly Choice[]; value: AnswerValue | undefined; errors?: FieldErrors }) {
  const commentId = fieldId(prefix, `comment:${question.id}`);
  return (
    <div class="appraisal-question" data-question={question.id}>
      <ChoiceGroup prefix={prefix} name={`answer:${question.id}`} legend={`${question.id}. ${question.text}`} choices={answers} value={value?.answer ?? ''} error={errors?.[`answer:${question.id}`]} />
      <div class="field">
        <label for={commentId} class="muted">Comment on {question.id}</label>
        <textarea id={commentId} name={`comment:${question.id}`} rows={2} maxLength={2000}>{value?.comment ?? ''}</textarea>
        {errors?.[`comment:${question.id}`] && <p class="error">{errors[`comment:${question.id}`]}</p>}
      </div>
    </div>
  );
}

/** The instrument's questions for the chosen category, grouped by section, with the category choice and the overall judgement. */
export function AppraisalFields({ prefix, instrument, value, errors }: { prefix: string; instrument: Instrument; value: AppraisalValue; errors?: FieldErrors }) {
  const chosen = instrument.categories?.find((c) => c.key === value.category);
  return (
    <>
      {instrument.sections.map((section) => (
        <section key={section.heading} class="appraisal-section">
          <h3>{section.heading}</h3>
          {section.questions.map((q) => <QuestionInput key={q.id} prefix={prefix} question={q} answers={instrument.answers} value={value.answers[q.id]} errors={errors} />)}
        </section>
      ))}
      {instrument.categories && (
        <section class="appraisal-section">
          <h3>Category of study design</h3>
          <ChoiceGroup
            prefix={prefix}
            name="category"
            legend="Category"
            hint="Save after choosing to see its criteria. Changing the category clears the criteria answered for the previous one."
            choices={instrument.categories.map((c) => ({ key: c.key, label: c.label }))}
            value={value.category}
            error={errors?.category}
          />
          {chosen && (
            <>
              <h3>{chosen.label}</h3>
              {chosen.questions.map((q) => <QuestionInput key={q.id} prefix={prefix} question={q} answers={instrument.answers} value={value.answers[q.id]} errors={errors} />)}
            </>
          )}
        </section>
      )}
      <section class="appraisal-section">
        <h3>{instrument.overallLabel}</h3>
        <ChoiceGroup prefix={prefix} name="overall" legend={instrument.overallLabel} choices={instrument.overall} value={value.overall} error={errors?.overall} />
        <div class="field">
          <label for={`${prefix}-note`}>Note</label>
          <textarea id={`${prefix}-note`} name="note" rows={3} maxLength={5000}>{value.note}</textarea>
          {errors?.note && <p class="error">{errors.note}</p>}
        </div>
      </section>
    </>
  );
}

/** Read-only answers of one or more appraisals side by side (columns), with where they differ marked. */
export function AnswersTable({ instrument, columns }: { instrument: Instrument; columns: Array<{ heading: string; value: AppraisalValue }> }) {
  const categories = [...new Set(columns.map((c) => c.value.category))];
  const ids = new Set<string>();
  const questions = categories.flatMap((category) => questionsFor(instrument, category)).filter((q) => (ids.has(q.id) ? false : (ids.add(q.id), true)));
  const answer = (value: AppraisalValue, id: string) => {
    const a = value.answers[id];
    return a?.answer ? (labelOf(instrument.answers, a.answer) ?? a.answer) : '—';
  };
  const differs = (id: string) => columns.length > 1 && new Set(columns.map((c) => c.value.answers[id]?.answer ?? '')).size > 1;
  const categoryLabel = (key: string) => instrument.categories?.find((c) => c.key === key)?.label ?? '—';
  return (
    <table class="table appraisal-answers">
      <thead>
        <tr>
          <th scope="col">Question</th>
          {columns.map((c) => <th key={c.heading} scope="col">{c.heading}</th>)}
        </tr>
      </thead>
      <tbody>
        {instrument.categories && (
          <tr class={new Set(columns.map((c) => c.value.category)).size > 1 ? 'appraisal-differs' : undefined}>
            <th scope="row">Category</th>
            {columns.map((c) => <td key={c.heading}>{categoryLabel(c.value.category)}</td>)}
          </tr>
        )}
        {questions.map((q) => (
          <tr key={q.id} data-question={q.id} class={differs(q.id) ? 'appraisal-differs' : undefined}>
            <th scope="row">{q.id}. {q.text}{differs(q.id) && <span class="badge badge-warn">differs</span>}</th>
            {columns.map((c) => (
              <td key={c.heading}>
                {answer(c.value, q.id)}
                {c.value.answers[q.id]?.comment && <p class="hint">{c.value.answers[q.id]!.comment}</p>}
              </td>
            ))}
          </tr>
        ))}
        <tr>
          <th scope="row">{instrument.overallLabel}</th>
          {columns.map((c) => <td key={c.heading}>{labelOf(instrument.overall, c.value.overall) ?? '—'}{c.value.note && <p class="hint">{c.value.note}</p>}</td>)}
        </tr>
      </tbody>
    </table>
  );
}
