import { describe, expect, it } from 'vitest';
import { latexToUnicode } from '../../../src/imports/latex.js';

describe('latexToUnicode', () => {
  it.each([
    [String.raw`{\aa}ngstr{\"o}m`, 'ångström'],
    [String.raw`{\AA}sa {\o}re {\ae}`, 'Åsa øre æ'],
    [String.raw`{\'\i}ntegration \"{\i}`, 'íntegration ï'],
    [String.raw`Ragnhei{\d}ur Bogad\'{o}ttir`, 'Ragnheiður Bogadóttir'],
    [String.raw`D\'ecoret {\`a} \^{o} \~n \c{c} \v{s} \H{o} \u{a} \k{a} \={e} \.{z} \r{u}`, 'Décoret à ô ñ ç š ő ă ą ē ż ů'],
    [String.raw`Stra\ss e {\L}{\'o}d{\'z}`, 'Straße Łódź'],
    [String.raw`a\&b\%c\$d\#e\_f\textasciitilde{}`, 'a&b%c$d#e_f~'],
    ['pp. 1--10, 1---2, ``quoted\'\', n.s.~2', 'pp. 1–10, 1—2, “quoted”, n.s. 2'],
    [String.raw`\textit{Homo sapiens} and {\em Pan} and \textbf{bold}`, '<i>Homo sapiens</i> and <i>Pan</i> and <b>bold</b>'],
    [String.raw`H$_2$O, CO$_{2}$, x$^{2+}$, \textsuperscript{th}, $\alpha$-helix, $\Phi$`, 'H<sub>2</sub>O, CO<sub>2</sub>, x<sup>2+</sup>, <sup>th</sup>, α-helix, Φ'],
    [String.raw`{{The}} {PTSD} trajectories`, 'The PTSD trajectories'],
    [String.raw`\url{https://example.org/a_b~c} \href{https://e.org}{Example}`, 'https://example.org/a_b~c Example'],
    [String.raw`\ElsevierGlyph{2014} \unknown x`, '2014 x'],
    ['plain text, no LaTeX', 'plain text, no LaTeX'],
  ])('%s', (input, expected) => {
    expect(latexToUnicode(input)).toBe(expected);
  });

  it('never throws on malformed input and closes formatting left open', () => {
    expect(latexToUnicode(String.raw`\textit{open {never closed`)).toBe('<i>open never closed</i>');
    expect(latexToUnicode('}}} unbalanced {')).toBe(' unbalanced ');
    expect(latexToUnicode('\\')).toBe('');
  });

  it('10,000 nested braces cost nothing (no recursion)', () => {
    expect(latexToUnicode(`${'{'.repeat(10_000)}deep${'}'.repeat(10_000)}`)).toBe('deep');
  });
});
