import type { DoubleCodingOverview } from '../../src/double-coding/double-coding-overview.js';
import { count } from '../coding/code-parts.js';
import { CsrfField } from '../components/forms.js';

/** Fixed decimals with a real minus sign, never "−0.000"; a dash when there is nothing to show. */
function decimal(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined) return '—';
  const text = value.toFixed(digits);
  return /^-[0.]+$/.test(text) ? text.slice(1) : text.replace(/^-/, '−');
}

/** The owner's choice between shared coding and independent double coding. */
function ModeForm({ action, mode, csrfToken }: { action: string; mode: DoubleCodingOverview['mode']; csrfToken: string }) {
  return (
    <form method="post" action={action} class="coding-mode">
      <CsrfField token={csrfToken} />
      <fieldset>
        <legend>Coding mode</legend>
        <label><input type="radio" name="mode" value="shared" checked={mode === 'shared'} /> Shared: every member codes the study’s one coding</label>
        <label><input type="radio" name="mode" value="double" checked={mode === 'double'} /> Independent double coding: two members code each study blind to each other, then reach a consensus</label>
      </fieldset>
      <button type="submit" class="button-secondary">Save coding mode</button>
    </form>
  );
}

/** Coder agreement per code group, over the studies both coders finished. */
function CoderAgreement({ model, csvHref }: { model: DoubleCodingOverview; csvHref: string }) {
  return (
    <section aria-labelledby="coder-agreement-heading" class="coder-agreement">
      <h3 id="coder-agreement-heading">Coder agreement</h3>
      <p class="hint">
        A unit is a study × a code of the group: whether each coder applied that code to the study, on the study itself or on
        any excerpt. Over {count(model.studies, 'study', 'studies')} whose two passes are finished.
      </p>
      {model.studies === 0 ? <p class="empty">No study has two finished passes yet.</p> : (
        <>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Code group</th>
                <th scope="col" class="num">n (units)</th>
                <th scope="col" class="num">Agreement</th>
                <th scope="col" class="num">Cohen’s κ (95% CI)</th>
                <th scope="col" class="num">PABAK</th>
                <th scope="col" class="num">Krippendorff’s α</th>
              </tr>
            </thead>
            <tbody>
              {model.agreement.map((row) => (
                <tr key={row.id} data-group={row.id}>
                  <th scope="row">{row.name}</th>
                  <td class="num">{row.units.toLocaleString('en-GB')}</td>
                  <td class="num">{row.percentAgreement === null ? '—' : `${decimal(row.percentAgreement * 100, 1)}%`}</td>
                  <td class="num">{decimal(row.kappa.kappa)}{row.kappa.ci95 && <span class="muted"> ({decimal(row.kappa.ci95.low)} to {decimal(row.kappa.ci95.high)})</span>}</td>
                  <td class="num">{decimal(row.pabak)}</td>
                  <td class="num">{decimal(row.alpha.alpha)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="hint">Codes are rarely applied, so kappa and alpha can be low while agreement is high: PABAK fixes chance at one half. — when a statistic is undefined (both coders treated every unit alike in one way). <a href={csvHref} download>Download as CSV</a></p>
        </>
      )}
    </section>
  );
}

export function DoubleCodingSection({ model, base, isOwner, csrfToken }: { model: DoubleCodingOverview; base: string; isOwner: boolean; csrfToken: string }) {
  if (model.mode === 'shared' && !isOwner) return null;
  return (
    <section id="double-coding" aria-labelledby="double-coding-heading" class="card">
      <h2 id="double-coding-heading">Double coding</h2>
      {model.mode === 'double'
        ? <p>Each study is coded by two members independently, each blind to the other’s codes until both have finished; then one of them or an owner builds the agreed coding at the consensus. The synthesis reads only the agreed coding.</p>
        : <p>Everyone codes each study’s one coding together.</p>}
      {isOwner && <ModeForm action={`${base}/mode`} mode={model.mode} csrfToken={csrfToken} />}
      {model.mode === 'double' && <CoderAgreement model={model} csvHref={`${base}/agreement.csv`} />}
    </section>
  );
}
