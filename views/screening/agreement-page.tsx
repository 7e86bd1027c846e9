import type { AgreementTable, Decision, MaybeCounting } from '../../src/screening/agreement.js';
import type { AgreementPair, StageReliability } from '../../src/screening/agreement-queries.js';
import type { Interval } from '../../src/statistics/agreement-statistics.js';
import type { Stage } from '../../src/screening/stages.js';
import type { ReviewNav } from '../layout.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';

export interface StageAgreement {
  stage: Stage;
  label: string;
  blind: boolean;
  /** Why blind screening hides the stage's agreement from the viewer (visibility.ts); null when it shows. */
  hidden: string | null;
  pairs: AgreementPair[];
  /** Reviewers of the stage and their Krippendorff's alpha (from three reviewers on); null while hidden. */
  reliability: StageReliability | null;
}

export interface AgreementModel {
  review: ReviewNav;
  maybe: MaybeCounting;
  /** The page with maybe as its own category, and with maybe counted as include. */
  pageHrefs: Record<MaybeCounting, string>;
  csvHref: string;
  stages: StageAgreement[];
}

const DECISION_LABELS: Record<MaybeCounting, Record<Decision, string>> = {
  category: { include: 'Include', maybe: 'Maybe', exclude: 'Exclude' },
  include: { include: 'Include or maybe', maybe: 'Maybe', exclude: 'Exclude' },
};
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** Fixed decimals with a real minus sign, and never "−0.000". */
function decimal(value: number, digits: number): string {
  const text = value.toFixed(digits);
  if (/^-[0.]+$/.test(text)) return text.slice(1);
  return text.replace(/^-/, '−');
}

const sum = (values: number[]) => values.reduce((total, v) => total + v, 0);

/** Rows: reviewer A's decisions; columns: reviewer B's; totals on both sides, agreement on the diagonal. */
function ConfusionTable({ pair, stageLabel }: { pair: AgreementPair; stageLabel: string }) {
  const { reviewerA, reviewerB, table } = pair;
  const labels = DECISION_LABELS[table.maybe];
  const k = table.categories.length;
  const columnTotals = table.categories.map((_, j) => sum(table.counts.map((row) => row[j]!)));
  return (
    <table class="agreement-table">
      <caption>
        {stageLabel}: records by {reviewerA.name}’s decision (rows) and {reviewerB.name}’s decision (columns)
      </caption>
      <thead>
        <tr>
          <td></td>
          <th scope="colgroup" colSpan={k}>{reviewerB.name}</th>
          <td></td>
        </tr>
        <tr>
          <th scope="col">{reviewerA.name}</th>
          {table.categories.map((c) => <th scope="col" key={c}>{labels[c]}</th>)}
          <th scope="col">Total</th>
        </tr>
      </thead>
      <tbody>
        {table.categories.map((c, i) => (
          <tr key={c}>
            <th scope="row">{labels[c]}</th>
            {table.counts[i]!.map((count, j) => (
              <td key={table.categories[j]} class={i === j ? 'agree' : undefined}>{count}</td>
            ))}
            <td class="total">{sum(table.counts[i]!)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          {columnTotals.map((total, j) => <td key={table.categories[j]} class="total">{total}</td>)}
          <td class="total">{table.n}</td>
        </tr>
      </tfoot>
    </table>
  );
}

/** "(95% CI a to b)", or nothing when the interval is degenerate (see interval95). */
function Ci({ ci }: { ci: Interval | null }) {
  return ci ? <span class="agreement-ci"> (95% CI {decimal(ci.low, 3)} to {decimal(ci.high, 3)})</span> : null;
}

function Figures({ table }: { table: AgreementTable }) {
  return (
    <dl class="facts agreement-figures">
      <div>
        <dt>Records both decided</dt>
        <dd>{table.n.toLocaleString('en-GB')}</dd>
      </div>
      <div>
        <dt>Percent agreement</dt>
        <dd>{table.percentAgreement === null ? '—' : `${decimal(table.percentAgreement * 100, 1)}%`}</dd>
      </div>
      <div>
        <dt>Cohen’s kappa</dt>
        <dd>
          {table.kappa === null ? (
            'not defined'
          ) : (
            <>
              {decimal(table.kappa, 3)}
              <Ci ci={table.ci95} />
            </>
          )}
        </dd>
      </div>
      {table.interpretation && (
        <div>
          <dt>Landis–Koch</dt>
          <dd>{table.interpretation}</dd>
        </div>
      )}
      {table.pabak !== null && (
        <div>
          <dt>PABAK</dt>
          <dd>{decimal(table.pabak, 3)}</dd>
        </div>
      )}
      {table.ac1 !== null && (
        <div>
          <dt>Gwet’s AC1</dt>
          <dd>
            {decimal(table.ac1, 3)}
            <Ci ci={table.ac1Ci95} />
          </dd>
        </div>
      )}
    </dl>
  );
}

function PairCard({ pair, stageLabel }: { pair: AgreementPair; stageLabel: string }) {
  const { table } = pair;
  return (
    <article class="card agreement-pair">
      <h3>
        {pair.reviewerA.name} <span class="muted">and</span> {pair.reviewerB.name}
      </h3>
      <div class="agreement-body">
        <ConfusionTable pair={pair} stageLabel={stageLabel} />
        <Figures table={table} />
      </div>
      {table.kappa === null && table.n > 0 && (
        <p class="hint">
          Both reviewers gave every one of these records the same decision, so the agreement expected by chance is 100% and
          kappa cannot be computed. Percent agreement still holds.
        </p>
      )}
      {table.kappa !== null && table.ci95 === null && (
        <p class="hint">
          No interval is shown: the reviewers agreed on all {plural(table.n, 'record')}, so the standard error is 0 and the
          interval would shrink to a point, a certainty that {plural(table.n, 'record')} cannot give.
        </p>
      )}
    </article>
  );
}

/** Krippendorff's alpha over all of a stage's reviewers, shown from three reviewers on. */
function StageReliabilityNote({ reliability }: { reliability: StageReliability | null }) {
  if (reliability === null || reliability.reviewers < 3) return null;
  return (
    <dl class="facts agreement-stage-alpha">
      <div>
        <dt>Krippendorff’s alpha, all {reliability.reviewers} reviewers</dt>
        <dd>
          {reliability.alpha === null ? 'not defined' : decimal(reliability.alpha, 3)}{' '}
          <span class="agreement-ci">({plural(reliability.records, 'record')} decided by two or more)</span>
        </dd>
      </div>
    </dl>
  );
}

function StageSection({ stage }: { stage: StageAgreement }) {
  const id = `agreement-${stage.stage}`;
  return (
    <section aria-labelledby={id} class="agreement-stage">
      <h2 id={id}>
        {stage.label}
        {stage.blind && <> <span class="badge">blind</span></>}
      </h2>
      {stage.hidden !== null ? (
        <p class="muted">{stage.hidden}</p>
      ) : stage.pairs.length === 0 ? (
        <div class="empty-state">
          <p>No two reviewers have decided the same records at this stage yet.</p>
          <p class="hint">Agreement needs at least two reviewers per record: owners set that in the stage’s screening settings.</p>
        </div>
      ) : (
        <>
          {stage.blind && <p class="hint">Screening is blind: only records every reviewer needed has decided are counted.</p>}
          <StageReliabilityNote reliability={stage.reliability} />
          {stage.pairs.map((pair) => (
            <PairCard key={`${pair.reviewerA.id}-${pair.reviewerB.id}`} pair={pair} stageLabel={stage.label} />
          ))}
        </>
      )}
    </section>
  );
}

function KappaExplained() {
  return (
    <details class="agreement-help">
      <summary>How to read these figures</summary>
      <p>
        <strong>Percent agreement</strong> is the share of records both reviewers decided the same way. Some agreement happens
        by chance: two reviewers who each exclude 90% of records at random still agree on about 82% of them.{' '}
        <strong>Cohen’s kappa</strong> corrects for that: κ = (p<sub>o</sub> − p<sub>e</sub>) / (1 − p<sub>e</sub>), where
        p<sub>o</sub> is the observed agreement and p<sub>e</sub> the agreement expected from how often each reviewer chose
        each decision (the row and column totals). 1 is perfect agreement, 0 no better than chance, below 0 worse than chance.
      </p>
      <p>
        The 95% confidence interval is κ ± 1.96 standard errors, with the large-sample standard error of Fleiss, Cohen and
        Everitt (1969) that SPSS, R (psych, irrCAC) and Stata’s literature use for intervals (not the one that assumes κ = 0,
        which serves only to test κ against 0). With few records it is wide; when the reviewers agree on every record it has
        no width and is not shown. The labels are Landis and Koch’s (1977): below 0 poor, up to 0.20 slight, 0.21–0.40 fair,
        0.41–0.60 moderate, 0.61–0.80 substantial, above 0.80 almost perfect.
      </p>
      <p>
        When nearly every record is excluded by both, p<sub>e</sub> is close to 1 and kappa can be low despite high percent
        agreement. <strong>PABAK</strong> (Byrt, Bishop and Carlin 1993) sets chance agreement to one in k for k decisions:
        (k·p<sub>o</sub> − 1) / (k − 1). <strong>Gwet’s AC1</strong> (Gwet 2008) estimates chance agreement from how
        evenly the decisions are spread, so a lopsided review does not sink it; its interval uses Gwet’s standard error.
        Both count the decisions a reviewer could choose (three, or two with maybe counted as include). Report them with
        kappa and the table.
      </p>
      <p>
        When three or more reviewers screened a stage, <strong>Krippendorff’s alpha</strong> (nominal) is shown for all of
        them together: every record decided by at least two of them counts, whoever decided it.
      </p>
      <p>
        Each table counts the records both reviewers decided, with their current decisions; duplicates are left out. Rows are
        the first-named reviewer’s decisions, columns the second’s; the diagonal is where they agree. Final decisions on
        conflicts are not part of it.
      </p>
    </details>
  );
}

/** Says how maybe counts, with the link that switches to the other reading. */
function MaybeCountingNote({ model }: { model: AgreementModel }) {
  return (
    <div class="agreement-maybe">
      <p>
        {model.maybe === 'category' ? (
          <>
            <strong>“Maybe” counts as a third category, unweighted:</strong> include against maybe is as much a disagreement
            as include against exclude.
          </>
        ) : (
          <>
            <strong>“Maybe” counts as include here:</strong> the figures treat a maybe as an include, as when maybes go on to
            full text.
          </>
        )}
      </p>
      <nav class="stage-switch" aria-label="How maybe counts">
        <a href={model.pageHrefs.category} aria-current={model.maybe === 'category' ? 'page' : undefined}>Maybe as its own category</a>
        <a href={model.pageHrefs.include} aria-current={model.maybe === 'include' ? 'page' : undefined}>Maybe counts as include</a>
      </nav>
    </div>
  );
}

/** Inter-rater agreement per stage and pair of reviewers, with the CSV of the same figures. */
export function AgreementPage({ ctx, model }: { ctx: PageContext; model: AgreementModel }) {
  const pairs = sum(model.stages.map((s) => s.pairs.length));
  return (
    <Layout ctx={ctx} title="Agreement" review={model.review}>
      <div class="page-head">
        <h1>Agreement between reviewers</h1>
        <a class="button button-secondary" href={model.csvHref} download>Download CSV</a>
      </div>
      <p class="lede">
        Percent agreement, Cohen’s kappa, PABAK and Gwet’s AC1 for each pair of reviewers who screened the same records, and
        Krippendorff’s alpha for a stage three or more reviewers screened
        {pairs > 0 ? ` · ${plural(pairs, 'pair')}` : ''}.
      </p>
      <p class="hint">PABAK and AC1 stand beside kappa because they matter when almost every record is excluded: kappa then drops even when reviewers agree on nearly everything.</p>
      <MaybeCountingNote model={model} />
      <KappaExplained />
      {model.stages.map((stage) => <StageSection key={stage.stage} stage={stage} />)}
    </Layout>
  );
}
