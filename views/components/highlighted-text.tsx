import type { TextSegment } from '../../src/records/abstract-snippet.js';

/** Text with the searched words in <mark>: built from plain segments, so nothing in it is markup. */
export function HighlightedText({ segments }: { segments: readonly TextSegment[] }) {
  return <>{segments.map((segment, index) => (segment.hit ? <mark key={index}>{segment.text}</mark> : segment.text))}</>;
}
