/**
 * A record swapped in after a decision arrives in ~50 ms, so a second click or key press meant for
 * the record before (a double click, a key pressed twice) would decide one nobody has read. The
 * decision form therefore says when its record was put on screen (`shown`, the server's clock when
 * the card was rendered), and a decision sent sooner than this after it is refused, unwritten. The
 * browser holds such clicks and keys back too (views/assets/app.js reads the same figure from the
 * card): this is the guarantee when its script is late or absent.
 */
export const MIN_ON_SCREEN_MS = 400;

/** How long the record was on screen when the decision arrived, when that is too short to have read it; otherwise null. */
export function decidedUnread(shownAt: number | null, now: number): number | null {
  if (shownAt === null) return null;
  const onScreen = now - shownAt;
  // A stamp from the future (the clock moved back) proves nothing either way.
  return onScreen >= 0 && onScreen < MIN_ON_SCREEN_MS ? onScreen : null;
}
