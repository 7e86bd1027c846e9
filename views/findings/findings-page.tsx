import { COMPONENT_LABEL, COMPONENTS, CONCERN_LABEL, confidenceText } from '../../src/findings/cerqual.js';
import type { ReviewFinding } from '../../src/findings/findings-queries.js';
import { count, Paragraphs } from '../coding/code-parts.js';
import { PostButton } from '../components/forms.js';
import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';

export interface FindingsPageModel {
  /** /reviews/:slug/findings */
  base: string;
  csrfToken: string;
  findings: ReviewFinding[];
  /** Study labels by study id. */
  labels: ReadonlyMap<number, string>;
  studies: number;
}

function Assessment({ finding }: { finding: ReviewFinding }) {
  const { components, confidence } = finding.assessment;
  const started = COMPONENTS.some((c) => components[c].concern !== null);
  return (
    <>
      <strong class={confidence === null ? 'muted' : `cerqual-confidence cerqual-${confidence}`}>{confidenceText(confidence)}</strong>
      {started && <dl class="cerqual-components">
        {COMPONENTS.map((c) => (
          <div key={c}>
            <dt>{COMPONENT_LABEL[c]}</dt>
            <dd>{components[c].concern === null ? <span class="muted">not assessed</span> : CONCERN_LABEL[components[c].concern!]}</dd>
          </div>
        ))}
      </dl>}
    </>
  );
}

function FindingRow({ model, finding, last }: { model: FindingsPageModel; finding: ReviewFinding; last: boolean }) {
  const href = `${model.base}/${finding.id}`;
  return (
    <tr id={`finding-${finding.id}`} data-finding={finding.id}>
      <td class="num">{finding.number}</td>
      <td>
        <Paragraphs text={finding.statement} />
        {finding.theme && <p class="hint">Theme: {finding.theme.name}</p>}
      </td>
      <td>
        {finding.studyIds.length === 0 ? <span class="muted">—</span> : finding.studyIds.map((id) => model.labels.get(id)!).join('; ')}
        {finding.notIncluded.length > 0 && <p class="hint">{count(finding.notIncluded.length, 'contributing report')} no longer included.</p>}
      </td>
      <td><Assessment finding={finding} /></td>
      <td>{finding.assessment.explanation === '' ? <span class="muted">—</span> : <Paragraphs text={finding.assessment.explanation} />}</td>
      <td class="actions">
        <a href={href} aria-label={`Edit finding ${finding.number}`}>Edit</a>
        {finding.number > 1 && <PostButton action={`${href}/move`} csrfToken={model.csrfToken} label="Up" hidden={{ direction: 'up' }}><span aria-hidden="true">↑</span><span class="visually-hidden">Move finding {finding.number} up</span></PostButton>}
        {!last && <PostButton action={`${href}/move`} csrfToken={model.csrfToken} label="Down" hidden={{ direction: 'down' }}><span aria-hidden="true">↓</span><span class="visually-hidden">Move finding {finding.number} down</span></PostButton>}
        <PostButton action={`${href}/delete`} csrfToken={model.csrfToken} label="Delete" class="button-danger" confirm={`Delete finding ${finding.number}? Its text stays in the review’s history.`} />
      </td>
    </tr>
  );
}

/** The Summary of Qualitative Findings (CERQual) as the team reads and edits it. */
export function FindingsPage({ ctx, review, model }: { ctx: PageContext; review: ReviewNav; model: FindingsPageModel }) {
  const assessed = model.findings.filter((f) => f.assessment.confidence !== null).length;
  return (
    <Layout ctx={ctx} title="Review findings" review={review}>
      <div class="page-head">
        <h1>Review findings</h1>
        <a class="button" href={`${model.base}/new`} data-shortcut="n">Add a finding</a>
      </div>
      <p class="lede">
        {count(model.findings.length, 'finding')}, {assessed.toLocaleString('en-GB')} with a GRADE-CERQual assessment of confidence, from {count(model.studies, 'included study', 'included studies')}.
        {' '}Confidence is how far a finding is a reasonable representation of the phenomenon of interest, judged from four components: methodological limitations, coherence, adequacy of data and relevance.
      </p>
      {model.findings.length === 0 ? (
        <div class="empty-state">
          <h3>No findings yet</h3>
          <p>Write each review finding, choose the studies contributing to it and assess your confidence in it. <a href={`${model.base}/new`}>Add the first finding</a></p>
        </div>
      ) : (
        <>
          <table class="table soqf">
            <caption>Summary of qualitative findings</caption>
            <thead>
              <tr>
                <th scope="col" class="num">#</th>
                <th scope="col">Summary of review finding</th>
                <th scope="col">Studies contributing to the review finding</th>
                <th scope="col">CERQual assessment of confidence</th>
                <th scope="col">Explanation of CERQual assessment</th>
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {model.findings.map((f, i) => <FindingRow key={f.id} model={model} finding={f} last={i === model.findings.length - 1} />)}
            </tbody>
          </table>
          <p class="hint">
            Download the table: <a href={`${model.base}/soqf.docx`} download>Word (DOCX)</a> · <a href={`${model.base}/soqf.xlsx`} download>Excel (XLSX), with each component’s assessment</a>
          </p>
        </>
      )}
    </Layout>
  );
}
