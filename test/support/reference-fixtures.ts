/**
 * References as databases and reference managers export them, written by hand for the reference
 * formatting tests: a Web of Science-style journal article in capitals, a book chapter with its
 * editors (RIS A2), a journal article published online first (no volume, no pages), and a preprint
 * as Zotero's CSL-JSON gives it (type "article", the server as publisher).
 */

export const REFERENCES_RIS = `TY  - JOUR
AU  - Maruna, Shadd
AU  - Farrall, Stephen
PY  - 2001
TI  - DESISTANCE AND SOCIAL CO-OPERATIVES IN THE UK: A REVIEW OF THE EVIDENCE
T2  - PROBATION JOURNAL
VL  - 48
IS  - 2
SP  - 101
EP  - 115
DO  - 10.1177/0264550501048002
ER  - 

TY  - CHAP
AU  - Farrall, Stephen
A2  - Ugwudike, Pamela
A2  - Raynor, Peter
PY  - 2013
TI  - Work and Desistance From Crime: Social Co-operatives as Employers
T2  - What Works in Offender Compliance: International Perspectives and Evidence-Based Practice
SP  - 100
EP  - 120
CY  - Basingstoke
PB  - Palgrave Macmillan
ER  - 

TY  - JOUR
AU  - Weaver, Beth
PY  - 2024
TI  - Relational desistance and social co-operatives in Scotland
T2  - Probation Journal
DO  - 10.1177/02645505241234567
ER  - 
`;

export const PREPRINT_CSL_JSON = JSON.stringify([
  {
    type: 'article',
    title: 'Social co-operatives and desistance: A realist synthesis',
    author: [{ family: 'Zed', given: 'Ann' }],
    issued: { 'date-parts': [[2022]] },
    publisher: 'SocArXiv',
    DOI: '10.31235/osf.io/abc12',
    language: 'en',
  },
]);

/**
 * The same works in APA 7, written by hand after the Publication Manual's examples of a journal
 * article, a chapter in an edited book and a work in a preprint archive (with the "[Preprint]"
 * description APA's CSL style adds), by first author. `italic`: the text Word and Markdown must show
 * in italics.
 */
export const APA = {
  Maruna: {
    text: 'Maruna, S., & Farrall, S. (2001). Desistance and social co-operatives in the UK: A review of the evidence. Probation Journal, 48(2), 101–115. https://doi.org/10.1177/0264550501048002',
    italic: ['Probation Journal', '48'],
  },
  Farrall: {
    text: 'Farrall, S. (2013). Work and desistance from crime: Social co-operatives as employers. In P. Ugwudike & P. Raynor (Eds.), What works in offender compliance: International perspectives and evidence-based practice (pp. 100–120). Palgrave Macmillan.',
    italic: ['What works in offender compliance: International perspectives and evidence-based practice'],
  },
  Weaver: {
    text: 'Weaver, B. (2024). Relational desistance and social co-operatives in Scotland. Probation Journal. https://doi.org/10.1177/02645505241234567',
    italic: ['Probation Journal'],
  },
  Zed: {
    text: 'Zed, A. (2022). Social co-operatives and desistance: A realist synthesis [Preprint]. SocArXiv. https://doi.org/10.31235/osf.io/abc12',
    italic: ['Social co-operatives and desistance: A realist synthesis'],
  },
} as const;

/** Cite Them Right Harvard (British quotes, "Available at:"), no capital after a colon in titles. */
export const HARVARD = {
  Maruna: 'Maruna, S. and Farrall, S. (2001) ‘Desistance and social co-operatives in the UK: a review of the evidence’, Probation Journal, 48(2), pp. 101–115. Available at: https://doi.org/10.1177/0264550501048002.',
  Weaver: 'Weaver, B. (2024) ‘Relational desistance and social co-operatives in Scotland’, Probation Journal. Available at: https://doi.org/10.1177/02645505241234567.',
  Zed: 'Zed, A. (2022) ‘Social co-operatives and desistance: A realist synthesis’, SocArXiv [Preprint]. Available at: https://doi.org/10.31235/osf.io/abc12.',
} as const;
