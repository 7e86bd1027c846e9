import { NO_TITLE } from '../../src/records/record-title.js';
import { plainText, SafeMarkup } from './safe-markup.js';

/**
 * A record's title as people read it: its <i>, <b>, <sub>, <sup> rendered (safe-markup.tsx), or
 * "[No title]" for a record imported without one, styled apart so it never reads as a real title.
 */
export function RecordTitle({ title }: { title: string }) {
  return title === '' ? <span class="no-title">{NO_TITLE}</span> : <SafeMarkup text={title} />;
}

/** The same as plain text, for <title>, attributes and labels. */
export function plainTitle(title: string): string {
  return title === '' ? NO_TITLE : plainText(title);
}
