import type { ScreenModel } from '../../src/screening/screen-model.js';
import { blindResults } from '../../src/screening/visibility.js';

const n = (value: number) => value.toLocaleString('en-GB');

/** Always in view: the reviewer's own count, the team's and its conflicts where blind screening allows, and how the stage is screened. */
export function ScreeningProgress({ model }: { model: ScreenModel }) {
  const { progress, settings } = model;
  const { team } = progress;
  const percent = team === null || progress.items === 0 ? 0 : Math.floor((team.screened / progress.items) * 100);
  return (
    <div class="screen-progress" role="status" aria-live="polite">
      <span class="progress-mine">You: <strong>{n(progress.mine)}</strong> decided</span>
      {team === null ? (
        // A stage closed to the viewer says why once, in its place below.
        model.closed === null && <span class="progress-team muted">{blindResults(model.stage)}</span>
      ) : (
        <span class="progress-team">
          Team: <strong>{n(team.screened)}</strong> of {n(progress.items)} done
          <progress max={100} value={percent} aria-label={`${percent}% of records done`} />
        </span>
      )}
      {team !== null && team.conflicts > 0 && <span class="progress-conflicts">{n(team.conflicts)} {team.conflicts === 1 ? 'conflict' : 'conflicts'}</span>}
      <span class="progress-mode muted">
        {settings.reviewersNeeded === 1 ? 'One reviewer per record' : `${settings.reviewersNeeded} reviewers per record`}
        {settings.blind === 1 ? ', blind' : ''}
      </span>
    </div>
  );
}
