import { describe, expect, it } from 'vitest';
import { piecesHtml, piecesOf } from '../../../src/exports/bibliography.js';
import { readEntryRuns, referenceText } from '../../../src/exports/reference-runs.js';

describe('reading citeproc HTML into runs', () => {
  it('makes the journal and volume italic runs and leaves the rest plain', () => {
    const html = '  <div data-csl-entry-id="1" class="csl-entry">Maruna, S. (2001). Desistance. <i>Probation Journal</i>, <i>48</i>(2), 101–115.</div>\n';
    expect(readEntryRuns(html)).toEqual([
      { text: 'Maruna, S. (2001). Desistance. ' },
      { text: 'Probation Journal', italic: true },
      { text: ', ' },
      { text: '48', italic: true },
      { text: '(2), 101–115.' },
    ]);
  });

  it('reads italics written as spans, and an upright word inside italics as upright', () => {
    // How citeproc writes a title holding <i>Italy</i> when the whole title is italic (a preprint, a book).
    const html = '<span style="font-style:italic;">Social co-operatives in <span style="font-style:normal;">Italy</span> &#38; <b>the</b> UK</span> [Preprint]';
    expect(readEntryRuns(html)).toEqual([
      { text: 'Social co-operatives in ', italic: true },
      { text: 'Italy' },
      { text: ' & ', italic: true },
      { text: 'the', italic: true, bold: true },
      { text: ' UK', italic: true },
      { text: ' [Preprint]' },
    ]);
  });

  it('turns only formatting into formatting: other tags go, their text stays, entities are decoded once', () => {
    const html = '<a href="javascript:alert(1)">B</a> <script>alert(1)</script> &lt;i&gt;not italic&lt;/i&gt; &amp;lt; <span style="font-variant:small-caps;">c</span><br/>';
    const runs = readEntryRuns(html);
    expect(runs).toEqual([{ text: 'B alert(1) <i>not italic</i> &lt; c' }]);
  });

  it('survives broken markup: an unclosed tag lasts to the end, a stray closing tag is ignored, bad entities are dropped or kept', () => {
    expect(readEntryRuns('a</i> <i>b <b>c')).toEqual([{ text: 'a ' }, { text: 'b ', italic: true }, { text: 'c', italic: true, bold: true }]);
    expect(readEntryRuns('x&#0;&#x110000;&bogus;y')).toEqual([{ text: 'x&bogus;y' }]);
    expect(readEntryRuns('<i> </i>')).toEqual([]);
  });

  it('reads super- and subscripts, as tags or spans', () => {
    expect(readEntryRuns('CO<sub>2</sub> m<span style="vertical-align:sup;">2</span> <span style="font-weight:bold">B</span>')).toEqual([
      { text: 'CO' }, { text: '2', script: 'sub' }, { text: ' m' }, { text: '2', script: 'sup' }, { text: ' ' }, { text: 'B', bold: true },
    ]);
  });

  it('gives the plain text for text outputs and nested elements for HTML ones', () => {
    const runs = readEntryRuns('Title. <i>Journal <b>X</b></i>, <i>4</i>(1) &lt;x&gt;');
    expect(referenceText(runs)).toBe('Title. Journal X, 4(1) <x>');
    expect(piecesOf(runs)).toEqual(['Title. ', { tag: 'i', children: ['Journal ', { tag: 'b', children: ['X'] }] }, ', ', { tag: 'i', children: ['4'] }, '(1) <x>']);
    expect(piecesHtml(piecesOf(runs))).toBe('Title. <i>Journal <b>X</b></i>, <i>4</i>(1) &lt;x&gt;');
  });
});
