import { CsrfField } from '../components/forms.js';

/** The side panel of a coder's own pass (double coding), in place of the study memo on the coding page. */
export interface PassPanelModel {
  /** The viewer's pass: none yet, being coded, finished; or no place left for them. */
  state: 'new' | 'open' | 'finished' | 'full';
  finishAction: string;
  /** Set once both passes are finished. */
  consensusHref: string | null;
  /** Who holds the study's passes and whether they finished: never what they coded. */
  coders: Array<{ coderId: number; name: string; finished: boolean; mine: boolean; removeAction: string | null }>;
  notice?: string;
  error?: string;
}

export function PassPanel({ model, csrfToken }: { model: PassPanelModel; csrfToken: string }) {
  return (
    <section id="coding-pass" class="coding-panel" aria-labelledby="coding-pass-heading">
      <h2 id="coding-pass-heading">Your independent pass</h2>
      {model.notice && <p class="coding-notice" role="status">{model.notice}</p>}
      {model.error && <div class="alert alert-error" role="alert">{model.error}</div>}
      <p class="hint">
        This review is double coded: two members code each study without seeing each other’s codes, then reach a consensus
        that becomes the study’s agreed coding. You see only your own pass until both are finished.
      </p>
      {model.state === 'full' && <div class="alert alert-error" role="alert">Two other members already code this study: a third pass is not possible. An owner can free a place by removing a pass that is not finished.</div>}
      {model.state === 'new' && <p>Your pass begins with your first code or excerpt.</p>}
      {model.coders.length > 0 && (
        <ul class="pass-coders">
          {model.coders.map((coder) => (
            <li key={coder.coderId}>
              {coder.mine ? 'You' : coder.name}: {coder.finished ? 'finished' : 'coding'}
              {coder.removeAction && (
                <form method="post" action={coder.removeAction} class="inline" data-confirm={`Remove ${coder.name}’s unfinished pass with all it holds?`}>
                  <CsrfField token={csrfToken} />
                  {' '}<button type="submit" class="button-link">Remove pass<span class="visually-hidden"> of {coder.name}</span></button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {(model.state === 'new' || model.state === 'open') && (
        <form method="post" action={model.finishAction} data-confirm="Finish your pass? It no longer changes once finished.">
          <CsrfField token={csrfToken} />
          <button type="submit">I have finished coding this study</button>
        </form>
      )}
      {model.state === 'finished' && !model.consensusHref && <p>You have finished your pass. The consensus opens once the other coder finishes theirs.</p>}
      {model.consensusHref && <p><a href={model.consensusHref}>Both passes are finished: go to the consensus</a></p>}
    </section>
  );
}
