/**
 * LaTeX in BibTeX values -> Unicode text. Accents ({\"o}, \'{e}, {\aa}, {\'\i}), symbols, escapes,
 * dashes and quotes become characters; \textit/\emph/{\it ..}, \textbf, sub- and superscripts (also
 * $H_2O$) become <i>, <b>, <sub>, <sup> for the title sanitiser to keep; case-protecting braces and
 * unknown commands disappear, their arguments stay. One pass with an explicit stack (no recursion),
 * so 10,000 nested braces cost nothing, and it never throws: malformed LaTeX degrades to text.
 */

/** Combining marks for the accent commands. */
const ACCENTS: Record<string, string> = {
  '`': '\u0300', "'": '\u0301', '^': '\u0302', '~': '\u0303', '=': '\u0304', u: '\u0306', '.': '\u0307',
  '"': '\u0308', r: '\u030A', H: '\u030B', v: '\u030C', d: '\u0323', c: '\u0327', k: '\u0328', b: '\u0331', t: '\u0361',
};

const SYMBOLS: Record<string, string> = {
  aa: 'å', AA: 'Å', ae: 'æ', AE: 'Æ', o: 'ø', O: 'Ø', oe: 'œ', OE: 'Œ', ss: 'ß', SS: 'SS', l: 'ł', L: 'Ł',
  i: 'ı', j: 'ȷ', dh: 'ð', DH: 'Ð', dj: 'đ', DJ: 'Đ', th: 'þ', TH: 'Þ', ng: 'ŋ', NG: 'Ŋ',
  ldots: '…', dots: '…', textendash: '–', textemdash: '—', textquoteright: '’', textquoteleft: '‘',
  textquotedblleft: '“', textquotedblright: '”', guillemotleft: '«', guillemotright: '»', S: '§', P: '¶',
  copyright: '©', textcopyright: '©', textregistered: '®', texttrademark: '™', pounds: '£', euro: '€',
  textdegree: '°', degree: '°', textbackslash: '\\', textasciitilde: '~', textasciicircum: '^', textunderscore: '_', textbar: '|',
  textless: '<', textgreater: '>', textbullet: '•', dag: '†', ddag: '‡', textperiodcentered: '·',
  quad: ' ', qquad: ' ', space: ' ', enspace: ' ', LaTeX: 'LaTeX', TeX: 'TeX', BibTeX: 'BibTeX',
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ',
  sigma: 'σ', tau: 'τ', upsilon: 'υ', phi: 'φ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ', Phi: 'Φ',
  Psi: 'Ψ', Omega: 'Ω', pm: '±', mp: '∓', times: '×', div: '÷', cdot: '·', leq: '≤', le: '≤', geq: '≥',
  ge: '≥', neq: '≠', ne: '≠', approx: '≈', sim: '∼', infty: '∞', circ: '∘', rightarrow: '→', to: '→',
  leftarrow: '←', leftrightarrow: '↔', Rightarrow: '⇒', partial: '∂', sum: '∑', prod: '∏', sqrt: '√',
  textmu: 'µ', textpm: '±', texttimes: '×', prime: '′',
};

/** Single-character commands: escapes and spacing. */
const ESCAPED: Record<string, string> = {
  '&': '&', '%': '%', $: '$', '#': '#', _: '_', '{': '{', '}': '}', ' ': ' ', ',': ' ', ';': ' ', ':': ' ',
  '!': '', '/': '', '-': '', '@': '', '\\': ' ', '\n': ' ',
};

/** Commands whose one argument is formatted. */
const FORMAT: Record<string, string> = {
  textit: 'i', emph: 'i', textsl: 'i', mathit: 'i', textbf: 'b', mathbf: 'b', textsubscript: 'sub', textsuperscript: 'sup',
};

/** Declarations that format the rest of the current group: {\it text}. */
const DECLARATION: Record<string, string> = { it: 'i', itshape: 'i', em: 'i', sl: 'i', slshape: 'i', bf: 'b', bfseries: 'b' };

interface Group {
  closers: string;
}

export function latexToUnicode(input: string): string {
  if (!/[\\{}$~`']|--/.test(input)) return input;
  let out = '';
  const groups: Group[] = [];
  let accent: string | null = null;
  let pendingFormat: string | null = null;
  let math = false;
  let i = 0;

  const emit = (text: string) => {
    if (text === '') return;
    if (accent !== null) {
      const first = String.fromCodePoint(text.codePointAt(0) ?? 32);
      // A dotless ı or ȷ takes an accent as i or j: {\'\i} is í.
      const base = first === 'ı' ? 'i' : first === 'ȷ' ? 'j' : first;
      text = (base + accent).normalize('NFC') + text.slice(first.length);
      accent = null;
    }
    out += text;
  };
  const dropAccent = () => {
    // JabRef and BibDesk write Icelandic ð as {\d}: the dot-under accent with nothing under it.
    if (accent === ACCENTS['d']) out += 'ð';
    accent = null;
  };

  while (i < input.length) {
    const c = input.charAt(i);
    if (c === '\\') {
      const word = /^[A-Za-z]+/.exec(input.slice(i + 1, i + 40));
      if (!word) {
        const next = input.charAt(i + 1);
        i += 2;
        if (next in ACCENTS && !(next === '~' && input.charAt(i) === '{' && input.charAt(i + 1) === '}')) accent = ACCENTS[next] ?? null;
        else emit(ESCAPED[next] ?? next);
        continue;
      }
      const name = word[0];
      i += 1 + name.length;
      // TeX swallows the spaces after a control word.
      while (input.charAt(i) === ' ') i++;
      if (name.length === 1 && name in ACCENTS) {
        accent = ACCENTS[name] ?? null;
      } else if (name in SYMBOLS) {
        emit(SYMBOLS[name] ?? '');
      } else if (name in FORMAT) {
        pendingFormat = FORMAT[name] ?? null;
      } else if (name in DECLARATION) {
        const tag = DECLARATION[name] ?? 'i';
        out += `<${tag}>`;
        const group = groups.at(-1);
        if (group) group.closers = `</${tag}>` + group.closers;
        else groups.unshift({ closers: `</${tag}>` });
      } else if (name === 'url' || name === 'href') {
        const arg = bracedArgument(input, i);
        i = arg.end;
        if (name === 'url') emit(arg.text);
      } else if (name === 'par') {
        out += '\n\n';
      }
      // Any other command vanishes; a braced argument after it is read as an ordinary group.
      continue;
    }
    i++;
    if (c === '{') {
      const tag = pendingFormat;
      pendingFormat = null;
      if (tag) out += `<${tag}>`;
      groups.push({ closers: tag ? `</${tag}>` : '' });
    } else if (c === '}') {
      if (accent !== null) dropAccent();
      const group = groups.pop();
      if (group) out += group.closers;
    } else if (c === '$') {
      math = !math;
    } else if (math && (c === '^' || c === '_')) {
      const tag = c === '^' ? 'sup' : 'sub';
      if (input.charAt(i) === '{') pendingFormat = tag;
      else if (i < input.length) {
        out += `<${tag}>${input.charAt(i)}</${tag}>`;
        i++;
      }
    } else if (c === '~' && !math) {
      emit(' ');
    } else if (c === '-' && input.startsWith('-', i) && !math) {
      const em = input.startsWith('--', i);
      i += em ? 2 : 1;
      emit(em ? '—' : '–');
    } else if ((c === '`' || c === "'") && input.charAt(i) === c) {
      i++;
      emit(c === '`' ? '“' : '”');
    } else {
      pendingFormat = null;
      if (accent !== null && /\s/.test(c)) continue;
      emit(c);
    }
  }
  if (accent !== null) dropAccent();
  // Groups left open (unbalanced input) still close their formatting.
  for (let g = groups.length - 1; g >= 0; g--) out += groups[g]?.closers ?? '';
  return out;
}

/** The raw text of the braced argument at `from` (after optional spaces), and where it ends. */
function bracedArgument(input: string, from: number): { text: string; end: number } {
  let i = from;
  while (input.charAt(i) === ' ') i++;
  if (input.charAt(i) !== '{') return { text: '', end: from };
  let depth = 0;
  for (let j = i; j < input.length; j++) {
    const c = input.charAt(j);
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return { text: input.slice(i + 1, j), end: j + 1 };
  }
  return { text: input.slice(i + 1), end: input.length };
}
