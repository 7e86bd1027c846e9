import type { IncludedReport } from '../../src/studies/included-studies.js';
import { CsrfField } from '../components/forms.js';
import { RecordTitle } from '../components/record-title.js';

export interface StudyReportsModel {
  /** /reviews/:slug/coding/studies/:id/reports */
  action: string;
  /** /reviews/:slug/records */
  recordsBase: string;
  /** The study's included reports, the citing one first. */
  reports: IncludedReport[];
  error?: string;
  notice?: string;
}

/**
 * The reports of one study (PRISMA 2020 counts studies, not reports): a person groups another
 * included report with this one (several papers of one project, a preprint and its article) or
 * takes a report out again. Both are in the review history.
 */
export function StudyReportsPanel({ model, csrfToken }: { model: StudyReportsModel; csrfToken: string }) {
  const several = model.reports.length > 1;
  return (
    <section id="study-reports" class="study-reports" aria-labelledby="study-reports-heading">
      <h2 id="study-reports-heading">{several ? `${model.reports.length} reports of this study` : 'Reports of this study'}</h2>
      {model.notice && <p class="coding-notice" role="status">{model.notice}</p>}
      {several && (
        <ul class="report-list">
          {model.reports.map((report, i) => (
            <li key={report.id}>
              <a href={`${model.recordsBase}/${report.id}`}>#{report.id}</a>{' '}
              <RecordTitle title={report.title} />{' '}
              <span class="muted">({[report.year, report.type === 'preprint' ? 'preprint' : null, i === 0 ? 'cited as the study' : null].filter(Boolean).join(', ')})</span>
              <form method="post" action={`${model.action}/${report.id}/separate`} class="inline" data-confirm={`Take report #${report.id} out of this study? Its coding stays with it.`}>
                <CsrfField token={csrfToken} />
                <button type="submit" class="button-link">Separate<span class="visually-hidden"> report #{report.id}</span></button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <details class="group-report" open={model.error !== undefined}>
        <summary>Group another included report with this study</summary>
        <form method="post" action={model.action} class={model.error ? 'field has-error' : 'field'}>
          <CsrfField token={csrfToken} />
          <label for="f-group-report">Record number of the other report</label>
          <input id="f-group-report" name="record" inputmode="numeric" pattern="#?[0-9]*" required aria-describedby="f-group-report-hint" />
          {model.error && <p class="error" role="alert">{model.error}</p>}
          <p class="hint" id="f-group-report-hint">The number shown on the record's page (#123). Its coding and extraction are then read with this study's.</p>
          <button type="submit" class="button-secondary">Group as one study</button>
        </form>
      </details>
    </section>
  );
}
