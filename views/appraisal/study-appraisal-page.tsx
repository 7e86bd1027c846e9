import type { AppraisalValue, AppraisalStatus } from '../../src/appraisal/appraisal-rules.js';
import { STATUS_LABELS } from '../../src/appraisal/appraisal-rules.js';
import type { Instrument } from '../../src/appraisal/instruments/instrument-model.js';
import type { FieldErrors } from '../../src/domain-errors.js';
import type { IncludedStudy } from '../../src/studies/included-studies.js';
import { CsrfField, FormErrors } from '../components/forms.js';
import { RecordTitle } from '../components/record-title.js';
import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { AnswersTable, AppraisalFields } from './appraisal-form-parts.js';

/** Another appraiser of the study, with their answers only when blind appraisal allows it. */
export interface OtherAppraisal {
  name: string;
  finished: boolean;
  value: AppraisalValue | null;
}

export interface StudyAppraisalModel {
  /** /reviews/:slug/appraisal */
  base: string;
  csrfToken: string;
  study: IncludedStudy;
  instrument: Instrument | null;
  appraisers: 1 | 2;
  status: AppraisalStatus;
  /** The viewer's own appraisal as stored or as just sent (with errors), null when they have none and may not start one. */
  mine: { value: AppraisalValue; finished: boolean; editable: boolean } | null;
  /** Why the viewer cannot appraise this study, when they cannot. */
  closed: string | null;
  others: OtherAppraisal[];
  /** The consensus form (two finished appraisals, and the viewer may record it), else null. */
  consensus: { value: AppraisalValue; recorded: { by: string; at: string } | null; editable: boolean } | null;
  errors?: FieldErrors;
  consensusErrors?: FieldErrors;
}

/** Every problem in one summary above the form (some name a question the form does not show), and each beside its field. */
function MyAppraisal({ model, instrument }: { model: StudyAppraisalModel; instrument: Instrument }) {
  const mine = model.mine;
  const summary = <FormErrors errors={model.errors} fields={[]} />;
  if (!mine) return <>{summary}<p class="muted">{model.closed}</p></>;
  if (!mine.editable) {
    return (
      <>
        {summary}
        <p>You finished your appraisal. {model.appraisers === 2 && model.status === 'awaiting_second' ? 'The other appraiser’s answers show here once they finish theirs.' : ''}</p>
        <AnswersTable instrument={instrument} columns={[{ heading: 'Your answers', value: mine.value }]} />
      </>
    );
  }
  const action = `${model.base}/studies/${model.study.id}`;
  return (
    <form method="post" action={action} class="extraction-form appraisal-form">
      <CsrfField token={model.csrfToken} />
      {summary}
      <AppraisalFields prefix="mine" instrument={instrument} value={mine.value} errors={model.errors} />
      <div class="form-actions">
        <button type="submit" name="intent" value="save" class="button-secondary">Save draft</button>{' '}
        <button type="submit" name="intent" value="finish">Finish appraisal</button>
      </div>
      <p class="hint">
        A finished appraisal no longer changes.{model.appraisers === 2 ? ' With two appraisers, neither sees the other’s answers until both have finished; then they agree a consensus.' : ''}
      </p>
    </form>
  );
}

function Consensus({ model, instrument }: { model: StudyAppraisalModel; instrument: Instrument }) {
  const consensus = model.consensus!;
  return (
    <section aria-labelledby="consensus-heading" class="card">
      <h2 id="consensus-heading">Consensus</h2>
      {consensus.recorded && <p>Recorded by {consensus.recorded.by} on {consensus.recorded.at.slice(0, 10)}.</p>}
      <FormErrors errors={model.consensusErrors} fields={[]} />
      {consensus.editable ? (
        <form method="post" action={`${model.base}/studies/${model.study.id}/consensus`} class="extraction-form appraisal-form">
          <CsrfField token={model.csrfToken} />
          <p class="hint">Answers both appraisers gave alike are filled in; settle the others, then the overall judgement.</p>
          <AppraisalFields prefix="consensus" instrument={instrument} value={consensus.value} errors={model.consensusErrors} />
          <div class="form-actions">
            <button type="submit">{consensus.recorded ? 'Save the consensus' : 'Record the consensus'}</button>
          </div>
        </form>
      ) : (
        consensus.recorded && <AnswersTable instrument={instrument} columns={[{ heading: 'Consensus', value: consensus.value }]} />
      )}
    </section>
  );
}

export function StudyAppraisalPage({ ctx, review, model }: { ctx: PageContext; review: ReviewNav; model: StudyAppraisalModel }) {
  const { study, instrument } = model;
  const revealed = model.others.filter((o) => o.value !== null);
  return (
    <Layout ctx={ctx} title={`Appraisal of ${study.label}`} review={review}>
      <p class="breadcrumb"><a href={model.base}>Quality appraisal</a></p>
      <div class="page-head">
        <h1>Appraisal of {study.label}</h1>
        <span class="badge" data-status={model.status}>{STATUS_LABELS[model.status]}</span>
      </div>
      <p class="lede"><RecordTitle title={study.title} /></p>
      {study.reports.length > 1 && <p class="hint">{study.reports.length} reports of this study are appraised together.</p>}
      {!instrument ? (
        <div class="alert alert-warn">The review uses a custom instrument that is not defined yet: an owner defines it in the appraisal settings.</div>
      ) : (
        <>
          <p class="hint">{instrument.name}. {instrument.guidance}</p>
          {!model.consensus && <FormErrors errors={model.consensusErrors} fields={[]} />}
          <section aria-labelledby="others-heading">
            <h2 id="others-heading">Appraisers</h2>
            {model.others.length === 0 ? (
              <p class="muted">No one else appraises this study{model.appraisers === 2 ? ' yet' : ''}.</p>
            ) : (
              <ul class="appraisers">
                {model.others.map((o) => (
                  <li key={o.name}>
                    {o.name}: {o.finished ? 'finished' : 'in progress'}
                    {o.value === null && <span class="muted"> — answers hidden until both appraisals are finished</span>}
                  </li>
                ))}
              </ul>
            )}
          </section>
          {revealed.length > 0 && (
            <section aria-labelledby="compare-heading">
              <h2 id="compare-heading">{model.mine ? 'Both appraisals' : 'Appraisals'}</h2>
              <AnswersTable
                instrument={instrument}
                columns={[...(model.mine && !model.mine.editable ? [{ heading: 'Your answers', value: model.mine.value }] : []), ...revealed.map((o) => ({ heading: o.name, value: o.value! }))]}
              />
            </section>
          )}
          {model.consensus && <Consensus model={model} instrument={instrument} />}
          {!(revealed.length > 0 && model.mine && !model.mine.editable) && (
            <section aria-labelledby="mine-heading">
              <h2 id="mine-heading">Your appraisal</h2>
              <MyAppraisal model={model} instrument={instrument} />
            </section>
          )}
        </>
      )}
    </Layout>
  );
}
