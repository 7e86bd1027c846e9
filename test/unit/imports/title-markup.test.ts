import { describe, expect, it } from 'vitest';
import { sanitizeTitle, stripMarkup } from '../../../src/imports/title-markup.js';
import { onlyReference, ris } from './parse-text.js';

describe('title markup', () => {
  it('keeps <i>, <b>, <sub>, <sup> (and their synonyms) without attributes', () => {
    expect(sanitizeTitle('The <i class="x">APOE</i> locus in H<inf>2</inf>O and <em>Pan</em> <jats:sup>+</jats:sup> <strong>b</strong>')).toBe(
      'The <i>APOE</i> locus in H<sub>2</sub>O and <i>Pan</i> <sup>+</sup> <b>b</b>',
    );
  });

  it('removes script and style with their content, and every other tag', () => {
    expect(sanitizeTitle('A <script>alert("x")</script>title <img src=x onerror=alert(1)><a href="javascript:x">link</a><style>p{}</style>')).toBe('A title link');
    expect(sanitizeTitle('<SCRIPT>never closed')).toBe('never closed');
  });

  it('balances what it keeps and leaves inequalities alone', () => {
    expect(sanitizeTitle('<i>open <b>nested</i> text</b>')).toBe('<i>open <b>nested</b></i> text');
    expect(sanitizeTitle('stray </i> and <sup>unclosed')).toBe('stray  and <sup>unclosed</sup>');
    expect(sanitizeTitle('p<0.05 and age >65')).toBe('p<0.05 and age >65');
  });

  it('strips markup from plain fields, keeping paragraph breaks', () => {
    expect(stripMarkup('An <b>abstract</b><p>with paragraphs</p><script>x()</script>')).toBe('An abstract\nwith paragraphs\n');
  });

  it('a <script> in an imported title or abstract never survives as markup, even entity-encoded', () => {
    const ref = onlyReference(ris('TI  - Risk <script>alert(1)</script>factors &lt;script&gt;alert(2)&lt;/script&gt;in <i>prison</i>', 'AB  - Text <script>alert(3)</script>here'));
    expect(ref.title).toBe('Risk factors in <i>prison</i>');
    expect(ref.abstract).toBe('Text here');
    expect(JSON.stringify(ref)).not.toMatch(/script/i);
  });
});

describe('sanitizeTitle against tags rebuilt by removal', () => {
  it('does not let a removed tag join its neighbours into a new one', () => {
    expect(sanitizeTitle('<scr<b></b>ipt>alert(1)</script> Title')).not.toMatch(/<script/i);
    expect(sanitizeTitle('<<i></i>img src=x onerror=alert(1)>Title')).not.toMatch(/<img/i);
    expect(sanitizeTitle('Plain <i>italic</i> title')).toBe('Plain <i>italic</i> title');
  });
});
