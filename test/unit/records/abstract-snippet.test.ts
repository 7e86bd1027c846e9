import { describe, expect, it } from 'vitest';
import { snippetSegments } from '../../../src/records/abstract-snippet.js';

const render = (segments: ReturnType<typeof snippetSegments>) => segments.map((s) => (s.hit ? `[${s.text}]` : s.text)).join('');

describe('abstract snippets', () => {
  it('marks the searched words, matching them as the index does (case and accents folded)', () => {
    const text = 'Une Évaluation de la réinsertion par le travail.';
    expect(render(snippetSegments(text, new Set(['evaluation', 'reinsertion'])))).toBe('Une [Évaluation] de la [réinsertion] par le travail.');
  });

  it('picks the passage with the most hits in a long abstract and says where it was cut', () => {
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
    const text = `${filler(60)} desistance through work and desistance through hope ${filler(60)}`;
    const out = render(snippetSegments(text, new Set(['desistance', 'hope']), 20));
    expect(out.startsWith('… ')).toBe(true);
    expect(out.endsWith(' …')).toBe(true);
    expect(out).toContain('[desistance] through work and [desistance] through [hope]');
  });

  it('shows the beginning when nothing is searched, with line breaks collapsed', () => {
    expect(render(snippetSegments('First line.\n\nSecond   line.', new Set()))).toBe('First line. Second line.');
    expect(snippetSegments('', new Set(['x']))).toEqual([]);
  });

  it('keeps markup in the text as text (the view escapes it)', () => {
    const segments = snippetSegments('<script>alert(1)</script> desistance', new Set(['desistance']));
    expect(segments).toEqual([
      { text: '<script>alert(1)</script> ', hit: false },
      { text: 'desistance', hit: true },
    ]);
  });
});
