import type { ComponentChildren } from 'preact';
import { h } from 'preact';
import type { BibliographyPiece } from '../../src/exports/bibliography.js';
import { CharacteristicsLinks } from '../characteristics/characteristics-links.js';
import type { ReviewNav } from '../layout.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';

interface Choice {
  value: string;
  label: string;
}

export interface ExportsPageModel {
  review: ReviewNav;
  downloadUrl: string;
  /** The fixed sets (all, included, excluded) with a line saying what each holds. */
  sets: Array<Choice & { hint: string }>;
  /** Labels the viewer may see, offered while typing. */
  labels: string[];
  codes: Choice[];
  formats: Array<Choice & { hint: string }>;
  /** What blind screening leaves out of this viewer's exports. */
  blindNotes: string[];
  bibliography: {
    styles: Array<{ label: string; url: string; current: boolean }>;
    styleLabel: string;
    included: number;
    /** The first included studies, formatted (the download has them all). */
    preview: Array<{ id: number; pieces: BibliographyPiece[] }>;
    downloads: Array<{ label: string; url: string }>;
    /** Why there is no download (too many studies), or null. */
    tooMany: string | null;
  };
}

/** Text plus the four formatting elements citeproc emits, built as elements (no raw HTML). */
function Pieces({ pieces }: { pieces: readonly BibliographyPiece[] }) {
  const render = (list: readonly BibliographyPiece[]): ComponentChildren[] =>
    list.map((p) => (typeof p === 'string' ? p : h(p.tag, null, ...render(p.children))));
  return <>{render(pieces)}</>;
}

/**
 * Exports of the review's references: a plain GET form (set and format) whose answer is the file,
 * and the included studies as a formatted bibliography (APA 7, Harvard) with its downloads.
 */
export function ExportsPage({ ctx, model }: { ctx: PageContext; model: ExportsPageModel }) {
  const { bibliography } = model;
  return (
    <Layout ctx={ctx} title={`Export · ${model.review.title}`} review={model.review}>
      <div class="page-head">
        <h1>Export references</h1>
      </div>
      <p class="hint">
        References go out with Coreview’s decisions, labels and codes: in RIS as <code>N1</code> notes, in BibTeX in <code>annote</code>, in
        CSL-JSON in <code>note</code> and <code>custom</code>, and as columns in CSV. Each note line starts with “Coreview”.
      </p>
      {model.blindNotes.map((note) => <p class="alert alert-warn" key={note}>{note}</p>)}
      <form method="get" action={model.downloadUrl} class="export-form">
        <fieldset class="export-choices">
          <legend>Records</legend>
          {model.sets.map((set, i) => (
            <label class="export-choice" key={set.value}>
              <input type="radio" name="set" value={set.value} checked={i === 0} />
              <span><strong>{set.label}</strong> <span class="hint">{set.hint}</span></span>
            </label>
          ))}
          <label class="export-choice">
            <input type="radio" name="set" value="label" />
            <span><strong>With the label</strong></span>
          </label>
          <div class="export-sub field">
            <label for="f-export-label" class="visually-hidden">Label</label>
            <input id="f-export-label" name="label" type="text" maxLength={40} list="f-export-labels" autocomplete="off" placeholder="a label on a decision you can see" />
            <datalist id="f-export-labels">
              {model.labels.map((label) => <option key={label} value={label} />)}
            </datalist>
          </div>
          {model.codes.length > 0 && (
            <>
              <label class="export-choice">
                <input type="radio" name="set" value="code" />
                <span><strong>Coded with</strong> <span class="hint">(a group includes its sub-codes)</span></span>
              </label>
              <div class="export-sub field">
                <label for="f-export-code" class="visually-hidden">Code</label>
                <select id="f-export-code" name="code">
                  {model.codes.map((code) => <option key={code.value} value={code.value}>{code.label}</option>)}
                </select>
              </div>
            </>
          )}
        </fieldset>
        <fieldset class="export-choices">
          <legend>Format</legend>
          {model.formats.map((format, i) => (
            <label class="export-choice" key={format.value}>
              <input type="radio" name="format" value={format.value} checked={i === 0} />
              <span><strong>{format.label}</strong> <span class="hint">{format.hint}</span></span>
            </label>
          ))}
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button">Download</button>
        </div>
      </form>

      <section aria-labelledby="characteristics-heading">
        <h2 id="characteristics-heading">Tables for the write-up</h2>
        <p class="hint">One row per included study with its reports and extraction (PRISMA 2020 item 17); the reports excluded at full text with their reasons, and those not retrieved (item 16b).</p>
        <CharacteristicsLinks slug={model.review.slug} />
      </section>

      <section class="export-bibliography" aria-labelledby="bibliography-heading">
        <h2 id="bibliography-heading">Bibliography of the included studies</h2>
        <nav class="export-styles" aria-label="Citation style">
          {bibliography.styles.map((style) => (
            <a key={style.url} href={style.url} aria-current={style.current ? 'page' : undefined}>{style.label}</a>
          ))}
        </nav>
        {bibliography.included === 0 ? (
          <p class="muted">No study is included yet: records whose full-text outcome is “include” appear here.</p>
        ) : (
          <>
            <p class="hint">
              {bibliography.preview.length < bibliography.included
                ? `The first ${bibliography.preview.length} of ${bibliography.included.toLocaleString('en-GB')} included studies in ${bibliography.styleLabel}, in the style’s order; the download has them all.`
                : `${bibliography.included.toLocaleString('en-GB')} included ${bibliography.included === 1 ? 'study' : 'studies'} in ${bibliography.styleLabel}.`}
            </p>
            <ol class="export-references">
              {bibliography.preview.map((entry) => <li key={entry.id}><Pieces pieces={entry.pieces} /></li>)}
            </ol>
            {bibliography.tooMany ? (
              <p class="alert alert-warn">{bibliography.tooMany}</p>
            ) : (
              <p class="export-downloads">
                {bibliography.downloads.map((d) => <a key={d.url} href={d.url} class="button button-secondary">{d.label}</a>)}
              </p>
            )}
          </>
        )}
      </section>
    </Layout>
  );
}
