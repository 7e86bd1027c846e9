import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { plainText, SafeMarkup } from '../../../views/components/safe-markup.js';

const html = (text: string) => renderToString(<SafeMarkup text={text} />);

describe('the one place imported text becomes markup', () => {
  it('keeps <i>, <b>, <sub> and <sup>, in any case', () => {
    expect(html('Effects of CO<sub>2</sub> on <I>Homo sapiens</I>, x<sup>2</sup> and <b>bold</b>')).toBe(
      'Effects of CO<sub>2</sub> on <i>Homo sapiens</i>, x<sup>2</sup> and <b>bold</b>',
    );
  });

  it('escapes every other tag, attribute and entity', () => {
    expect(html('<script>alert(1)</script>')).toBe('&lt;script>alert(1)&lt;/script>');
    // The tag with an attribute stays text, so its closer has nothing to close and is dropped.
    expect(html('<i onclick="x()">a</i>')).toBe('&lt;i onclick=&quot;x()&quot;>a');
    expect(html('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)>');
    expect(html('p < .05 & AT&amp;T')).toBe('p &lt; .05 &amp; AT&amp;amp;T');
    expect(html('<i><script>x</script></i>')).toBe('<i>&lt;script>x&lt;/script></i>');
  });

  it('repairs bad nesting: closes what is left open, drops stray closers', () => {
    expect(html('<i>open')).toBe('<i>open</i>');
    expect(html('stray</b> text')).toBe('stray text');
    expect(html('<i><b>both</i> after')).toBe('<i><b>both</b></i> after');
  });

  it('gives plain text for titles and attributes', () => {
    expect(plainText('CO<sub>2</sub> and <script>')).toBe('CO2 and <script>');
  });
});
