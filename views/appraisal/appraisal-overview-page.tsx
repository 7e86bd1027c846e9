import type { AppraisalAgreement } from '../../src/appraisal/appraisal-agreement.js';
import { STATUS_LABELS, type AppraisalStatus } from '../../src/appraisal/appraisal-rules.js';
import type { IncludedStudy } from '../../src/studies/included-studies.js';
import { RecordTitle } from '../components/record-title.js';
import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';

export interface AppraisalOverviewModel {
  /** /reviews/:slug/appraisal */
  base: string;
  slug: string;
  isOwner: boolean;
  instrumentName: string;
  appraisers: 1 | 2;
  studies: Array<IncludedStudy & { status: AppraisalStatus; instrumentName: string; appraisers: Array<{ name: string; finished: boolean }>; overallLabel: string | null }>;
  agreement: Array<{ instrumentName: string } & AppraisalAgreement>;
}

const fixed = (n: number | null | undefined, digits = 2) => (n == null ? '—' : n.toFixed(digits));

function AgreementTable({ rows }: { rows: AppraisalOverviewModel['agreement'] }) {
  return (
    <table class="table appraisal-agreement">
      <thead>
        <tr>
          <th scope="col">Instrument</th>
          <th scope="col" class="num">Studies</th>
          <th scope="col" class="num">Items</th>
          <th scope="col" class="num">Agreement</th>
          <th scope="col" class="num">Cohen’s κ</th>
          <th scope="col">95% interval</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.instrumentName}>
            <td>{r.instrumentName}</td>
            <td class="num">{r.studies}</td>
            <td class="num">{r.items}</td>
            <td class="num">{r.percent === null ? '—' : `${(r.percent * 100).toFixed(1)}%`}</td>
            <td class="num">{fixed(r.kappa.kappa, 3)}</td>
            <td>{r.kappa.ci95 ? `${fixed(r.kappa.ci95.low, 3)} to ${fixed(r.kappa.ci95.high, 3)}` : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AppraisalOverviewPage({ ctx, review, model }: { ctx: PageContext; review: ReviewNav; model: AppraisalOverviewModel }) {
  const complete = model.studies.filter((s) => s.status === 'complete').length;
  return (
    <Layout ctx={ctx} title="Quality appraisal" review={review}>
      <div class="page-head">
        <h1>Quality appraisal</h1>
        {model.isOwner && <a href={`${model.base}/settings`}>Appraisal settings</a>}
      </div>
      <p class="lede">
        {model.instrumentName} · {model.appraisers === 2 ? 'two independent appraisers per study, then a consensus' : 'one appraiser per study'} · {complete} of {model.studies.length} studies appraised.
      </p>
      {model.studies.length === 0 ? (
        <div class="empty-state">
          <h3>No included studies yet</h3>
          <p>Studies appear here once they are included at full text.</p>
        </div>
      ) : (
        <table class="table appraisal-studies">
          <thead>
            <tr>
              <th scope="col">Study</th>
              <th scope="col">Instrument</th>
              <th scope="col">Appraisers</th>
              <th scope="col">Status</th>
              <th scope="col">Overall judgement</th>
            </tr>
          </thead>
          <tbody>
            {model.studies.map((s) => (
              <tr key={s.id} data-study={s.id}>
                <td>
                  <a class="study-label" href={`${model.base}/studies/${s.id}`}>{s.label}</a>
                  <span class="study-title"><RecordTitle title={s.title} /></span>
                </td>
                <td>{s.instrumentName}</td>
                <td>{s.appraisers.length === 0 ? <span class="muted">—</span> : s.appraisers.map((a) => `${a.name} (${a.finished ? 'finished' : 'in progress'})`).join(', ')}</td>
                <td>{STATUS_LABELS[s.status]}</td>
                <td>{s.overallLabel ?? <span class="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="agreement-heading">
        <h2 id="agreement-heading">Agreement between appraisers</h2>
        {model.agreement.length === 0 ? (
          <p class="muted">Agreement shows once two appraisers have both finished a study.</p>
        ) : (
          <>
            <AgreementTable rows={model.agreement} />
            <p class="hint">Over every question both appraisers answered, before consensus; each answer option is its own unweighted category.</p>
          </>
        )}
      </section>
    </Layout>
  );
}
