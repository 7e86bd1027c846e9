import type { StageEstimate } from '../../src/ranker/stopping-estimate.js';

const WIDTH = 260;
const HEIGHT = 130;
const PAD = { left: 34, right: 8, top: 8, bottom: 26 };

/**
 * Relevant records found against records screened, as an inline SVG (no script): the curve rises
 * steeply while ranking finds relevant records and flattens as they run out. A dashed line marks
 * the 95% upper bound on the total relevant (found + at most remaining), when there is one.
 */
export function FoundCurve({ estimate: e }: { estimate: StageEstimate }) {
  const bound = e.pValue === null ? null : e.relevantFound + e.maxRemaining;
  const yMax = Math.max(1, bound ?? e.relevantFound);
  const xMax = Math.max(1, e.total);
  const x = (screened: number) => PAD.left + (screened / xMax) * (WIDTH - PAD.left - PAD.right);
  const y = (found: number) => HEIGHT - PAD.bottom - (found / yMax) * (HEIGHT - PAD.top - PAD.bottom);
  const points = e.curve.map(([screened, found]) => `${x(screened).toFixed(1)},${y(found).toFixed(1)}`).join(' ');
  return (
    <svg class="found-curve" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} role="img" aria-label={`Relevant found against records screened: ${e.relevantFound} relevant in ${e.screened} of ${e.total} records`}>
      <line class="axis" x1={PAD.left} y1={HEIGHT - PAD.bottom} x2={WIDTH - PAD.right} y2={HEIGHT - PAD.bottom} />
      <line class="axis" x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={HEIGHT - PAD.bottom} />
      {bound !== null && <line class="bound" x1={PAD.left} y1={y(bound)} x2={WIDTH - PAD.right} y2={y(bound)} />}
      <polyline class="found" points={points} />
      <text x={PAD.left - 4} y={y(yMax) + 4} text-anchor="end">{yMax}</text>
      <text x={PAD.left - 4} y={HEIGHT - PAD.bottom} text-anchor="end">0</text>
      <text x={WIDTH - PAD.right} y={HEIGHT - 8} text-anchor="end">{e.total} records</text>
      <text x={PAD.left} y={HEIGHT - 8}>screened →</text>
    </svg>
  );
}
