import type { FieldErrors } from '../../src/domain-errors.js';
import { BOX_DEFINITIONS, REASONS_BOX, type BoxKey } from '../../src/prisma/prisma-boxes.js';
import type { IdentifiedFrom, PrismaCounts, ReasonLine } from '../../src/prisma/prisma-counts.js';
import type { Check } from '../../src/prisma/prisma-reconcile.js';
import type { SvgElement } from '../../src/prisma/prisma-svg.js';
import { CsrfField } from '../components/forms.js';
import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { PrismaDiagram } from './prisma-diagram.js';
import { PrioritisedScreening } from './prioritised-screening.js';
import type { StageEstimate } from '../../src/ranker/stopping-estimate.js';

export interface PrismaModel {
  review: ReviewNav;
  /** /reviews/:slug */
  reviewBase: string;
  counts: PrismaCounts;
  checks: Check[];
  diagram: SvgElement;
  csrfToken: string;
  /** The boxes as typed (or stored), for the form. */
  form: Record<BoxKey, string>;
  errors?: FieldErrors;
  /** Title and abstract in relevance order: its stopping estimate, for the methods, and whether screening was recorded as stopped on it. */
  prioritised: { estimate: StageEstimate; stopped: boolean } | null;
}

const fmt = (n: number) => n.toLocaleString('en-GB');
const plural = (n: number, one: string, many = `${one}s`) => `${fmt(n)} ${n === 1 ? one : many}`;

function Provisional({ model }: { model: PrismaModel }) {
  const { pending } = model.counts;
  return (
    <div class="alert alert-warn prisma-provisional" role="status">
      <p><strong>Provisional diagram.</strong> The review is not finished, so these numbers will still change:</p>
      <ul>
        {pending.duplicatePairs > 0 && <li><a href={`${model.reviewBase}/duplicates`}>{plural(pending.duplicatePairs, 'possible duplicate pair')}</a> {pending.duplicatePairs === 1 ? 'awaits' : 'await'} a decision</li>}
        {pending.stillScreened > 0 && <li><a href={`${model.reviewBase}/screening/title-abstract`}>{plural(pending.stillScreened, 'record')}</a> {pending.stillScreened === 1 ? 'is' : 'are'} still being screened on title and abstract</li>}
        {pending.stillAssessed > 0 && <li><a href={`${model.reviewBase}/screening/full-text`}>{plural(pending.stillAssessed, 'report')}</a> {pending.stillAssessed === 1 ? 'is' : 'are'} still being assessed on full text</li>}
      </ul>
      <p>They are shown apart (“still being screened”, “still being assessed”), never folded into other boxes.</p>
    </div>
  );
}

function Reconciliation({ checks }: { checks: Check[] }) {
  const failing = checks.filter((c) => !c.ok);
  return (
    <section class={`card prisma-checks ${failing.length === 0 ? 'prisma-checks-ok' : 'prisma-checks-failing'}`} aria-labelledby="prisma-checks-title">
      <h2 id="prisma-checks-title">{failing.length === 0 ? 'The counts reconcile' : `${plural(failing.length, 'count does', 'counts do')} not reconcile`}</h2>
      <ul class="prisma-check-list">
        {checks.map((c) => (
          <li key={c.id} class={c.ok ? 'prisma-check-ok' : 'prisma-check-failing'} data-check={c.id}>
            <span class="prisma-check-mark" aria-label={c.ok ? 'holds' : 'fails'}>{c.ok ? '✓' : '✗'}</span>{' '}
            {c.label} <span class="muted">({c.figures})</span>
            {!c.ok && c.hint && <p class="hint">{c.hint}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Row({ label, value, note, level = 0 }: { label: string; value: number; note?: string; level?: number }) {
  return (
    <tr class={level > 0 ? 'prisma-sub' : undefined}>
      <th scope="row">{label}</th>
      <td class="prisma-n">{fmt(value)}</td>
      <td class="muted">{note ?? ''}</td>
    </tr>
  );
}

function SourceRows({ label, from, note }: { label: string; from: IdentifiedFrom; note: string }) {
  return (
    <>
      <Row label={label} value={from.total} note={note} />
      {from.sources.map((s, i) => <Row key={`s${i}`} label={s.name} value={s.records} level={1} />)}
      {from.notImported > 0 && <Row label="Not imported" value={from.notImported} level={1} note="Typed below." />}
    </>
  );
}

function ReasonRows({ reasons }: { reasons: ReasonLine[] }) {
  return <>{reasons.map((r, i) => <Row key={`r${i}`} label={r.reason} value={r.reports} level={1} />)}</>;
}

function CountsTable({ counts }: { counts: PrismaCounts }) {
  const d = counts.databasesAndRegisters;
  const o = counts.otherMethods;
  return (
    <table class="table prisma-table">
      <caption>Every number of the diagram, and where it comes from</caption>
      <thead>
        <tr><th scope="col">Box</th><th scope="col" class="prisma-n">n</th><th scope="col">Counted as</th></tr>
      </thead>
      <tbody>
        <tr class="prisma-section"><th scope="rowgroup" colSpan={3}>Databases and registers</th></tr>
        <SourceRows label="Records identified from databases" from={d.databases} note="Records imported by searches of the type Database, by source." />
        <SourceRows label="Records identified from registers" from={d.registers} note="Records imported by searches of the type Register." />
        <Row label="Duplicate records removed" value={d.duplicates} note="Records linked to a primary record as duplicates." />
        <Row label="Records marked as ineligible by automation tools" value={d.automation} note={d.notScreened === 0 ? 'Typed below.' : `Typed below, plus ${fmt(d.notScreened)} left unscreened when title and abstract screening stopped on its stopping estimate.`} />
        <Row label="Records removed for other reasons" value={d.otherReasons} note="Typed below." />
        <Row label="Records screened" value={d.screened} note="Imported records that are not duplicates." />
        <Row label="Records excluded" value={d.recordsExcluded} note="Title/abstract outcome: exclude." />
        <Row label="Still being screened" value={d.stillScreened} note="Title/abstract open, in conflict, or maybe held back." />
        <Row label="Reports sought for retrieval" value={d.sought} note="Records sent on to full text." />
        <Row label="Reports not retrieved" value={d.notRetrieved} note="Marked not retrieved." />
        <Row label="Reports assessed for eligibility" value={d.assessed} note="Full texts retrieved." />
        <Row label="Reports excluded" value={d.excluded} note="Full-text outcome: exclude, by reason (final decision’s, else the reviewers’ first in the protocol’s order)." />
        <ReasonRows reasons={d.reasons} />
        <Row label="Still being assessed" value={d.stillAssessed} note="Full text open, in conflict, or maybe." />
        <Row label="Reports included" value={d.included} note="Full-text outcome: include." />
        {o.shown && (
          <>
            <tr class="prisma-section"><th scope="rowgroup" colSpan={3}>Other methods</th></tr>
            <SourceRows label="Records identified from websites" from={o.websites} note="Searches of the type Website, plus typed." />
            <SourceRows label="Records identified from organisations" from={o.organisations} note="Searches of the type Organisation, plus typed." />
            <SourceRows label="Records identified by citation searching" from={o.citationSearching} note="Searches of the type Citation searching, plus typed." />
            {o.otherSources.total > 0 && <SourceRows label="Records identified from other sources" from={o.otherSources} note="Searches of the type Other." />}
            {o.imported.records > 0 && (
              <>
                <Row label="Imported records that were duplicates" value={o.imported.duplicates} note="Not in the PRISMA diagram: its other-methods column starts at reports sought." />
                <Row label="Imported records excluded on title and abstract" value={o.imported.recordsExcluded} note="Likewise not in the diagram." />
                <Row label="Imported records still being screened" value={o.imported.stillScreened} />
              </>
            )}
            <Row label="Reports sought for retrieval" value={o.sought} note={`${fmt(o.imported.sought)} imported, ${fmt(o.notImported.sought)} typed.`} />
            <Row label="Reports not retrieved" value={o.notRetrieved} />
            <Row label="Reports assessed for eligibility" value={o.assessed} note="Sought − not retrieved." />
            <Row label="Reports excluded" value={o.excluded} />
            <ReasonRows reasons={o.reasons} />
            <Row label="Still being assessed" value={o.stillAssessed} />
            <Row label="Reports included" value={o.included} />
          </>
        )}
        <tr class="prisma-section"><th scope="rowgroup" colSpan={3}>Included</th></tr>
        <Row label="Studies included in review" value={counts.included.studies} note="Included reports grouped into studies (versions of one work are one study)." />
        <Row label="Reports of included studies" value={counts.included.reports} />
      </tbody>
    </table>
  );
}

function BoxesForm({ model }: { model: PrismaModel }) {
  const errors = model.errors ?? {};
  const action = `${model.reviewBase}/prisma/boxes`;
  const group = (column: 'databases_registers' | 'other_methods', legend: string) => (
    <fieldset class="prisma-boxes-group">
      <legend>{legend}</legend>
      {BOX_DEFINITIONS.filter((b) => b.column === column).map((b) => {
        const id = `f-${b.key}`;
        const error = errors[b.key];
        const described = [`${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
        return (
          <div key={b.key} class={error ? 'field has-error' : 'field'}>
            <label for={id}>{b.label}</label>
            {b.key === REASONS_BOX ? (
              <textarea id={id} name={b.key} rows={3} maxLength={4000} aria-describedby={described} aria-invalid={error ? true : undefined}>{model.form[b.key]}</textarea>
            ) : (
              <input id={id} name={b.key} type="text" inputMode="numeric" pattern="[0-9]*" maxLength={20} value={model.form[b.key]} placeholder="0" aria-describedby={described} aria-invalid={error ? true : undefined} class="prisma-count-input" />
            )}
            <p class="hint" id={`${id}-hint`}>{b.hint}</p>
            {error && <p class="error" id={`${id}-error`}>{error}</p>}
          </div>
        );
      })}
    </fieldset>
  );
  return (
    <form method="post" action={action} class="card prisma-boxes" id="boxes">
      <CsrfField token={model.csrfToken} />
      <h2>Boxes no data can fill</h2>
      <p class="lede">Everything else is counted from the review. Leave a box empty for 0. Changes are kept in the review’s history.</p>
      {Object.keys(errors).length > 0 && <div class="alert alert-error" role="alert">Some boxes could not be saved: see below. Nothing was changed.</div>}
      <div class="two-columns">
        {group('databases_registers', 'Databases and registers')}
        {group('other_methods', 'Other methods')}
        <div class="form-actions"><button type="submit">Save the boxes</button></div>
      </div>
    </form>
  );
}

function BoxesReadOnly({ model }: { model: PrismaModel }) {
  const filled = BOX_DEFINITIONS.filter((b) => model.form[b.key] !== '');
  return (
    <section class="card prisma-boxes">
      <h2>Boxes no data can fill</h2>
      {filled.length === 0 ? (
        <p class="empty">None typed: each counts as 0. The review’s owners can fill them.</p>
      ) : (
        <dl class="facts">
          {filled.map((b) => (
            <div key={b.key}>
              <dt>{b.label}</dt>
              <dd class="prose">{model.form[b.key]}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

export function PrismaPage({ ctx, model }: { ctx: PageContext; model: PrismaModel }) {
  const base = `${model.reviewBase}/prisma`;
  return (
    <Layout ctx={ctx} title="PRISMA flow diagram" review={model.review}>
      <div class="page-head">
        <h1>PRISMA 2020 flow diagram</h1>
      </div>
      <p class="lede">Drawn from the review as it stands: every number is counted from the searches, duplicates and screening decisions, except the boxes below that no data can fill.</p>
      <p class="prisma-downloads">
        Download: <a class="button button-secondary" href={`${base}.svg`} download>SVG</a>{' '}
        <a class="button button-secondary" href={`${base}.png`} download>PNG</a>{' '}
        <a class="button button-secondary" href={`${base}.csv`} download>CSV for the PRISMA2020 app</a>{' '}
        <span class="muted">(the template of the PRISMA2020 R package and Shiny app, to draw a journal’s preferred figure from the same numbers; the package’s older release 1.1.1 needs <a href={`${base}-1.1.1.csv`} download>its own CSV</a>)</span>
      </p>
      {model.counts.provisional && <Provisional model={model} />}
      {model.prioritised && (
        <PrioritisedScreening
          estimate={model.prioritised.estimate}
          stopped={model.prioritised.stopped ? model.counts.databasesAndRegisters.notScreened + model.counts.otherMethods.imported.notScreened : null}
          reviewBase={model.reviewBase}
        />
      )}
      <figure class="prisma-figure">
        <PrismaDiagram tree={model.diagram} />
      </figure>
      <Reconciliation checks={model.checks} />
      <CountsTable counts={model.counts} />
      {model.review.isOwner ? <BoxesForm model={model} /> : <BoxesReadOnly model={model} />}
    </Layout>
  );
}

/** In place of the diagram for a member blind screening keeps from the screening results (visibility.ts). */
export function PrismaHiddenPage({ ctx, review, reason }: { ctx: PageContext; review: ReviewNav; reason: string }) {
  return (
    <Layout ctx={ctx} title="PRISMA flow diagram" review={review}>
      <div class="page-head">
        <h1>PRISMA 2020 flow diagram</h1>
      </div>
      <p class="lede">{reason}</p>
      <p class="muted">The diagram counts every reviewer’s screening results, so it shows once they do.</p>
    </Layout>
  );
}
