import type { ScreenModel } from '../../src/screening/screen-model.js';

const n = (value: number) => value.toLocaleString('en-GB');

/** Always in view: the reviewer's own count, the team's, conflicts, and how the stage is screened. */
export function ScreeningProgress({ model }: { model: ScreenModel }) {
  const { progress, settings } = model;
  const percent = progress.items === 0 ? 0 : Math.floor((progress.screened / progress.items) * 100);
  return (
    <div class="screen-progress" role="status" aria-live="polite">
      <span class="progress-mine">You: <strong>{n(progress.mine)}</strong> decided</span>
      <span class="progress-team">
        Team: <strong>{n(progress.screened)}</strong> of {n(progress.items)} done
        <progress max={100} value={percent} aria-label={`${percent}% of records done`} />
      </span>
      {progress.conflicts > 0 && <span class="progress-conflicts">{n(progress.conflicts)} {progress.conflicts === 1 ? 'conflict' : 'conflicts'}</span>}
      <span class="progress-mode muted">
        {settings.reviewersNeeded === 1 ? 'One reviewer per record' : `${settings.reviewersNeeded} reviewers per record`}
        {settings.blind === 1 ? ', blind' : ''}
      </span>
    </div>
  );
}
