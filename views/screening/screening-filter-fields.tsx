import type { Choice } from './screening-list.js';

export interface ScreeningFilterFormModel {
  values: { stage: string; decision: string; reviewer: string; label: string; reason: string; outcome: string; conflict: boolean };
  stages: Choice[];
  decisions: Choice[];
  /** Whose decisions may be looked at: the viewer's own ('') always; others only where blind mode allows. */
  reviewers: Choice[];
  reasonGroups: Array<{ label: string; choices: Choice[] }>;
  /** Labels the viewer may see, offered while typing. */
  labels: string[];
  /** Null when no record's outcome could be shown to this viewer (blind, not resolving). */
  outcomes: Choice[] | null;
  conflictOffered: boolean;
}

function Select({ name, label, value, choices, first }: { name: string; label: string; value: string; choices: Choice[]; first: string }) {
  return (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name}>
        <option value="" selected={value === ''}>{first}</option>
        {choices.map((choice) => <option key={choice.value} value={choice.value} selected={choice.value === value}>{choice.label}</option>)}
      </select>
    </div>
  );
}

/** The screening filters, inside the records list's filter form (so they travel in its address). */
export function ScreeningFilterFields({ model }: { model: ScreeningFilterFormModel }) {
  const { values } = model;
  return (
    <fieldset class="screening-filters">
      <legend>Screening</legend>
      <div class="record-filter-fields">
        <div class="field">
          <label for="f-stage">Stage</label>
          <select id="f-stage" name="stage">
            {model.stages.map((choice) => <option key={choice.value} value={choice.value} selected={choice.value === values.stage}>{choice.label}</option>)}
          </select>
        </div>
        {model.reviewers.length > 1 && <Select name="reviewer" label="Whose decisions" value={values.reviewer} choices={model.reviewers.slice(1)} first={model.reviewers[0]!.label} />}
        <Select name="decision" label="Decision" value={values.decision} choices={model.decisions} first="Any" />
        <div class="field">
          <label for="f-reason">Exclusion reason</label>
          <select id="f-reason" name="reason">
            <option value="" selected={values.reason === ''}>Any</option>
            {model.reasonGroups.map((group) => (
              <optgroup key={group.label} label={group.label}>
                {group.choices.map((choice) => <option key={choice.value} value={choice.value} selected={choice.value === values.reason}>{choice.label}</option>)}
              </optgroup>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-label">Label</label>
          <input id="f-label" name="label" type="text" value={values.label} maxLength={40} list="f-label-choices" autocomplete="off" />
          <datalist id="f-label-choices">
            {model.labels.map((label) => <option key={label} value={label} />)}
          </datalist>
        </div>
        {model.outcomes && <Select name="outcome" label="Outcome" value={values.outcome} choices={model.outcomes} first="Any" />}
        {model.conflictOffered && (
          <div class="field checkbox screening-conflict-field">
            <input id="f-conflict" type="checkbox" name="conflict" value="1" checked={values.conflict} />
            <label for="f-conflict">Only records in conflict</label>
          </div>
        )}
      </div>
      <p class="hint">
        Decision, reason and label look at your own decisions unless you choose whose; choosing someone else lists the records they decided.
      </p>
    </fieldset>
  );
}
