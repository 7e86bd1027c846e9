import type { RecordOrder, Stage } from '../../src/db/schema.js';
import type { ScreeningSettings } from '../../src/screening/screening-settings.js';
import { stageLabel, STAGES } from '../../src/screening/stages.js';
import type { FieldErrors } from '../../src/domain-errors.js';
import { CsrfField } from '../components/forms.js';
import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';

export interface ScreeningSettingsModel {
  base: string;
  csrfToken: string;
  settings: Record<Stage, ScreeningSettings>;
  members: Array<{ id: number; name: string }>;
  errors?: { stage: Stage; fields: FieldErrors };
}

const ORDER_LABELS: Record<RecordOrder, string> = {
  import: 'Import order',
  random: 'Random, with a fixed seed (the same for everyone)',
  year_newest: 'Year, newest first',
  year_oldest: 'Year, oldest first',
  relevance: 'Relevance: the records most likely to be included first',
};

function StageForm({ model, stage }: { model: ScreeningSettingsModel; stage: Stage }) {
  const s = model.settings[stage];
  const errors = model.errors?.stage === stage ? model.errors.fields : {};
  const id = (name: string) => `f-${stage}-${name}`;
  const error = (name: string) => errors[name] && <p class="error">{errors[name]}</p>;
  return (
    <form method="post" action={`${model.base}/settings/${stage === 'title_abstract' ? 'title-abstract' : 'full-text'}`} class="card settings-stage">
      <CsrfField token={model.csrfToken} />
      <h2>{stageLabel(stage)}</h2>
      <div class="field field-narrow">
        <label for={id('reviewers')}>Reviewers per record</label>
        <select id={id('reviewers')} name="reviewersNeeded">
          {[1, 2, 3, 4, 5].map((n) => <option key={n} value={String(n)} selected={s.reviewersNeeded === n}>{n === 1 ? 'One' : `${n}, independently`}</option>)}
        </select>
        {error('reviewersNeeded')}
      </div>
      <div class="field checkbox">
        <input id={id('blind')} type="checkbox" name="blind" value="1" checked={s.blind === 1} />
        <label for={id('blind')}>Blind: reviewers never see each other’s decisions (owners and the arbiter see them once a record has all its decisions)</label>
      </div>
      <div class="field">
        <label for={id('order')}>Order records are offered in</label>
        <select id={id('order')} name="recordOrder">
          {Object.entries(ORDER_LABELS).map(([value, label]) => <option key={value} value={value} selected={s.recordOrder === value}>{label}</option>)}
        </select>
        {error('recordOrder')}
        <p class="hint" id={id('relevance-hint')}>
          Relevance order ranks the records left by a model (TF-IDF of title and abstract, a linear SVM, as ASReview’s default)
          retrained in the background as decisions come in. It learns only from <strong>settled</strong> outcomes:{' '}
          {s.reviewersNeeded === 1
            ? 'with one reviewer per record, every decision.'
            : `with ${s.reviewersNeeded} reviewers per record, a record teaches the model once ${s.reviewersNeeded === 2 ? 'both' : `all ${s.reviewersNeeded}`} agree or its conflict is resolved — never a single vote, so nobody’s pending decision moves anyone’s order.${s.blind === 1 ? ' Blind, settled records teach it ten at a time, so no one record’s outcome shows in the order (that a batch settled can still be noticed).' : ''}`}{' '}
          Until the stage has at least one include and one exclude, records come in the seeded random order.
        </p>
      </div>
      <div class="field field-narrow">
        <label for={id('recall')}>Stopping estimate aims at</label>
        <select id={id('recall')} name="recallTarget" aria-describedby={id('recall-hint')}>
          <option value="0.95" selected={s.recallTarget === 0.95}>95% recall</option>
          <option value="0.9" selected={s.recallTarget === 0.9}>90% recall (declare it in the protocol)</option>
        </select>
        {error('recallTarget')}
      </div>
      <p class="hint" id={id('recall-hint')}>With relevance order, the screening page tests whether the recall reached is below this target (Callaghan &amp; Müller-Hansen 2020, α = 0.05).</p>
      <div class="field field-narrow">
        <label for={id('seed')}>Seed for the random order</label>
        <input id={id('seed')} name="orderSeed" type="number" min="1" max="2147483647" value={String(s.orderSeed)} />
        {error('orderSeed')}
      </div>
      {stage === 'title_abstract' && (
        <div class="field checkbox">
          <input id={id('maybe')} type="checkbox" name="maybeAdvances" value="1" checked={s.maybeAdvances === 1} />
          <label for={id('maybe')}>Records decided “maybe” go on to full text</label>
        </div>
      )}
      <div class="field">
        <label for={id('arbiter')}>Who resolves conflicts</label>
        <select id={id('arbiter')} name="arbiterId">
          <option value="">The review’s owners</option>
          {model.members.map((m) => <option key={m.id} value={String(m.id)} selected={s.arbiterId === m.id}>Owners and {m.name}</option>)}
        </select>
        {error('arbiterId')}
      </div>
      <button type="submit">Save {stageLabel(stage).toLowerCase()} settings</button>
    </form>
  );
}

export function ScreeningSettingsPage({ ctx, review, model }: { ctx: PageContext; review: ReviewNav; model: ScreeningSettingsModel }) {
  return (
    <Layout ctx={ctx} title="Screening settings" review={review}>
      <p class="breadcrumb"><a href={model.base}>← Screening</a></p>
      <h1>Screening settings</h1>
      <p class="lede">How each stage is screened. Changing the number of reviewers re-derives every record’s state; changing the order re-sorts what is left to screen. Decisions are never lost.</p>
      <div class="settings-stages">{STAGES.map((stage) => <StageForm key={stage} model={model} stage={stage} />)}</div>
    </Layout>
  );
}
