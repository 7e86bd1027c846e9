import type { CustomInstrumentDraft } from '../../src/appraisal/instruments/custom-instrument.js';
import type { FieldErrors } from '../../src/domain-errors.js';
import { CsrfField, Field, FormErrors } from '../components/forms.js';
import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';

export interface AppraisalSettingsModel {
  base: string;
  csrfToken: string;
  instrument: string;
  appraisers: 1 | 2;
  instruments: Array<{ key: string; name: string; source: string }>;
  custom: CustomInstrumentDraft;
  customDefined: boolean;
  settingErrors?: FieldErrors;
  customErrors?: FieldErrors;
}

export function AppraisalSettingsPage({ ctx, review, model }: { ctx: PageContext; review: ReviewNav; model: AppraisalSettingsModel }) {
  return (
    <Layout ctx={ctx} title="Appraisal settings" review={review}>
      <p class="breadcrumb"><a href={model.base}>Quality appraisal</a></p>
      <h1>Appraisal settings</h1>
      <section class="card" aria-labelledby="setting-heading">
        <h2 id="setting-heading">Instrument and appraisers</h2>
        <form method="post" action={`${model.base}/settings`} class="extraction-form">
          <CsrfField token={model.csrfToken} />
          <FormErrors errors={model.settingErrors} fields={[]} />
          <fieldset class="extraction-input">
            <legend>Instrument</legend>
            <div class="extraction-options">
              {model.instruments.map((i) => (
                <label key={i.key} class="extraction-option" for={`instrument-${i.key}`}>
                  <input id={`instrument-${i.key}`} type="radio" name="instrument" value={i.key} checked={model.instrument === i.key} /> {i.name}
                </label>
              ))}
            </div>
            <p class="hint">A study already appraised keeps the instrument it was appraised with; a change applies to the studies not yet appraised.</p>
          </fieldset>
          <fieldset class="extraction-input">
            <legend>Appraisers per study</legend>
            <div class="extraction-options">
              <label class="extraction-option" for="appraisers-1"><input id="appraisers-1" type="radio" name="appraisers" value="1" checked={model.appraisers === 1} /> One appraiser</label>
              <label class="extraction-option" for="appraisers-2"><input id="appraisers-2" type="radio" name="appraisers" value="2" checked={model.appraisers === 2} /> Two independent appraisers, blind to each other until both finish, then a consensus</label>
            </div>
          </fieldset>
          <button type="submit">Save settings</button>
        </form>
      </section>
      <section class="card" aria-labelledby="custom-heading">
        <h2 id="custom-heading">Custom instrument</h2>
        <p class="hint">
          {model.customDefined ? 'This review’s own instrument. ' : 'Define the review’s own instrument, then choose it above. '}
          Answers already given follow each question’s and answer’s position: reword freely and add at the end; a question or answer in use cannot be removed.
        </p>
        <form method="post" action={`${model.base}/instrument`} class="extraction-form">
          <CsrfField token={model.csrfToken} />
          <FormErrors errors={model.customErrors} fields={['name', 'questions', 'answers']} />
          <Field name="name" label="Name" value={model.custom.name} errors={model.customErrors} required maxLength={200} />
          <Field name="questions" label="Questions, one per line" value={model.custom.questions} errors={model.customErrors} multiline rows={10} />
          <Field name="answers" label="Answers offered, one per line" value={model.custom.answers} errors={model.customErrors} multiline rows={4} />
          <button type="submit">Save the custom instrument</button>
        </form>
      </section>
      <section aria-labelledby="sources-heading">
        <h2 id="sources-heading">Sources</h2>
        <ul>
          {model.instruments.filter((i) => i.key !== 'custom').map((i) => <li key={i.key}>{i.name}: {i.source}</li>)}
        </ul>
      </section>
    </Layout>
  );
}
