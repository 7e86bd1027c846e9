import type { MarkedSegment } from '../../src/screening/term-marks.js';

/** Text with the review's include and exclude terms in two colours; plain segments, so nothing here is markup. */
export function MarkedText({ segments }: { segments: readonly MarkedSegment[] }) {
  return <>{segments.map((s, i) => (s.mark ? <mark key={i} class={`term-${s.mark}`}>{s.text}</mark> : s.text))}</>;
}

/** Splits marked text into paragraphs on blank lines, keeping the marks. */
export function MarkedParagraphs({ segments }: { segments: readonly MarkedSegment[] }) {
  const paragraphs: MarkedSegment[][] = [[]];
  for (const segment of segments) {
    const parts = segment.text.split(/\n\s*\n/);
    parts.forEach((part, i) => {
      if (i > 0) paragraphs.push([]);
      if (part !== '') paragraphs.at(-1)!.push({ text: part, mark: segment.mark });
    });
  }
  return <>{paragraphs.filter((p) => p.length > 0).map((p, i) => <p key={i}><MarkedText segments={p} /></p>)}</>;
}
