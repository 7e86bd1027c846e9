/**
 * Beside a report's inline PDF: once a click puts the keyboard in the PDF, the single-key shortcuts
 * reach the PDF viewer instead. app.js shows this (data-frame-hint) while the PDF has the focus.
 */
export function FrameHint() {
  return (
    <p class="frame-hint" role="status" hidden data-frame-hint>
      Keys go to the PDF while it has the focus: click beside it to use <kbd>I</kbd> <kbd>M</kbd> <kbd>E</kbd> and the other keys again.
    </p>
  );
}
