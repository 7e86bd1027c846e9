import type { CodeNode, CodeUsage, StudyProgress } from '../../src/coding/coding-queries.js';
import type { IncludedStudy } from '../../src/studies/included-studies.js';
import { RecordTitle } from '../components/record-title.js';
import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { ColoursLink, count, Swatch, usageText } from './code-parts.js';
import type { DoubleCodingOverview } from '../../src/double-coding/double-coding-overview.js';
import { DoubleCodingSection } from '../double-coding/double-coding-section.js';

export interface CodingOverviewModel {
  /** /reviews/:slug/coding */
  base: string;
  slug: string;
  coloursHref: string;
  isOwner: boolean;
  studies: Array<IncludedStudy & { progress: StudyProgress }>;
  tree: CodeNode[];
  usage: Map<number, CodeUsage>;
  coded: number;
  excerpts: number;
  csrfToken: string;
  /** Double coding: the mode, each study's passes, the coder agreement. */
  double: DoubleCodingOverview;
  /** Studies PRISMA counts as included via other methods with no record in Coreview (typed on the PRISMA page). */
  notImported: number;
}

function UsageText({ usage }: { usage: CodeUsage | undefined }) {
  const text = usageText(usage);
  return text ? <span class="code-uses muted">{text}</span> : null;
}

/** The codebook as a reading tree with how often each code is used. */
export function CodebookTree({ nodes, usage }: { nodes: CodeNode[]; usage: Map<number, CodeUsage> }) {
  return (
    <ul class="code-tree">
      {nodes.map((node) => (
        <li key={node.id} class={`code-tree-node depth-${node.depth}`}>
          <div class="code-tree-row">
            <Swatch id={node.id} />
            <span class="code-name" title={node.description || undefined}>{node.name}</span>
            <UsageText usage={usage.get(node.id)} />
          </div>
          {node.children.length > 0 && <CodebookTree nodes={node.children} usage={usage} />}
        </li>
      ))}
    </ul>
  );
}

/** Where a study's double coding stands (never what a pass holds), with the page to go on from. */
function DoubleState({ model, studyId, label }: { model: CodingOverviewModel; studyId: number; label: string }) {
  const entry = model.double.states.get(studyId) ?? { state: 'not started', finished: 0 };
  const study = `${model.base}/studies/${studyId}`;
  const consensus = entry.state === 'consensus open' || entry.state === 'consensus complete';
  const text = entry.state === 'two passes' || entry.state === 'one pass' ? `${entry.state}, ${entry.finished} finished` : entry.state;
  return <a href={consensus ? `${study}/consensus` : `${study}/pass`} aria-label={`Double coding of ${label}: ${text}`}>{text}</a>;
}

function StudiesTable({ model }: { model: CodingOverviewModel }) {
  if (model.studies.length === 0) {
    return (
      <div class="empty-state">
        <h3>No included studies yet</h3>
        <p>Studies appear here once they are included at full text. <a href={`/reviews/${model.slug}/screening/full-text`}>Full-text screening</a></p>
      </div>
    );
  }
  const double = model.double.mode === 'double';
  return (
    <table class="table coding-studies">
      <thead>
        <tr>
          <th scope="col">Study</th>
          <th scope="col" class="num">Codes</th>
          <th scope="col" class="num">Excerpts</th>
          <th scope="col">Memo</th>
          <th scope="col">Extraction</th>
          {double && <th scope="col">Double coding</th>}
        </tr>
      </thead>
      <tbody>
        {model.studies.map((study) => {
          const started = study.progress.codes + study.progress.excerpts > 0;
          return (
            <tr key={study.id} data-study={study.id} class={started ? 'coded' : undefined}>
              <td>
                <a class="study-label" href={`${model.base}/studies/${study.id}`}>{study.label}</a>
                <span class="study-title"><RecordTitle title={study.title} /></span>
              </td>
              <td class="num">{study.progress.codes}</td>
              <td class="num">{study.progress.excerpts}</td>
              <td>{study.progress.memo ? <span class="badge badge-memo">memo</span> : <span class="muted">—</span>}</td>
              <td><a href={`${model.base}/studies/${study.id}/extraction`} aria-label={`Extraction of ${study.label}`}>Extract data</a></td>
              {double && <td><DoubleState model={model} studyId={study.id} label={study.label} /></td>}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function CodingPage({ ctx, review, model }: { ctx: PageContext; review: ReviewNav; model: CodingOverviewModel }) {
  const included = model.studies.length;
  return (
    <Layout ctx={ctx} title="Coding" review={review}>
      <ColoursLink href={model.coloursHref} />
      <div class="page-head">
        <h1>Coding</h1>
      </div>
      <p class="lede">
        {count(included, 'included study', 'included studies')} · {model.coded.toLocaleString('en-GB')} coded · {count(model.excerpts, 'excerpt')}.
        {' '}Open a study to apply codes, quote excerpts and write its memo, or its extraction to fill in the{' '}
        <a href={`${model.base}/form`}>extraction form</a>.
      </p>
      {model.notImported > 0 && (
        <p class="alert alert-warn">
          PRISMA also counts {count(model.notImported, 'study', 'studies')} included via other methods that {model.notImported === 1 ? 'has' : 'have'} no
          record here (typed on the <a href={`/reviews/${model.slug}/prisma`}>PRISMA page</a>). To code {model.notImported === 1 ? 'it' : 'them'},{' '}
          <a href={`/reviews/${model.slug}/imports`}>import {model.notImported === 1 ? 'its reference' : 'their references'}</a> as a search from other
          sources (citation searching, organisations…), include {model.notImported === 1 ? 'it' : 'them'} at full text, and lower the typed count.
        </p>
      )}
      <div class="coding-overview">
        <section aria-labelledby="coding-studies-heading">
          <h2 id="coding-studies-heading">Included studies</h2>
          <StudiesTable model={model} />
        </section>
        <section aria-labelledby="coding-codebook-heading" class="coding-codebook card">
          <div class="section-head">
            <h2 id="coding-codebook-heading">Codebook</h2>
            <a href={`${model.base}/codebook`}>{model.isOwner ? 'Edit codebook' : 'Codebook details'}</a>
          </div>
          {model.tree.length === 0 ? (
            <p class="empty">
              The codebook is empty.{' '}
              {model.isOwner ? <a href={`${model.base}/codebook`}>Start it from the framework, import a file or add codes.</a> : 'An owner of the review sets it up.'}
            </p>
          ) : (
            <CodebookTree nodes={model.tree} usage={model.usage} />
          )}
          {model.tree.length > 0 && <p class="hint"><a href={`${model.base}/codebook.json`} download>Download the codebook (JSON)</a></p>}
        </section>
      </div>
      <DoubleCodingSection model={model.double} base={model.base} isOwner={model.isOwner} csrfToken={model.csrfToken} />
    </Layout>
  );
}
