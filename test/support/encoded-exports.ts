/**
 * Exports whose bytes are not UTF-8, built from readable text here so the exact bytes are in code
 * rather than hidden in files an editor or git could re-encode. fixtureFile() serves them by name.
 */

/** UTF-16 code units, optionally after a byte-order mark. */
export function utf16(text: string, littleEndian: boolean, bom: boolean): Uint8Array<ArrayBuffer> {
  const units = [...(bom ? '\uFEFF' : ''), ...text].flatMap((c) => {
    const code = c.charCodeAt(0);
    return littleEndian ? [code & 0xff, code >> 8] : [code >> 8, code & 0xff];
  });
  return Uint8Array.from(units);
}

/** Windows-1252's characters outside Latin-1 (bytes 0x80-0x9F); everything else up to U+00FF is its own byte. */
const CP1252_EXTRAS: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a,
  '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
  '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};

export function windows1252(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from([...text], (c) => {
    const code = CP1252_EXTRAS[c] ?? c.charCodeAt(0);
    if (code > 0xff || (code >= 0x80 && code < 0xa0 && !(c in CP1252_EXTRAS))) throw new Error(`"${c}" has no Windows-1252 byte`);
    return code;
  });
}

const crlf = (text: string) => text.replace(/\n/g, '\r\n');

export const ENCODED_EXPORTS: Record<string, () => Uint8Array<ArrayBuffer>> = {
  // Emacs saved this BibTeX file in Latin-1 and says so in its first line; ö and é are single bytes.
  'latin1-coding-cookie.bib': () => windows1252(`% -*- coding: latin-1 -*-
% Saved in Latin-1: every letter below is one byte.
@book{soderberg1998,
  author    = {Söderberg, Märta},
  title     = {Fängelse och arbete: en studie av frigivna},
  publisher = {Bokförlaget Väst},
  year      = {1998}
}
`),
  // JabRef on Windows names the code page in its header; curly quotes, dashes, € and … exist only in 1252.
  'jabref-windows-1252.bib': () => windows1252(crlf(`% Encoding: windows-1252

@Article{Dupont2017,
  author   = {Dupont, Hélène and Åkerlund, Nils},
  title    = {“Second chances”: co-operatives and work after prison – a French–Swedish comparison},
  journal  = {Revue d’économie sociale},
  year     = {2017},
  abstract = {Members earned €9.50 an hour… on a vineyard with a 35° slope.},
}

@Comment{jabref-meta: databaseType:bibtex;}
`)),
  // A reference manager's "Unicode" export: UTF-16 little-endian with a byte-order mark.
  'utf16le-bom.bib': () => utf16(crlf(`@article{Verdi2015,
  author  = {Verdi, Giulia and Holm, Anders},
  title   = {Co-operative employment and reconviction: a two-country register study},
  journal = {European Journal of Probation},
  year    = {2015},
  doi     = {10.5555/ejp.2015.0044}
}
`), true, true),
  // The same kind of export, big-endian and without a byte-order mark: only the zero bytes tell.
  'utf16be.ris': () => utf16(`TY  - JOUR
TI  - Café work for women leaving prison in Malmö
AU  - Åström, Lena
PY  - 2019
T2  - Nordic Journal of Criminology
ER  - 
`, false, false),
};
